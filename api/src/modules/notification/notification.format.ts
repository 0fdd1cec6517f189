import { NOTIFICATION_FIELD_TYPES } from '@haizhu/shared-types';
import { toShanghaiIso } from '../../common/clock';

/**
 * Subscribe-message values made to obey the platform's value rules (spec §5, "Value rules"), so a
 * message is never refused with 47003 for its text. Pure functions: what a template field receives
 * is formatted here by the field's type, whatever the event put in.
 */

export type FieldType = (typeof NOTIFICATION_FIELD_TYPES)[number];

/** What an event gives a field before formatting: text, a number, an instant or a time range. */
export type RawValue = string | number | Date | { start: Date; end: Date };

const CONTROL = /\p{Cc}+/gu;
const HAN = /\p{Script=Han}/u;
const SYMBOL = /[\p{P}\p{S}]/u;

const chars = (s: string): string[] => [...s];

/** Control characters (newlines…) are refused in every type: they become spaces. */
function clean(value: string): string {
  return value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

/** thing: ≤ 20 characters of anything printable; longer text is cut and ends with "…". */
export function thing(value: string, fallback = '详见小程序'): string {
  const cs = chars(clean(value));
  if (cs.length === 0) return fallback;
  return cs.length <= 20 ? cs.join('') : `${cs.slice(0, 19).join('')}…`;
}

/** phrase: ≤ 5 CJK characters and nothing else (a status word: 已受理, 需补正). */
export function phrase(value: string, fallback = '有更新'): string {
  const han = chars(value).filter((c) => HAN.test(c));
  return han.length ? han.slice(0, 5).join('') : fallback;
}

/** character_string: ≤ 32 letters, digits and symbols (a case number, a waybill, a ticket number). */
export function characterString(value: string, fallback = '-'): string {
  const kept = chars(value).filter((c) => /^[A-Za-z0-9]$/.test(c) || (SYMBOL.test(c) && c.charCodeAt(0) < 0x80));
  return kept.length ? kept.slice(0, 32).join('') : fallback;
}

/** number: digits, decimals allowed, ≤ 32 digits; never negative. */
export function number(value: number | string): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n < 0) return '0';
  const text = Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
  return /e/i.test(text) || text.replace('.', '').length > 32 ? '0' : text;
}

/** amount: one currency sign and ≤ 10 digits with two decimals, from fen (18 00 → ¥18.00). */
export function amount(fen: number): string {
  const yuan = Math.max(0, Math.round(fen)) / 100;
  return `¥${yuan.toFixed(2)}`;
}

function parts(at: Date): { date: string; time: string } {
  const iso = toShanghaiIso(at);
  const [y, m, d] = iso.slice(0, 10).split('-');
  return { date: `${y}年${Number(m)}月${Number(d)}日`, time: iso.slice(11, 16) };
}

/** date: `2026年11月23日` (Beijing). */
export function date(at: Date): string {
  return parts(at).date;
}

/** time: `2026年11月23日 09:00` (Beijing, 24 h); a range on one day `2026年11月23日 09:00~09:30`. */
export function time(at: Date | { start: Date; end: Date }): string {
  if (at instanceof Date) {
    const p = parts(at);
    return `${p.date} ${p.time}`;
  }
  const a = parts(at.start);
  const b = parts(at.end);
  return a.date === b.date ? `${a.date} ${a.time}~${b.time}` : `${a.date} ${a.time}~${b.date} ${b.time}`;
}

/** name: ≤ 10 CJK characters, or ≤ 20 letters when there is no CJK. */
export function name(value: string, fallback = '居民'): string {
  const kept = chars(clean(value)).filter((c) => HAN.test(c) || /^[A-Za-z ]$/.test(c) || (SYMBOL.test(c) && c !== '…'));
  if (!kept.length) return fallback;
  return kept.slice(0, kept.some((c) => HAN.test(c)) ? 10 : 20).join('').trim() || fallback;
}

/** One value for a field of `type`. Times and amounts must be given as such: anything else is a bug, and throws. */
export function formatValue(type: FieldType, raw: RawValue): string {
  const isTime = raw instanceof Date || typeof raw === 'object';
  const text = (): string => (isTime ? time(raw as Date) : String(raw));
  switch (type) {
    case 'time':
      if (!isTime) throw new TypeError('a time field needs a Date or a {start, end} range');
      return time(raw as Date | { start: Date; end: Date });
    case 'date':
      if (!isTime) throw new TypeError('a date field needs a Date or a {start, end} range');
      return raw instanceof Date ? date(raw) : `${date((raw as { start: Date }).start)}~${date((raw as { end: Date }).end)}`;
    case 'amount':
      if (typeof raw !== 'number') throw new TypeError('an amount field needs a number of fen');
      return amount(raw);
    case 'number':
      return number(typeof raw === 'number' ? raw : text());
    case 'phrase':
      return phrase(text());
    case 'character_string':
      return characterString(text());
    case 'name':
      return name(text());
    default:
      // thing, and the types we never send (letter, symbol, phone_number, car_number) are kept to thing's rules.
      return thing(text());
  }
}

/** A template's data: every field it declares, formatted by its type; a field left out is a bug, and throws. */
export function formatData(fields: readonly { key: string; type: FieldType }[], values: Record<string, RawValue | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const raw = values[f.key];
    if (raw === undefined) throw new TypeError(`no value for ${f.key}`);
    out[f.key] = formatValue(f.type, raw);
  }
  return out;
}
