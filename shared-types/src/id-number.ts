/**
 * 18-digit 公民身份号码 rules from GB 11643-1999, as written up in shared/data/id-and-codes.md:
 * format, address code (province level; 81/82/83 for 港澳台居住证, leading 9 for 永居证),
 * birth date, and the ISO 7064 MOD 11-2 check digit. Pure, so the form and the API share it.
 */

export type IdNumberKind = 'citizen' | 'hk_mo_tw_permit' | 'foreign_permanent';

export type IdNumberCheck =
  | { ok: true; normalized: string; kind: IdNumberKind; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; reason: IdNumberProblem; message: string };

export type IdNumberProblem = 'empty' | 'old_15_digit' | 'format' | 'region' | 'birth_date' | 'check_digit';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
  61, 62, 63, 64, 65,
]);

const PROBLEM_MESSAGES: Record<IdNumberProblem, string> = {
  empty: '请输入身份证号码',
  old_15_digit: '15位旧身份证号码已停用，请输入18位号码',
  format: '身份证号码应为18位，前17位是数字，最后一位是数字或X',
  region: '身份证号码前6位（地区码）不正确',
  birth_date: '身份证号码中的出生日期不正确',
  check_digit: '身份证号码最后一位（校验码）不正确，请检查是否输错',
};

/** The MOD 11-2 check character for the first 17 digits. */
export function idCheckDigit(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** Checks an ID number; `today` (YYYY-MM-DD) bounds the birth date. */
export function checkIdNumber(input: string, today: string = isoToday()): IdNumberCheck {
  const value = input.trim().toUpperCase();
  const fail = (reason: IdNumberProblem): IdNumberCheck => ({ ok: false, reason, message: PROBLEM_MESSAGES[reason] });
  if (value === '') return fail('empty');
  if (/^\d{15}$/.test(value)) return fail('old_15_digit');
  if (!/^\d{17}[\dX]$/.test(value)) return fail('format');

  const kind = kindOf(value);
  if (!kind) return fail('region');

  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isRealDate(birthDate) || birthDate > today || birthDate < '1900-01-01') return fail('birth_date');

  if (idCheckDigit(value.slice(0, 17)) !== value[17]) return fail('check_digit');
  return { ok: true, normalized: value, kind, birthDate, sex: Number(value[16]) % 2 === 1 ? 'male' : 'female' };
}

function kindOf(value: string): IdNumberKind | null {
  const province = Number(value.slice(0, 2));
  if (value.startsWith('9')) return PROVINCES.has(Number(value.slice(1, 3))) ? 'foreign_permanent' : null;
  if (province >= 81 && province <= 83) return value.slice(2, 6) === '0000' ? 'hk_mo_tw_permit' : null;
  if (!PROVINCES.has(province)) return null;
  // A real county code never has 00 as its prefecture (digits 3-4).
  return value.slice(2, 4) === '00' ? null : 'citizen';
}

function isRealDate(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isoToday(): string {
  // Asia/Shanghai is UTC+8 all year (no DST).
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}
