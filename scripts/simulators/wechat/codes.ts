import { createHash, randomBytes } from 'node:crypto';

import { WechatError } from './errors';
import type { IssuedCode, PhoneInfo, SimState } from './state';

/** Magic codes `sim:<openid>` (SIM_MAGIC_CODES=1) are accepted at most once per minute per openid. */
export const MAGIC_PREFIX = 'sim:';
const MAGIC_REUSE_MS = 60_000;
const OPENID_SHAPE = /^[A-Za-z0-9_-]{1,64}$/;

export type CodeKind = 'login' | 'phone';

/** Random code shaped like production ones: 32 characters for wx.login, 64 hex for getPhoneNumber. */
export function issueCode(state: SimState, kind: CodeKind, openid: string, ttlSec: number): IssuedCode {
  const code = kind === 'login' ? randomBytes(24).toString('base64url').slice(0, 32) : randomBytes(32).toString('hex');
  const issued: IssuedCode = { code, openid, expiresAt: state.now() + ttlSec * 1000 };
  (kind === 'login' ? state.loginCodes : state.phoneCodes).set(code, issued);
  return issued;
}

/** Errcodes a code problem maps to: login reports reuse as 40163, the phone API only knows 40029. */
const REUSED: Record<CodeKind, number> = { login: 40163, phone: 40029 };

/** A code resolved to its owner; `consume()` marks it used once the call has succeeded. */
export interface ResolvedCode {
  openid: string;
  consume(): void;
}

/**
 * Resolves a login or phone code without consuming it. Unknown and expired codes are 40029,
 * reused ones 40163 (login) or 40029 (phone).
 */
export function resolveCode(state: SimState, kind: CodeKind, code: string, magicCodes: boolean): ResolvedCode {
  if (magicCodes && code.startsWith(MAGIC_PREFIX)) {
    const openid = code.slice(MAGIC_PREFIX.length);
    if (!OPENID_SHAPE.test(openid)) throw new WechatError(40029);
    const key = `${kind}:${openid}`;
    const lastUse = state.magicUses.get(key);
    if (lastUse !== undefined && state.now() - lastUse < MAGIC_REUSE_MS) throw new WechatError(REUSED[kind]);
    return { openid, consume: () => state.magicUses.set(key, state.now()) };
  }
  const issued = (kind === 'login' ? state.loginCodes : state.phoneCodes).get(code);
  if (!issued) throw new WechatError(40029);
  if (issued.usedAt !== undefined) throw new WechatError(REUSED[kind]);
  if (state.now() >= issued.expiresAt) throw new WechatError(40029);
  return {
    openid: issued.openid,
    consume: () => {
      issued.usedAt = state.now();
    },
  };
}

/** Deterministic mainland mobile number for an openid: `138` + 8 digits from its SHA-256. */
export function syntheticPhone(openid: string): PhoneInfo {
  const digest = createHash('sha256').update(openid).digest();
  const digits = (digest.readUInt32BE(0) % 100_000_000).toString().padStart(8, '0');
  const pure = `138${digits}`;
  return { phoneNumber: pure, purePhoneNumber: pure, countryCode: '86' };
}

/** Random 16-byte session key, base64 like production. */
export function newSessionKey(): string {
  return randomBytes(16).toString('base64');
}
