/**
 * Masking of personal data for responses and logs (API.md: `440105********1234`, `138****5678`,
 * `张*`). Only a caller entitled to the full value gets it, and that view is audited.
 */

export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+?86/, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}

/** 张三 → 张*, 欧阳娜娜 → 欧***; a Latin name keeps its first letter. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** Keeps the region and the first few characters of the street: 广东省广州市海珠区新港中路**** */
export function maskAddress(address: string): string {
  const chars = Array.from(address);
  const keep = Math.min(chars.length, 10);
  return chars.slice(0, keep).join('') + (chars.length > keep ? '****' : '');
}

const ID_PATTERN = /(?<![0-9])([1-9]\d{5})(\d{8})(\d{3}[\dXx])(?![0-9])/g;
const PHONE_PATTERN = /(?<![0-9])(1[3-9]\d)(\d{4})(\d{4})(?![0-9])/g;

/** Masks anything in free text that looks like an ID number or a mainland mobile number. */
export function maskText(text: string): string {
  return text
    .replace(ID_PATTERN, (_m, a: string, _b: string, c: string) => `${a}********${c.slice(-4)}`)
    .replace(PHONE_PATTERN, (_m, a: string, _b: string, c: string) => `${a}****${c}`);
}

const SECRET_KEYS = /^(password|token|session_?key|access_?token|secret|authorization|cookie|paySign|privateKey)$/i;
const PERSONAL_KEYS: Record<string, (v: string) => string> = {
  idNumber: maskIdNumber,
  agentIdNumber: maskIdNumber,
  phone: maskPhone,
  purePhoneNumber: maskPhone,
  phoneNumber: maskPhone,
  name: maskName,
  agentName: maskName,
  address: maskAddress,
};

/** Deep copy of a log payload with secrets removed and personal data masked. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: maskText(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEYS.test(k)) out[k] = '[redacted]';
      else if (typeof v === 'string' && PERSONAL_KEYS[k]) out[k] = (PERSONAL_KEYS[k] as (s: string) => string)(v);
      else out[k] = redact(v, depth + 1);
    }
    return out;
  }
  return value;
}
