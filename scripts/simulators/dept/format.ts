/** Wire formats of §1: RFC 3339 times in +08:00, money as a decimal string in yuan. Pure functions. */
import { BEIJING_OFFSET_MS, beijingDate } from '../lib/format';

export { beijingDate, parseRfc3339, yuan } from '../lib/format';

const YUAN = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** `2025-01-01T10:00:00+08:00`. */
export function beijingTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** Epoch ms of `HH:MM` Beijing time on the Beijing date of `ms` plus `days`. */
export function beijingDayAt(ms: number, days: number, hour: number): number {
  const date = beijingDate(ms + days * 86_400_000);
  return Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);
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
