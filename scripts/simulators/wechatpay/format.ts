/**
 * Wire formats of WeChat Pay: times are RFC 3339 in Beijing time (`2025-01-01T10:00:05+08:00`),
 * money is integer fen on the API and yuan with two decimals in bills.
 */
import { randomBytes, randomInt } from 'node:crypto';

import { BEIJING_OFFSET_MS } from '../lib/format';

export { beijingDate, parseRfc3339, yuan } from '../lib/format';

export const DAY_MS = 86_400_000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The Beijing wall-clock fields of an instant. */
function beijingParts(ms: number): { y: string; mo: string; d: string; h: string; mi: string; s: string } {
  const t = new Date(ms + BEIJING_OFFSET_MS);
  return {
    y: pad(t.getUTCFullYear(), 4),
    mo: pad(t.getUTCMonth() + 1),
    d: pad(t.getUTCDate()),
    h: pad(t.getUTCHours()),
    mi: pad(t.getUTCMinutes()),
    s: pad(t.getUTCSeconds()),
  };
}

/** `2025-01-01T10:00:05+08:00` (seconds precision, as WeChat Pay writes times). */
export function rfc3339(ms: number): string {
  const p = beijingParts(ms);
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}+08:00`;
}

/** `2025-01-01 10:00:05`, the bill's 交易时间. */
export function billTime(ms: number): string {
  const p = beijingParts(ms);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`;
}

/** `20250101100005`, used inside generated ids. */
export function compactTime(ms: number): string {
  const p = beijingParts(ms);
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}`;
}

/** Start of a Beijing calendar date `YYYY-MM-DD` in epoch ms, or undefined when not a real date. */
export function beijingDayStart(date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const utc = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(utc) || new Date(utc).toISOString().slice(0, 10) !== date) return undefined;
  return utc - BEIJING_OFFSET_MS;
}

/** `length` random decimal digits. */
export function digits(length: number): string {
  let out = '';
  while (out.length < length) out += String(randomInt(0, 1_000_000_000)).padStart(9, '0');
  return out.slice(0, length);
}

/** `length` random characters from `[0-9A-Z]`, the shape of WeChat Pay nonces. */
export function nonceString(length = 32): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let out = '';
  for (const byte of randomBytes(length * 2)) {
    // 252 = 7 × 36: rejecting bytes above it keeps the alphabet uniform.
    if (byte < 252) out += alphabet[byte % 36];
    if (out.length === length) return out;
  }
  return out + nonceString(length - out.length);
}

/** Request-ID header value: upper-case hex like production's `08F78BB5AF0610D302A0E8F61A0000BE4D0000`. */
export function requestId(): string {
  return randomBytes(19).toString('hex').toUpperCase();
}
