/**
 * Identifier rules the simulator checks (shared/data/id-and-codes.md): 18-digit 公民身份号码
 * (GB 11643, ISO 7064 MOD 11-2) and 统一社会信用代码 (GB 32100). Pure functions.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';
const ID_SHAPE = /^\d{17}[\dX]$/;

/** The GB 11643 check character for a 17-digit body. */
export function idCheckDigit(body17: string): string {
  if (!/^\d{17}$/.test(body17)) throw new Error('body must be 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(body17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '';
}

function validBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** True for an 18-character resident ID number with a real birth date and a matching check digit. */
export function isValidResidentId(value: string): boolean {
  if (!ID_SHAPE.test(value)) return false;
  if (!validBirthDate(value.slice(6, 14))) return false;
  return idCheckDigit(value.slice(0, 17)) === value[17];
}

/** `YYYY-MM-DD` from an ID number's birth-date field. */
export function birthDateOf(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

/** 男 for an odd 17th digit, 女 for an even one. */
export function genderOf(idNumber: string): '男' | '女' {
  return Number(idNumber[16]) % 2 === 1 ? '男' : '女';
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** True for a 统一社会信用代码 whose GB 32100 check character matches. */
export function isValidCreditCode(value: string): boolean {
  if (!USCC_SHAPE.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += USCC_CHARS.indexOf(value[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARS[check] === value[17];
}

/** Log form of an ID number: first 3 and last 4 characters kept (`110***********1234`). */
export function maskId(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

const ID_KEY = /idnumber$/i;

/** Deep copy with every `…idNumber` string masked, for journals (spec §1: no clear ID numbers in logs). */
export function redactIds(value: unknown, depth = 0): unknown {
  if (depth > 12) return '[depth]';
  if (Array.isArray(value)) return value.map((item) => redactIds(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = ID_KEY.test(key) && typeof inner === 'string' ? maskId(inner) : redactIds(inner, depth + 1);
  return out;
}
