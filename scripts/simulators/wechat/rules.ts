/**
 * Value rules for subscribe-message data (spec §5 "Value rules"). Pure functions, no I/O.
 * A data key's type is its name without the numeric field index: `thing1` → `thing`.
 */

export const DATA_TYPES = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
] as const;

export type DataType = (typeof DATA_TYPES)[number];

export function isDataType(value: unknown): value is DataType {
  return typeof value === 'string' && (DATA_TYPES as readonly string[]).includes(value);
}

/** `thing12` → `thing`, `character_string3` → `character_string`; unknown prefixes give `undefined`. */
export function dataTypeOfKey(key: string): DataType | undefined {
  const match = /^([a-z_]+?)\d+$/.exec(key);
  const prefix = match?.[1];
  return isDataType(prefix) ? prefix : undefined;
}

const CONTROL = /\p{Cc}/u;
const HAN = /\p{Script=Han}/u;
const SYMBOL = /^[\p{P}\p{S}]$/u;
const LETTER = /^[A-Za-z]$/;
const ALNUM = /^[A-Za-z0-9]$/;

function chars(value: string): string[] {
  return [...value];
}

function every(value: string, test: (ch: string) => boolean): boolean {
  return chars(value).every(test);
}

const isSymbol = (ch: string): boolean => SYMBOL.test(ch);
const isLetter = (ch: string): boolean => LETTER.test(ch);
const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';
const isHan = (ch: string): boolean => HAN.test(ch);

// Date forms the platform accepts: 2019年10月1日, 10月1日, 2019-10-01, 2019/10/01.
const DATE = String.raw`(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{4}[-/]\d{1,2}[-/]\d{1,2})`;
const TIME = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
const TIME_POINT = new RegExp(String.raw`^(?:${DATE}\s*)?${TIME}$`);
const DATE_POINT = new RegExp(String.raw`^${DATE}(?:\s*${TIME})?$`);

function validDateParts(point: string): boolean {
  const cjk = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/.exec(point);
  const iso = /(\d{4})[-/](\d{1,2})[-/](\d{1,2})/.exec(point);
  const parts = cjk ?? iso;
  if (!parts) return true;
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** A single point or a range `A~B`, each point matching `point`. */
function pointOrRange(value: string, point: RegExp): boolean {
  const pieces = value.split('~').map((p) => p.trim());
  if (pieces.length > 2) return false;
  return pieces.every((p) => point.test(p) && validDateParts(p));
}

const RULES: Readonly<Record<DataType, (value: string) => boolean>> = {
  // Any printable characters; control characters are refused for every type before this.
  thing: (v) => chars(v).length <= 20,
  number: (v) => /^\d+(?:\.\d+)?$/.test(v) && v.replace('.', '').length <= 32,
  letter: (v) => chars(v).length <= 32 && every(v, isLetter),
  symbol: (v) => chars(v).length <= 5 && every(v, isSymbol),
  character_string: (v) => chars(v).length <= 32 && every(v, (ch) => ALNUM.test(ch) || isSymbol(ch)),
  time: (v) => pointOrRange(v, TIME_POINT),
  date: (v) => pointOrRange(v, DATE_POINT),
  amount: (v) => /^[¥￥$€£]?\d{1,10}(?:\.\d{1,2})?元?$/.test(v),
  phone_number: (v) => chars(v).length <= 17 && every(v, (ch) => isDigit(ch) || isSymbol(ch)),
  car_number: (v) => {
    const cs = chars(v);
    if (cs.length > 8) return false;
    return cs.every((ch, i) => ALNUM.test(ch) || ((i === 0 || i === cs.length - 1) && isHan(ch)));
  },
  name: (v) => {
    const cs = chars(v);
    const allowed = cs.every((ch) => isHan(ch) || isLetter(ch) || isSymbol(ch) || ch === ' ');
    if (!allowed) return false;
    // Mixed CJK and Latin names count as CJK names.
    return cs.some(isHan) ? cs.length <= 10 : cs.length <= 20;
  },
  phrase: (v) => chars(v).length <= 5 && every(v, isHan),
};

/**
 * True when `value` is acceptable for `type`. Empty values and control characters (newline,
 * tab…) are refused for every type; `undefined` type (unknown key prefix) only gets those checks.
 */
export function isValidDataValue(type: DataType | undefined, value: string): boolean {
  if (value.length === 0 || CONTROL.test(value)) return false;
  return type === undefined ? true : RULES[type](value);
}
