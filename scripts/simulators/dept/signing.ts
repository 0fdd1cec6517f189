/**
 * The two authentication layers of the departmental exchange (spec dept-exchange.md §2), as pure
 * functions. The simulator verifies with them and signs its callbacks with them; the API's adapter
 * signs its requests and verifies callbacks with the same algorithm, so both sides are held to the
 * §2 test vectors (signing.test.ts).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Layer B signature methods; HMAC-SM3 also switches the content digest to SM3. */
export type SignMethod = 'HMAC-SHA256' | 'HMAC-SM3';

export const SIGN_METHODS: readonly SignMethod[] = ['HMAC-SHA256', 'HMAC-SM3'];

/** `|now − X-Timestamp|` (and `x-tif-timestamp`) may not exceed this. */
export const MAX_CLOCK_SKEW_MS = 300_000;
/** A Layer B nonce may not be reused by the same app key within this window. */
export const NONCE_WINDOW_MS = 15 * 60_000;

const NONCE_SHAPE = /^[A-Za-z0-9]{16,64}$/;
const NONCE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function hashName(method: SignMethod): 'sha256' | 'sm3' {
  return method === 'HMAC-SM3' ? 'sm3' : 'sha256';
}

/** Layer A: lowercase hex SHA-256 of `timestamp + paasToken + nonce + timestamp` (timestamp in unix seconds). */
export function xTifSignature(timestampSec: string, paasToken: string, nonce: string): string {
  return createHash('sha256').update(timestampSec + paasToken + nonce + timestampSec, 'utf8').digest('hex');
}

/** `X-Content-Digest`: lowercase hex SHA-256 (SM3 under HMAC-SM3) of the raw body bytes; no body → digest of "". */
export function contentDigest(body: string | Uint8Array, method: SignMethod = 'HMAC-SHA256'): string {
  return createHash(hashName(method))
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('hex');
}

/** RFC 3986 percent-encoding (encodeURIComponent leaves `!'()*` alone; RFC 3986 reserves them). */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * CANONICAL_QUERY: pairs RFC 3986-encoded, sorted by encoded key then encoded value, `k=v` joined
 * with "&"; "" when there is no query. Accepts a raw query string (leading "?" optional) or parsed params.
 */
export function canonicalQuery(query: string | URLSearchParams = ''): string {
  const params = typeof query === 'string' ? new URLSearchParams(query.startsWith('?') ? query.slice(1) : query) : query;
  const pairs = [...params].map(([key, value]): [string, string] => [rfc3986(key), rfc3986(value)]);
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

export interface StringToSignParts {
  method: string;
  /** The request path as sent, e.g. `/v1/cases` (no query). */
  path: string;
  /** Raw query string or params; canonicalised here. */
  query?: string | URLSearchParams;
  /** `X-Timestamp`, unix milliseconds. */
  timestamp: string;
  nonce: string;
  /** `X-Content-Digest`. */
  digest: string;
}

/** `METHOD \n PATH \n CANONICAL_QUERY \n X-Timestamp \n X-Nonce \n X-Content-Digest \n`. */
export function stringToSign(parts: StringToSignParts): string {
  return [parts.method.toUpperCase(), parts.path, canonicalQuery(parts.query), parts.timestamp, parts.nonce, parts.digest, ''].join('\n');
}

/** `X-Signature`: base64 HMAC (SHA-256 or SM3) of the string to sign with the app secret. */
export function appSignature(appSecret: string, toSign: string, method: SignMethod = 'HMAC-SHA256'): string {
  return createHmac(hashName(method), appSecret).update(toSign, 'utf8').digest('base64');
}

/** A random nonce of `length` characters from `[A-Za-z0-9]` (Layer B wants ≥ 16, Layer A ≥ 8). */
export function newNonce(length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  // 248 = 4 × 62: rejecting bytes above it keeps the alphabet uniform.
  for (const byte of bytes) if (byte < 248) out += NONCE_CHARS[byte % 62];
  return out.length === length ? out : out + newNonce(length - out.length);
}

export interface GatewayCredential {
  paasId: string;
  paasToken: string;
  serviceId?: string;
}

/** Layer A headers for a request sent at `nowMs`. */
export function xTifHeaders(credential: GatewayCredential, nowMs: number, nonce: string = newNonce(16)): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const headers: Record<string, string> = {
    'x-tif-paasid': credential.paasId,
    'x-tif-timestamp': timestamp,
    'x-tif-nonce': nonce,
    'x-tif-signature': xTifSignature(timestamp, credential.paasToken, nonce),
  };
  if (credential.serviceId !== undefined) headers['x-tif-serviceid'] = credential.serviceId;
  return headers;
}

export interface AppCredential {
  appKey: string;
  appSecret: string;
  signMethod?: SignMethod;
}

export interface AppSignInput {
  method: string;
  path: string;
  query?: string | URLSearchParams;
  /** The exact bytes that will be sent ("" for no body). */
  body: string | Uint8Array;
  nowMs: number;
  nonce?: string;
}

/** Layer B headers (`X-App-Key` … `X-Signature`) for one request. */
export function appHeaders(credential: AppCredential, input: AppSignInput): Record<string, string> {
  const method = credential.signMethod ?? 'HMAC-SHA256';
  const timestamp = String(input.nowMs);
  const nonce = input.nonce ?? newNonce();
  const digest = contentDigest(input.body, method);
  const toSign = stringToSign({ method: input.method, path: input.path, query: input.query, timestamp, nonce, digest });
  return {
    'X-App-Key': credential.appKey,
    'X-Timestamp': timestamp,
    'X-Nonce': nonce,
    'X-Sign-Method': method,
    'X-Content-Digest': digest,
    'X-Signature': appSignature(credential.appSecret, toSign, method),
  };
}

/** Equal-length constant-time comparison of two strings. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The Layer B headers of a received request (header names are matched case-insensitively by the caller). */
export interface ReceivedAppHeaders {
  timestamp: string | undefined;
  nonce: string | undefined;
  signMethod: string | undefined;
  digest: string | undefined;
  signature: string | undefined;
}

export interface AppCheckInput {
  method: string;
  path: string;
  query?: string | URLSearchParams;
  body: string | Uint8Array;
  headers: ReceivedAppHeaders;
  appSecret: string;
  /** The method the key is configured for; a request signed any other way fails (10002). */
  signMethod: SignMethod;
  nowMs: number;
  /** Nonce store lookup; the caller records the nonce only once the whole check passed. */
  isNonceUsed?: (nonce: string) => boolean;
}

/** Why a Layer B check failed: §3 codes 10002 (signature), 10003 (timestamp), 10004 (nonce). */
export type AppCheckFailure = '10002' | '10003' | '10004';

export interface AppCheckResult {
  ok: boolean;
  code?: AppCheckFailure;
  reason?: string;
  /** What the receiver computed, for journals and debugging. */
  expected: { digest?: string; stringToSign?: string; signature?: string };
}

/**
 * Verifies Layer B in the order of §2: headers present, timestamp window, nonce unused, digest
 * equals the body, signature. Pure apart from `isNonceUsed`.
 */
export function checkAppSignature(input: AppCheckInput): AppCheckResult {
  const { headers } = input;
  const fail = (code: AppCheckFailure, reason: string, expected: AppCheckResult['expected'] = {}): AppCheckResult => ({ ok: false, code, reason, expected });
  if (!headers.timestamp || !headers.nonce || !headers.digest || !headers.signature) return fail('10002', 'missing X-Timestamp, X-Nonce, X-Content-Digest or X-Signature');
  const method = headers.signMethod ?? 'HMAC-SHA256';
  if (method !== input.signMethod) return fail('10002', `X-Sign-Method ${method} does not match the key's ${input.signMethod}`);
  if (!/^\d{1,16}$/.test(headers.timestamp) || Math.abs(input.nowMs - Number(headers.timestamp)) > MAX_CLOCK_SKEW_MS) {
    return fail('10003', 'X-Timestamp outside ±300 s');
  }
  if (!NONCE_SHAPE.test(headers.nonce)) return fail('10002', 'X-Nonce must be 16-64 characters [A-Za-z0-9]');
  if (input.isNonceUsed?.(headers.nonce)) return fail('10004', 'X-Nonce already used');
  const digest = contentDigest(input.body, method);
  const toSign = stringToSign({ method: input.method, path: input.path, query: input.query, timestamp: headers.timestamp, nonce: headers.nonce, digest: headers.digest });
  const signature = appSignature(input.appSecret, toSign, method);
  const expected = { digest, stringToSign: toSign, signature };
  if (!safeEqual(headers.digest, digest)) return fail('10002', 'X-Content-Digest does not match the body', expected);
  if (!safeEqual(headers.signature, signature)) return fail('10002', 'X-Signature does not match', expected);
  return { ok: true, expected };
}
