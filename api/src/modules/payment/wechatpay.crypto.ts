import { createDecipheriv, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto';

/*
 * WeChat Pay API v3 cryptography done by us (wechatpay-v3.md §3, §6, §10): the package we use for
 * request signing neither verifies responses nor checks the AES-GCM tag, so a forged or tampered
 * message must fail here, before anything reads it.
 */

export const SIGNATURE_TOLERANCE_SEC = 300;
const PUBLIC_KEY_ID = /^PUB_KEY_ID_/;

/** The signed headers of a response or notification (names lower-cased, as Node gives them). */
export interface SignedHeaders {
  timestamp?: string;
  nonce?: string;
  signature?: string;
  serial?: string;
}

export type VerifyProblem = 'missing_headers' | 'probe' | 'stale_timestamp' | 'unknown_serial' | 'bad_signature';

/** Where verifying keys come from: the 微信支付公钥 by id, platform certificates by serial. */
export interface PlatformKeys {
  publicKeyId?: string;
  publicKey?: KeyObject;
  certificates: Map<string, KeyObject>;
}

export function signedHeaders(headers: Record<string, string | string[] | undefined>): SignedHeaders {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return { timestamp: one('wechatpay-timestamp'), nonce: one('wechatpay-nonce'), signature: one('wechatpay-signature'), serial: one('wechatpay-serial') };
}

/** Picks the key named by `Wechatpay-Serial`: a `PUB_KEY_ID_…` means the public key, anything else a certificate. */
export function keyFor(keys: PlatformKeys, serial: string): KeyObject | undefined {
  if (PUBLIC_KEY_ID.test(serial)) return serial === keys.publicKeyId ? keys.publicKey : undefined;
  return keys.certificates.get(serial.toUpperCase());
}

/**
 * Verifies `ts\nnonce\nbody\n` over the exact bytes received, within ±300 s of `nowSec`.
 * Signature-probe traffic (`WECHATPAY/SIGNTEST/…`) is a failure by design.
 */
export function verifySignature(h: SignedHeaders, rawBody: string, keys: PlatformKeys, nowSec: number): { ok: true } | { ok: false; problem: VerifyProblem } {
  if (!h.timestamp || !h.nonce || !h.signature || !h.serial) return { ok: false, problem: 'missing_headers' };
  if (h.signature.startsWith('WECHATPAY/SIGNTEST/')) return { ok: false, problem: 'probe' };
  const ts = Number(h.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSec - ts) > SIGNATURE_TOLERANCE_SEC) return { ok: false, problem: 'stale_timestamp' };
  const key = keyFor(keys, h.serial);
  if (!key) return { ok: false, problem: 'unknown_serial' };
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${h.timestamp}\n${h.nonce}\n${rawBody}\n`);
  let valid = false;
  try {
    valid = verifier.verify(key, h.signature, 'base64');
  } catch {
    valid = false;
  }
  return valid ? { ok: true } : { ok: false, problem: 'bad_signature' };
}

export interface EncryptedResource {
  algorithm?: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
}

/** AES-256-GCM with the APIv3 key; the last 16 bytes are the tag, and a wrong tag throws. */
export function decryptResource(apiV3Key: string, resource: EncryptedResource): string {
  if (resource.algorithm && resource.algorithm !== 'AEAD_AES_256_GCM') throw new Error(`unsupported algorithm ${resource.algorithm}`);
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length < 17) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(resource.nonce, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

/** `paySign` for wx.requestPayment: RSA-SHA256 over `appId\ntimeStamp\nnonceStr\npackage\n` (§6). */
export function paySign(merchantKey: KeyObject | string, p: { appId: string; timeStamp: string; nonceStr: string; package: string }): string {
  return createSign('RSA-SHA256').update(`${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`).sign(merchantKey, 'base64');
}

/** A PEM public key or certificate as a verifying key. */
export function publicKeyOf(pem: string): KeyObject {
  return createPublicKey(pem);
}
