import type { FaultRuleBase } from '../lib/faults';
import { appendBounded, SimClock } from '../lib/state';
import { rfc3339 } from './format';
import type { NotifySchedule, SimConfig } from './config';

// ---------------------------------------------------------------- orders and refunds

/** What is stored; `REFUND` is derived from the order's refunds (§7). */
export type StoredTradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'PAYERROR';
export type TradeState = StoredTradeState | 'REFUND';

export interface Order {
  mchid: string;
  appid: string;
  description: string;
  outTradeNo: string;
  attach: string | undefined;
  notifyUrl: string;
  total: number;
  openid: string;
  /** Epoch ms after which an unpaid order is closed. */
  timeExpire: number;
  /** The prepay parameters as a comparable string: an identical re-post returns a prepay_id, any other is OUT_TRADE_NO_USED. */
  fingerprint: string;
  createdAt: number;
  prepayId: string;
  prepayIssuedAt: number;
  state: StoredTradeState;
  closedBy?: 'merchant' | 'expired';
  transactionId?: string;
  bankType?: string;
  successAt?: number;
  payerOpenid?: string;
  /** out_refund_no of every accepted refund, oldest first. */
  refundNos: string[];
  lastRefundAt?: number;
  /** Times the resident closed the cashier without paying (`/__sim/orders/…/cancel`, cashier 取消支付). */
  cashierCancels: number;
}

export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';

export interface Refund {
  mchid: string;
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  transactionId: string;
  reason: string | undefined;
  notifyUrl: string | undefined;
  fundsAccount: string;
  refund: number;
  total: number;
  status: RefundStatus;
  createdAt: number;
  successAt?: number;
}

// ---------------------------------------------------------------- notifications

export interface NotifyPolicy {
  /** Delay before the first attempt. */
  delayMs: number;
  /** Extra copies of every notification (same id, same body). */
  duplicates: number;
  /** Hold each notification until the next one overtakes it (or the hold ends). */
  reorder: boolean;
  /** Attempts still to be swallowed (they count as failed and are retried). */
  dropFirst: number;
  schedule: NotifySchedule;
  /** Ack window per attempt (§10: 5 s). */
  timeoutMs: number;
}

export const FORGE_TAMPERS = ['signature', 'probe', 'amount', 'appid', 'mchid', 'stale_timestamp', 'unknown_serial', 'bad_ciphertext'] as const;
export type ForgeTamper = (typeof FORGE_TAMPERS)[number];

export interface Attempt {
  at: string;
  /** null when no HTTP answer arrived (refused, timeout, dropped by policy). */
  status: number | null;
  latencyMs: number;
  responseBody: unknown;
  error?: string;
  /** The signature headers this attempt carried. */
  timestamp: string;
  serial: string;
}

export interface Delivery {
  copy: number;
  kind: 'original' | 'duplicate' | 'replay' | 'forged';
  state: 'held' | 'pending' | 'in_flight' | 'delivered' | 'failed';
  /** Simulator-clock ms of the next attempt; null when none is scheduled. */
  dueAt: number | null;
  /** Tie-break among deliveries due at the same time (queue order). */
  order: number;
  attempts: Attempt[];
}

export interface Notification {
  id: string;
  kind: 'event' | 'forged';
  tamper?: ForgeTamper;
  eventType: string;
  mchid: string;
  outTradeNo: string;
  outRefundNo?: string;
  url: string;
  createdAt: number;
  /** The decrypted resource, for inspection. */
  plaintext: Record<string, unknown>;
  /** Exact bytes sent on every attempt. */
  body: string;
  deliveries: Delivery[];
}

// ---------------------------------------------------------------- behaviour controls

export interface FaultRule extends FaultRuleBase {
  /** Route name (`jsapi`, `query`…), a path glob (`/v3/refund/*`) or `*`. */
  endpoint: string;
  /** Absent: the request is handled normally and only the flags below apply. */
  httpStatus?: number;
  code?: string;
  message?: string;
  unsigned: boolean;
  badSignature: boolean;
}

export interface LatencyRule {
  endpoint: string;
  fixedMs: number;
  jitterMs: number;
}

export type DownMode = 'refuse' | 'hang' | 'http502' | 'http503';
export const DOWN_MODES: readonly DownMode[] = ['refuse', 'hang', 'http502', 'http503'];

export interface AuthRecord {
  ok: boolean;
  mchid?: string;
  reason?: string;
  /** The canonical message the signature was checked against. */
  message?: string;
}

export type JournalResponse = { kind: 'http'; status: number; code?: string; signed: boolean } | { kind: 'dropped' } | { kind: 'hung' };

export interface JournalEntry {
  at: string;
  method: string;
  /** Path + query exactly as received (the canonical URL of §2). */
  url: string;
  route: string | null;
  body: unknown;
  auth: AuthRecord | null;
  /** null while the request is still being answered. */
  response: JournalResponse | null;
}

export interface BillDownload {
  token: string;
  mchid: string;
  bytes: Buffer;
  gzip: boolean;
  expiresAt: number;
}

export function defaultNotifyPolicy(schedule: NotifySchedule, timeoutMs: number): NotifyPolicy {
  return { delayMs: 0, duplicates: 0, reorder: false, dropFirst: 0, schedule, timeoutMs };
}

/**
 * Everything the simulator remembers. The clock is the only time source for business time:
 * expiry, the Authorization window, notification due times and bills all read `now()`.
 */
export class SimState extends SimClock {
  config: SimConfig;

  /** `mchid \0 out_trade_no` → order. */
  orders = new Map<string, Order>();
  /** Every prepay_id issued (an order may get several over time) → its order and issue time. */
  prepayIndex = new Map<string, { orderKey: string; issuedAt: number }>();
  /** transaction_id → order key (only paid orders have one). */
  transactionIndex = new Map<string, string>();
  /** `mchid \0 out_refund_no` → refund. */
  refunds = new Map<string, Refund>();
  notifications: Notification[] = [];
  notifyPolicy: NotifyPolicy;
  faults: FaultRule[] = [];
  latency: LatencyRule[] = [];
  down: DownMode | undefined;
  journal: JournalEntry[] = [];
  billDownloads = new Map<string, BillDownload>();
  /** Bumped by reset so work started before it (notification attempts) leaves no trace after. */
  generation = 0;
  queueOrder = 0;

  constructor(
    baseClock: () => number,
    private readonly boot: () => SimConfig,
    private readonly bootPolicy: () => NotifyPolicy,
  ) {
    super(baseClock);
    this.config = boot();
    this.notifyPolicy = bootPolicy();
  }

  /** Journals read like the API's own times here: RFC 3339 in Beijing time. */
  override nowIso(): string {
    return rfc3339(this.now());
  }

  reset(): void {
    this.clockOffsetMs = 0;
    this.config = this.boot();
    this.orders.clear();
    this.prepayIndex.clear();
    this.transactionIndex.clear();
    this.refunds.clear();
    this.notifications = [];
    this.notifyPolicy = this.bootPolicy();
    this.faults = [];
    this.latency = [];
    this.down = undefined;
    this.journal = [];
    this.billDownloads.clear();
    this.generation += 1;
  }

  orderKey(mchid: string, outTradeNo: string): string {
    return `${mchid}\u0000${outTradeNo}`;
  }

  refundKey(mchid: string, outRefundNo: string): string {
    return `${mchid}\u0000${outRefundNo}`;
  }

  recordRequest(entry: JournalEntry): JournalEntry {
    appendBounded(this.journal, entry);
    return entry;
  }

  recordNotification(notification: Notification): void {
    appendBounded(this.notifications, notification);
  }
}
