/**
 * The SF msgDigest rule (spec courier.md §2) and our push-signing contract (§3.5), as pure
 * functions. The simulator verifies requests and signs pushes with them; the API's SF adapter
 * must produce the same bytes, so both are held to the two vectors of the spec (signing.test.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Requests (§2) and pushes (§3.5) are refused when `|now − timestamp|` exceeds this. */
export const MAX_CLOCK_SKEW_MS = 10 * 60_000;

export const PUSH_TIMESTAMP_HEADER = 'X-Courier-Timestamp';
export const PUSH_DIGEST_HEADER = 'X-Courier-Digest';

const KEPT = /[A-Za-z0-9.\-*_]/;

/**
 * Java `URLEncoder.encode(s, "UTF-8")`: keeps `A-Z a-z 0-9 . - * _`, space → `+`, every other
 * UTF-8 byte → `%XX` uppercase. Not encodeURIComponent: that one keeps `~ ' ( ) !` and writes
 * space as `%20`, so digests differ for inputs containing them.
 */
export function javaUrlEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (byte < 0x80 && KEPT.test(char)) out += char;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `Base64(MD5(URLEncode_UTF8(text + timestamp + checkWord)))`; `text` is msgData (§2) or a push's raw body (§3.5). */
export function msgDigest(text: string, timestamp: string, checkWord: string): string {
  return createHash('md5').update(javaUrlEncode(text + timestamp + checkWord), 'utf8').digest('base64');
}

/** Constant-time comparison of a received digest with the expected one. */
export function digestMatches(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The two headers the pusher adds (§3.5): `X-Courier-Timestamp` (ms) and `X-Courier-Digest` over the raw body. */
export function pushHeaders(rawBody: string, checkWord: string, nowMs: number): Record<string, string> {
  const timestamp = String(nowMs);
  return { [PUSH_TIMESTAMP_HEADER]: timestamp, [PUSH_DIGEST_HEADER]: msgDigest(rawBody, timestamp, checkWord) };
}

export type PushCheck = { ok: true } | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_digest' };

/**
 * Receiver side of §3.5, in the order our API applies it: both headers present, timestamp a
 * number within ±10 min of `nowMs`, digest of the raw body matching. Any failure → HTTP 401
 * `{"return_code":"1000"}`.
 */
export function checkPush(rawBody: string, headers: { timestamp?: string; digest?: string }, checkWord: string, nowMs: number): PushCheck {
  if (!headers.timestamp || !headers.digest) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,16}$/.test(headers.timestamp)) return { ok: false, reason: 'bad_timestamp' };
  if (Math.abs(nowMs - Number(headers.timestamp)) > MAX_CLOCK_SKEW_MS) return { ok: false, reason: 'stale_timestamp' };
  if (!digestMatches(headers.digest, msgDigest(rawBody, headers.timestamp, checkWord))) return { ok: false, reason: 'bad_digest' };
  return { ok: true };
}
