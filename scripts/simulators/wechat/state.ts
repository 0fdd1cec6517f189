import { BEIJING_OFFSET_MS } from '../lib/format';
import type { FaultRuleBase, LatencyRule } from '../lib/faults';
import type { Unanswered } from '../lib/http';
import { appendBounded, SimClock } from '../lib/state';
import type { DataType } from './rules';

/** Phone as returned in `phone_info` (countryCode may be a string or a number, spec §4). */
export interface PhoneInfo {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string | number;
}

export interface SimUser {
  openid: string;
  unionid?: string;
  phone?: PhoneInfo;
  risk?: 'blocked';
  /** Last successful login (jscode2session); msg_sec_check needs one within 2 hours. */
  lastActiveAt?: number;
}

/** A login or phone code handed to the "client". Single use, expires at `expiresAt`. */
export interface IssuedCode {
  code: string;
  openid: string;
  expiresAt: number;
  usedAt?: number;
}

export type TokenKind = 'stable' | 'basic';

export interface TokenRecord {
  token: string;
  kind: TokenKind;
  issuedAt: number;
  expiresAt: number;
  /** Set by force_refresh (`invalid`) or by `/__sim/tokens/invalidate`. */
  revoked?: 'expired' | 'invalid';
}

export type TemplateKind = 'one_time' | 'long_term';

export interface TemplateDef {
  templateId: string;
  kind: TemplateKind;
  keys: Record<string, DataType>;
}

export type SubscriptionStatus = 'accept' | 'reject' | 'ban';

export interface Subscription {
  openid: string;
  templateId: string;
  status: SubscriptionStatus;
  /** Remaining one-time send credits; long-term templates ignore it. */
  credits: number;
}

export interface SentMessage {
  at: string;
  touser: unknown;
  template_id: unknown;
  page: unknown;
  data: unknown;
  miniprogram_state: unknown;
  lang: unknown;
  result: { errcode: number; errmsg: string };
}

export interface FaultRule extends FaultRuleBase {
  endpoint: string;
  errcode?: number;
  errmsg?: string;
  httpStatus?: number;
}

interface Window {
  bucket: number;
  count: number;
}

export interface QuotaRule {
  perMinute?: number;
  perDay?: number;
  minute: Window;
  day: Window;
}

export type { LatencyRule } from '../lib/faults';

export type DownMode = 'refuse' | 'hang' | 'http502';

export type JournalResponse = { kind: 'json'; status: number; body: unknown } | Unanswered;

export interface JournalEntry {
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** `null` while the request is still being answered. */
  response: JournalResponse | null;
}

const MINUTE_MS = 60_000;

/**
 * Everything the simulator remembers. The clock is the only time source: every expiry,
 * window and timestamp goes through `now()`, so `/__sim/clock` moves all of them together.
 */
export class SimState extends SimClock {
  users = new Map<string, SimUser>();
  loginCodes = new Map<string, IssuedCode>();
  phoneCodes = new Map<string, IssuedCode>();
  /** `login:<openid>` / `phone:<openid>` → when that magic code was last accepted. */
  magicUses = new Map<string, number>();
  /** openid → jscode2session call times within the last minute (per-user 100/min limit). */
  loginCalls = new Map<string, number[]>();

  tokens = new Map<string, TokenRecord>();
  currentStableToken: string | undefined;
  lastForceRefreshAt: number | undefined;
  forceRefreshCalls: number[] = [];
  /**
   * Not cleared by reset: tokens are `SIMTOKEN-<n>`, and a restarted counter would make a
   * token from before the reset valid again (spec §9 item 28).
   */
  tokenSeq = 0;

  templates = new Map<string, TemplateDef>();
  pages = new Set<string>();
  subscriptions = new Map<string, Subscription>();
  messages: SentMessage[] = [];

  faults: FaultRule[] = [];
  quotas = new Map<string, QuotaRule>();
  latency = new Map<string, LatencyRule>();
  down: DownMode | undefined;
  journal: JournalEntry[] = [];

  /** Minute bucket for per-minute quotas ("retry next minute"). */
  minuteBucket(): number {
    return Math.floor(this.now() / MINUTE_MS);
  }

  /** Calendar day in Beijing time (daily quotas reset at 00:00 UTC+8) of `at`, default now. */
  dayBucket(at: number = this.now()): number {
    return Math.floor((at + BEIJING_OFFSET_MS) / 86_400_000);
  }

  reset(): void {
    this.clockOffsetMs = 0;
    this.users.clear();
    this.loginCodes.clear();
    this.phoneCodes.clear();
    this.magicUses.clear();
    this.loginCalls.clear();
    this.tokens.clear();
    this.currentStableToken = undefined;
    this.lastForceRefreshAt = undefined;
    this.forceRefreshCalls = [];
    this.templates.clear();
    this.pages.clear();
    this.subscriptions.clear();
    this.messages = [];
    this.faults = [];
    this.quotas.clear();
    this.latency.clear();
    this.down = undefined;
    this.journal = [];
  }

  /** The user with this openid, created on first sight (a new user opening the mini-program). */
  userFor(openid: string): SimUser {
    let user = this.users.get(openid);
    if (!user) {
      user = { openid };
      this.users.set(openid, user);
    }
    return user;
  }

  subscriptionKey(openid: string, templateId: string): string {
    return `${openid}\u0000${templateId}`;
  }

  recordMessage(message: SentMessage): void {
    appendBounded(this.messages, message);
  }

  recordRequest(entry: JournalEntry): void {
    appendBounded(this.journal, entry);
  }
}
