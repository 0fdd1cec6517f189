import { createHash, timingSafeEqual } from 'node:crypto';

/*
 * The SF (丰桥) digest of courier.md §2, applied to requests (msgData + timestamp + checkWord) and,
 * by our contract, to tracking pushes (raw body + timestamp + checkWord).
 */

/** Java's URLEncoder.encode(s, "UTF-8"): keeps A-Z a-z 0-9 . - * _, space → '+', the rest %XX. */
export function javaUrlEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(ch)) out += ch;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function msgDigest(payload: string, timestamp: string | number, checkWord: string): string {
  return createHash('md5').update(javaUrlEncode(`${payload}${timestamp}${checkWord}`), 'utf8').digest('base64');
}

export const PUSH_TOLERANCE_MS = 10 * 60_000;

/** A tracking push's headers against its raw body: digest and a ±10 minute window. */
export function verifyPush(rawBody: string, timestamp: string | undefined, digest: string | undefined, checkWord: string, nowMs: number): { ok: true } | { ok: false; problem: 'missing_headers' | 'stale_timestamp' | 'bad_digest' } {
  if (!timestamp || !digest) return { ok: false, problem: 'missing_headers' };
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(nowMs - ts) > PUSH_TOLERANCE_MS) return { ok: false, problem: 'stale_timestamp' };
  const expected = Buffer.from(msgDigest(rawBody, timestamp, checkWord));
  const given = Buffer.from(digest);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, problem: 'bad_digest' };
}
