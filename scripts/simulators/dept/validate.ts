/**
 * Small validators for JSON bodies. Each throws `FieldError` naming the offending field in the
 * dotted form the §3 `data.field` uses (`applicant.idNumber`, `materials[1].sha256`).
 */
import { FieldError } from './errors';
import { parseRfc3339 } from './format';

export type Obj = Record<string, unknown>;

export function isRecord(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `prefix.key`, `prefix[3]`, or just `key` at the top level. */
export function fieldName(prefix: string, key: string | number): string {
  if (typeof key === 'number') return `${prefix}[${key}]`;
  return prefix === '' ? key : `${prefix}.${key}`;
}

function absent(value: unknown): boolean {
  return value === undefined || value === null;
}

export function asRecord(value: unknown, field: string): Obj {
  if (!isRecord(value)) throw new FieldError(field, 'must be an object');
  return value;
}

export function reqObject(obj: Obj, key: string, prefix = ''): Obj {
  return asRecord(obj[key], fieldName(prefix, key));
}

export function optObject(obj: Obj, key: string, prefix = ''): Obj | undefined {
  return absent(obj[key]) ? undefined : reqObject(obj, key, prefix);
}

export interface StringRule {
  max?: number;
  pattern?: RegExp;
  /** Human description of `pattern` for the error message. */
  shape?: string;
}

export function reqString(obj: Obj, key: string, prefix = '', rule: StringRule = {}): string {
  return asString(obj[key], fieldName(prefix, key), rule);
}

/** A non-empty string (within the rule), named `field` in errors. */
export function asString(value: unknown, field: string, rule: StringRule = {}): string {
  if (typeof value !== 'string' || value === '') throw new FieldError(field, 'must be a non-empty string');
  if (rule.max !== undefined && [...value].length > rule.max) throw new FieldError(field, `must be at most ${rule.max} characters`);
  if (rule.pattern && !rule.pattern.test(value)) throw new FieldError(field, `must be ${rule.shape ?? `like ${String(rule.pattern)}`}`);
  return value;
}

export function optString(obj: Obj, key: string, prefix = '', rule: StringRule = {}): string | undefined {
  return absent(obj[key]) ? undefined : reqString(obj, key, prefix, rule);
}

export interface NumberRule {
  min?: number;
  max?: number;
}

export function reqInt(obj: Obj, key: string, prefix = '', rule: NumberRule = {}): number {
  const field = fieldName(prefix, key);
  const value = obj[key];
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = rule;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new FieldError(field, `must be an integer in [${min}, ${max}]`);
  return value;
}

export function optInt(obj: Obj, key: string, prefix = '', rule: NumberRule = {}): number | undefined {
  return absent(obj[key]) ? undefined : reqInt(obj, key, prefix, rule);
}

export function reqNumber(obj: Obj, key: string, prefix = '', rule: NumberRule = {}): number {
  const field = fieldName(prefix, key);
  const value = obj[key];
  const { min = -Infinity, max = Infinity } = rule;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw new FieldError(field, `must be a number in [${min}, ${max}]`);
  return value;
}

export function optNumber(obj: Obj, key: string, prefix = '', rule: NumberRule = {}): number | undefined {
  return absent(obj[key]) ? undefined : reqNumber(obj, key, prefix, rule);
}

export function optBool(obj: Obj, key: string, prefix = ''): boolean | undefined {
  const value = obj[key];
  if (absent(value)) return undefined;
  if (typeof value !== 'boolean') throw new FieldError(fieldName(prefix, key), 'must be a boolean');
  return value;
}

export function reqEnum<T extends string>(obj: Obj, key: string, allowed: readonly T[], prefix = ''): T {
  const value = obj[key];
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw new FieldError(fieldName(prefix, key), `must be one of ${allowed.join(', ')}`);
  return match;
}

export function optEnum<T extends string>(obj: Obj, key: string, allowed: readonly T[], prefix = ''): T | undefined {
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
  return absent(obj[key]) ? undefined : reqArray(obj, key, prefix, rule);
}

/** An RFC 3339 time; returns the string as given. */
export function reqTime(obj: Obj, key: string, prefix = ''): string {
  const value = reqString(obj, key, prefix);
  if (parseRfc3339(value) === undefined) throw new FieldError(fieldName(prefix, key), 'must be an RFC 3339 time like 2025-01-01T10:00:00+08:00');
  return value;
}

export function optTime(obj: Obj, key: string, prefix = ''): string | undefined {
  return absent(obj[key]) ? undefined : reqTime(obj, key, prefix);
}

/** An absolute http(s) URL. */
export function reqUrl(obj: Obj, key: string, prefix = ''): string {
  const value = reqString(obj, key, prefix, { max: 4096 });
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new FieldError(fieldName(prefix, key), 'must be an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FieldError(fieldName(prefix, key), 'must be an http(s) URL');
  return value;
}

export function optUrl(obj: Obj, key: string, prefix = ''): string | undefined {
  return absent(obj[key]) ? undefined : reqUrl(obj, key, prefix);
}

export const DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
export const MONTH = /^\d{4}-(?:0[1-9]|1[0-2])$/;
export const HEX64 = /^[0-9a-f]{64}$/;
