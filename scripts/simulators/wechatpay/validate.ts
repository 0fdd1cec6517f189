/**
 * Body validation that answers the way WeChat Pay does: 400 PARAM_ERROR whose detail names the
 * field as a JSON pointer (`/amount/total`), the value and the issue.
 */
import { paramError } from './errors';

export type Obj = Record<string, unknown>;

export function isRecord(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface StringRule {
  /** Maximum length in characters. */
  max: number;
  pattern?: RegExp;
  /** Issue text when `pattern` does not match. */
  patternIssue?: string;
}

export function optString(obj: Obj, key: string, pointer: string, rule: StringRule): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return reject(pointer, 'must be a string', value);
  if ([...value].length > rule.max) return reject(pointer, `must be at most ${rule.max} characters`, value);
  if (rule.pattern && !rule.pattern.test(value)) return reject(pointer, rule.patternIssue ?? 'has an invalid format', value);
  return value;
}

export function reqString(obj: Obj, key: string, pointer: string, rule: StringRule): string {
  const value = optString(obj, key, pointer, rule);
  if (value === undefined || value === '') return reject(pointer, `${key} is required`, obj[key]);
  return value;
}

export function reqObject(obj: Obj, key: string, pointer: string): Obj {
  const value = obj[key];
  if (!isRecord(value)) return reject(pointer, `${key} is required and must be an object`, value);
  return value;
}

/** A positive integer (amounts are fen: 0, negatives and fractions are refused). */
export function reqPositiveInt(obj: Obj, key: string, pointer: string): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > 100_000_000_000) {
    return reject(pointer, `${key} must be a positive integer (fen)`, value);
  }
  return value;
}

/** `CNY` or absent (→ CNY) unless `required`. */
export function currency(obj: Obj, pointer: string, required: boolean): 'CNY' {
  const value = obj.currency;
  if (value === undefined && !required) return 'CNY';
  if (value !== 'CNY') return reject(pointer, 'Currency code is invalid', value);
  return 'CNY';
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/**
 * §5: HTTPS without a query string. The simulator also takes plain http on a loopback host,
 * because the API in development has no TLS.
 */
export function notifyUrl(obj: Obj, key: string, pointer: string, required: boolean): string | undefined {
  const value = required ? reqString(obj, key, pointer, { max: 255 }) : optString(obj, key, pointer, { max: 255 });
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return reject(pointer, 'notify_url must be an absolute URL', value);
  }
  const secure = url.protocol === 'https:';
  const loopbackHttp = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if (!secure && !loopbackHttp) return reject(pointer, 'notify_url must use https (http only on 127.0.0.1/localhost/[::1])', value);
  if (url.search !== '' || value.includes('?')) return reject(pointer, 'notify_url must not carry a query string', value);
  if (url.hash !== '' || url.username !== '' || url.password !== '') return reject(pointer, 'notify_url must not carry a fragment or credentials', value);
  return value;
}

function reject(pointer: string, issue: string, value: unknown): never {
  throw paramError(pointer, issue, value);
}
