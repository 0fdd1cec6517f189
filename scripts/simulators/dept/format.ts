/** Wire formats of §1: RFC 3339 times in +08:00, money as a decimal string in yuan. Pure functions. */

const BEIJING_OFFSET_MS = 8 * 3600_000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const YUAN = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** `2025-01-01T10:00:00+08:00`. */
export function beijingTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** `2025-01-01`: the calendar date in Beijing. */
export function beijingDate(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch ms of `HH:MM` Beijing time on the Beijing date of `ms` plus `days`. */
export function beijingDayAt(ms: number, days: number, hour: number): number {
  const date = beijingDate(ms + days * 86_400_000);
  return Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);
}

/** Epoch ms of an RFC 3339 time, or undefined when it is not one. */
export function parseRfc3339(value: string): number | undefined {
  if (!RFC3339.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Fen (integer) → `"400.00"`; no floating point on the way. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `"400.00"`, `"400"` or 400 → 40000 fen; undefined when not a non-negative amount with ≤ 2 decimals. */
export function parseYuan(value: unknown): number | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? value.toFixed(2) : value;
  if (typeof text !== 'string') return undefined;
  const match = YUAN.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** `YYYY-MM` ordering helper: months as a comparable integer. */
export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** Inverse of `monthIndex`. */
export function monthOf(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
