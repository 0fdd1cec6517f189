/**
 * The cryptography of WeChat Pay API v3 (spec §2, §3, §6, §10) as pure functions. The simulator
 * verifies and signs with them; the tests use the same functions from the merchant's side, so
 * both directions are held to one definition of each message.
 */
import { createCipheriv, createDecipheriv, sign, verify, type KeyLike } from 'node:crypto';

import { nonceString } from './format';

/** `Authorization` scheme and `Wechatpay-Signature-Type` value. */
export const SIGN_SCHEME = 'WECHATPAY2-SHA256-RSA2048';
/** Signature probe traffic (§3): signatures with this prefix are deliberately invalid. */
export const PROBE_PREFIX = 'WECHATPAY/SIGNTEST/';
export const AES_ALGORITHM = 'AEAD_AES_256_GCM';
const GCM_TAG_BYTES = 16;

function bytes(value: string | Uint8Array): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
}

/** §2: `METHOD\nCANONICAL_URL\nTIMESTAMP\nNONCE\nBODY\n`, BODY the exact bytes sent ("" for GET). */
export function requestSignMessage(method: string, canonicalUrl: string, timestamp: string, nonce: string, body: string | Uint8Array = ''): Buffer {
  return Buffer.concat([bytes(`${method}\n${canonicalUrl}\n${timestamp}\n${nonce}\n`), bytes(body), bytes('\n')]);
}

/** §3: `TIMESTAMP\nNONCE\nBODY\n` over the raw body bytes ("" for 204). */
export function responseSignMessage(timestamp: string, nonce: string, body: string | Uint8Array = ''): Buffer {
  return Buffer.concat([bytes(`${timestamp}\n${nonce}\n`), bytes(body), bytes('\n')]);
}

/** §6: `appId\ntimeStamp\nnonceStr\npackage\n` (signType is not signed). */
export function paySignMessage(appId: string, timeStamp: string, nonceStr: string, pkg: string): string {
  return `${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`;
}

/** base64 RSA-SHA256 PKCS#1 v1.5. */
export function rsaSign(privateKey: KeyLike, message: string | Uint8Array): string {
  return sign('sha256', bytes(message), privateKey).toString('base64');
}

/** False (never throws) for a malformed signature or key. */
export function rsaVerify(publicKey: KeyLike, message: string | Uint8Array, signatureBase64: string): boolean {
  try {
    return verify('sha256', bytes(message), publicKey, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

export interface AuthorizationParts {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

const AUTH_KEYS: readonly (keyof AuthorizationParts)[] = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'];

export type ParsedAuthorization = { ok: true; parts: AuthorizationParts } | { ok: false; reason: string };

/** Parses `WECHATPAY2-SHA256-RSA2048 k="v",…`; the five pairs may come in any order. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (header === undefined || header === '') return { ok: false, reason: 'missing Authorization header' };
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space) !== SIGN_SCHEME) return { ok: false, reason: `Authorization scheme must be ${SIGN_SCHEME}` };
  const found: Partial<Record<string, string>> = {};
  for (const pair of header.slice(space + 1).split(',')) {
    const match = /^\s*([a-z_]+)="([^"]*)"\s*$/.exec(pair);
    if (!match?.[1] || match[2] === undefined) return { ok: false, reason: `malformed Authorization pair ${JSON.stringify(pair.trim())}` };
    if (match[1] in found) return { ok: false, reason: `Authorization pair ${match[1]} given twice` };
    found[match[1]] = match[2];
  }
  const missing = AUTH_KEYS.filter((key) => !found[key]);
  if (missing.length > 0) return { ok: false, reason: `Authorization lacks ${missing.join(', ')}` };
  return {
    ok: true,
    parts: { mchid: found.mchid ?? '', nonce_str: found.nonce_str ?? '', signature: found.signature ?? '', timestamp: found.timestamp ?? '', serial_no: found.serial_no ?? '' },
  };
}

export interface AuthorizationInput {
  mchid: string;
  serialNo: string;
  privateKey: KeyLike;
  method: string;
  /** Path + "?" + query exactly as sent. */
  canonicalUrl: string;
  body?: string | Uint8Array;
  /** Unix seconds; default now. */
  timestamp?: number;
  nonce?: string;
}

/** The `Authorization` header value of one request (the merchant's side of §2). */
export function authorizationHeader(input: AuthorizationInput): string {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = input.nonce ?? nonceString(32);
  const signature = rsaSign(input.privateKey, requestSignMessage(input.method, input.canonicalUrl, timestamp, nonce, input.body ?? ''));
  return `${SIGN_SCHEME} mchid="${input.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${input.serialNo}"`;
}

/** §10: base64(ciphertext ‖ 16-byte GCM tag) under the APIv3 key. */
export function encryptAesGcm(apiV3Key: string, nonce: string, associatedData: string, plaintext: string): string {
  const cipher = createCipheriv('aes-256-gcm', bytes(apiV3Key), bytes(nonce));
  cipher.setAAD(bytes(associatedData));
  return Buffer.concat([cipher.update(bytes(plaintext)), cipher.final(), cipher.getAuthTag()]).toString('base64');
}

/** Inverse of `encryptAesGcm`; throws when the tag does not verify. */
export function decryptAesGcm(apiV3Key: string, nonce: string, associatedData: string, ciphertextBase64: string): string {
  const data = Buffer.from(ciphertextBase64, 'base64');
  if (data.length < GCM_TAG_BYTES) throw new Error('ciphertext shorter than the GCM tag');
  const decipher = createDecipheriv('aes-256-gcm', bytes(apiV3Key), bytes(nonce));
  decipher.setAAD(bytes(associatedData));
  decipher.setAuthTag(data.subarray(data.length - GCM_TAG_BYTES));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - GCM_TAG_BYTES)), decipher.final()]).toString('utf8');
}

export interface VerifyInput {
  /** Header lookup, case-insensitive on the caller's side (e.g. `Headers.get`). */
  header: (name: string) => string | null | undefined;
  body: string | Uint8Array;
  /** Public key for a `Wechatpay-Serial`, undefined when unknown. */
  keyFor: (serial: string) => KeyLike | undefined;
  nowSec: number;
  /** Default 300. */
  maxSkewSec?: number;
}

export type VerifyResult = { ok: true; serial: string } | { ok: false; reason: string };

/** What a receiver of a response or notification must check (§3), in that order. */
export function verifyWechatpaySignature(input: VerifyInput): VerifyResult {
  const timestamp = input.header('wechatpay-timestamp');
  const nonce = input.header('wechatpay-nonce');
  const signature = input.header('wechatpay-signature');
  const serial = input.header('wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial) return { ok: false, reason: 'missing Wechatpay-* headers' };
  if (signature.startsWith(PROBE_PREFIX)) return { ok: false, reason: 'signature probe' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(input.nowSec - Number(timestamp)) > (input.maxSkewSec ?? 300)) return { ok: false, reason: 'stale timestamp' };
  const key = input.keyFor(serial);
  if (!key) return { ok: false, reason: `unknown serial ${serial}` };
  if (!rsaVerify(key, responseSignMessage(timestamp, nonce, input.body), signature)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true, serial };
}
