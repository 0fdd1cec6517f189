import { WechatError } from './errors';
import type { SimState, TokenKind, TokenRecord } from './state';

/** Access tokens live 7200 s; the platform rotates 300 s before expiry (spec §2.1). */
export const TOKEN_TTL_MS = 7200_000;
export const ROTATE_BEFORE_MS = 300_000;
/** force_refresh: at most 20 per day, ≥ 30 s apart. */
export const FORCE_REFRESH_PER_DAY = 20;
export const FORCE_REFRESH_GAP_MS = 30_000;

export interface IssuedToken {
  access_token: string;
  expires_in: number;
}

function issue(state: SimState, kind: TokenKind): TokenRecord {
  state.tokenSeq += 1;
  const now = state.now();
  const record: TokenRecord = { token: `SIMTOKEN-${state.tokenSeq}`, kind, issuedAt: now, expiresAt: now + TOKEN_TTL_MS };
  state.tokens.set(record.token, record);
  return record;
}

function reply(state: SimState, record: TokenRecord): IssuedToken {
  return { access_token: record.token, expires_in: Math.floor((record.expiresAt - state.now()) / 1000) };
}

function usable(state: SimState, record: TokenRecord | undefined): record is TokenRecord {
  return record !== undefined && record.revoked === undefined && state.now() < record.expiresAt;
}

/**
 * `POST /cgi-bin/stable_token`. Normal mode hands back the current token until its last 300 s,
 * then a new one while the old keeps working to its own expiry. force_refresh revokes every
 * earlier stable token, unless the previous force_refresh was under 30 s ago.
 */
export function stableToken(state: SimState, forceRefresh: boolean): IssuedToken {
  const now = state.now();
  const current = state.tokens.get(state.currentStableToken ?? '');

  if (forceRefresh) {
    const today = state.dayBucket();
    state.forceRefreshCalls = state.forceRefreshCalls.filter((at) => state.dayBucket(at) === today);
    if (state.forceRefreshCalls.length >= FORCE_REFRESH_PER_DAY) throw new WechatError(45009);
    state.forceRefreshCalls.push(now);

    const tooSoon = state.lastForceRefreshAt !== undefined && now - state.lastForceRefreshAt < FORCE_REFRESH_GAP_MS;
    if (tooSoon && usable(state, current)) return reply(state, current);

    for (const record of state.tokens.values()) {
      if (record.kind === 'stable' && record.revoked === undefined) record.revoked = 'invalid';
    }
    state.lastForceRefreshAt = now;
    const fresh = issue(state, 'stable');
    state.currentStableToken = fresh.token;
    return reply(state, fresh);
  }

  if (usable(state, current) && now < current.expiresAt - ROTATE_BEFORE_MS) return reply(state, current);
  const fresh = issue(state, 'stable');
  state.currentStableToken = fresh.token;
  return reply(state, fresh);
}

/** `GET /cgi-bin/token`: a new token per call; the previous ones stay valid for at most 5 more minutes. */
export function basicToken(state: SimState): IssuedToken {
  const graceEnd = state.now() + ROTATE_BEFORE_MS;
  for (const record of state.tokens.values()) {
    if (record.kind === 'basic' && record.expiresAt > graceEnd) record.expiresAt = graceEnd;
  }
  return reply(state, issue(state, 'basic'));
}

/** Checks the `access_token` of a business call; throws the errcode the platform would answer. */
export function requireToken(state: SimState, token: string | null): void {
  if (token === null || token === '') throw new WechatError(41001);
  const record = state.tokens.get(token);
  if (!record || record.revoked === 'invalid') throw new WechatError(40001);
  if (record.revoked === 'expired' || state.now() >= record.expiresAt) throw new WechatError(42001);
}

/** `/__sim/tokens/invalidate`: every token issued so far answers 42001 (`expired`) or 40001 (`invalid`). */
export function invalidateTokens(state: SimState, mode: 'expired' | 'invalid'): number {
  let count = 0;
  for (const record of state.tokens.values()) {
    if (record.revoked === undefined) {
      record.revoked = mode;
      count += 1;
    }
  }
  return count;
}
