/**
 * Small validators for msgData and control bodies. They throw `FieldError` naming the offending
 * field (`contactInfoList[1].province`); services answer it as 9001, controls as HTTP 400.
 */
export type Obj = Record<string, unknown>;

export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}

export function isRecord(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fieldName(prefix: string, key: string | number): string {
  if (typeof key === 'number') return `${prefix}[${key}]`;
  return prefix === '' ? key : `${prefix}.${key}`;
}

function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function asRecord(value: unknown, field: string): Obj {
  if (!isRecord(value)) throw new FieldError(field, 'must be an object');
  return value;
}

export function reqString(obj: Obj, key: string, prefix = '', max?: number): string {
  const field = fieldName(prefix, key);
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') throw new FieldError(field, 'must be a non-empty string');
  if (max !== undefined && [...value].length > max) throw new FieldError(field, `must be at most ${max} characters`);
  return value;
}

export function optString(obj: Obj, key: string, prefix = '', max?: number): string | undefined {
  return absent(obj[key]) ? undefined : reqString(obj, key, prefix, max);
}

export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
  /** SF JSON often carries numbers as strings ("payMethod":"1"); msgData accepts both. */
  numericString?: boolean;
}

export function reqNumber(obj: Obj, key: string, prefix = '', rule: NumberRule = {}): number {
  const field = fieldName(prefix, key);
  const raw = obj[key];
  const value = typeof raw === 'string' && rule.numericString && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  const { min = -Infinity, max = Infinity, integer = false } = rule;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new FieldError(field, `must be a${integer ? 'n integer' : ' number'} in [${min}, ${max}]`);
  }
  return value;
}

export function optNumber(obj: Obj, key: string, prefix = '', rule: NumberRule = {}): number | undefined {
  return absent(obj[key]) ? undefined : reqNumber(obj, key, prefix, rule);
}

export function optBool(obj: Obj, key: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new FieldError(key, 'must be a boolean');
  return value;
}

export function reqEnum<T extends string | number>(obj: Obj, key: string, allowed: readonly T[], prefix = ''): T {
  const value = obj[key];
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw new FieldError(fieldName(prefix, key), `must be one of ${allowed.join(', ')}`);
  return match;
}

export function optEnum<T extends string | number>(obj: Obj, key: string, allowed: readonly T[], prefix = ''): T | undefined {
  return absent(obj[key]) ? undefined : reqEnum(obj, key, allowed, prefix);
}

export function reqArray(obj: Obj, key: string, prefix = '', rule: { min?: number; max?: number } = {}): unknown[] {
  const field = fieldName(prefix, key);
  const value = obj[key];
  if (!Array.isArray(value)) throw new FieldError(field, 'must be an array');
  if (rule.min !== undefined && value.length < rule.min) throw new FieldError(field, `must have at least ${rule.min} element(s)`);
  if (rule.max !== undefined && value.length > rule.max) throw new FieldError(field, `must have at most ${rule.max} elements`);
  return value;
}

export function optArray(obj: Obj, key: string, prefix = '', rule: { min?: number; max?: number } = {}): unknown[] | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : reqArray(obj, key, prefix, rule);
}

export function reqUrl(obj: Obj, key: string): string {
  const value = reqString(obj, key);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FieldError(key, 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FieldError(key, 'must be an absolute http(s) URL');
  return value;
}
