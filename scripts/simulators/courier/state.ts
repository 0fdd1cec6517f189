import type { FaultRuleBase, LatencyRule } from '../lib/faults';
import type { Unanswered } from '../lib/http';
import { appendBounded, SimClock } from '../lib/state';
import type { Scenario } from './canonical';

export interface Partner {
  partnerID: string;
  checkWord: string;
  /** 月结卡号: an order paid by the sender (payMethod 1) must carry this card. */
  monthlyCard: string;
}

export type DuplicateOrderMode = 'error' | 'return_original';
export type RetrySchedule = 'contract' | 'compressed';
/** How `EXP_RECE_SEARCH_ROUTES` orders routes (§3.4: not guaranteed sorted). */
export type RouteOrder = 'random' | 'sorted' | 'reversed' | 'shuffled';
export type DownMode = 'refuse' | 'hang' | 'http502' | 'http503';
export type FilterResult = 1 | 2 | 3;

export interface SimConfig {
  partners: Partner[];
  pushUrl: string | undefined;
  pushSign: boolean;
  duplicateOrder: DuplicateOrderMode;
  /** When set, a recipient or sender outside these provinces gets filterResult 3. */
  serviceableProvinces: string[] | undefined;
  routeOrder: RouteOrder;
}

/** One route record (a scan), as stored; `id` is the push `id` (§3.5), unique per record. */
export interface Route {
  id: string;
  acceptTime: string;
  acceptAddress: string;
  remark: string;
  opCode: string;
  reasonCode: string;
  reasonName: string;
}

export interface Order {
  partnerID: string;
  orderId: string;
  /** Absent when filterResult is 3 (not serviceable): no waybill is issued. */
  waybillNo: string | undefined;
  originCode: string;
  destCode: string;
  filterResult: FilterResult;
  remark: string;
  /** Last 4 digits of the sender's and recipient's phones (§3.4 checkPhoneNo). */
  phoneTails: string[];
  /** msgData of the create call, as received. */
  request: Record<string, unknown>;
  createdAt: number;
  /** Create calls with this orderId, the first included (duplicates are 8016 or return the original). */
  createCalls: number;
  cancelledAt: number | undefined;
  routes: Route[];
}

export interface ScriptRun {
  scenario: Scenario;
  stepDelayMs: number;
  steps: string[];
  done: number;
  origin: 'control' | 'auto';
  finished: boolean;
}

export interface AutoPolicy {
  scenario: Scenario | null;
  stepMs: number;
}

export type PushKind = 'route' | 'duplicate' | 'replay' | 'forged';
/** `no_url`: waiting for a push URL (`/__sim/config`); `held`: kept back by the reorder policy. */
export type PushState = 'no_url' | 'held' | 'pending' | 'in_flight' | 'delivered' | 'failed';
export type ForgeTamper = 'digest' | 'stale_timestamp' | 'unknown_mailno' | 'malformed_json';

export interface PushAttempt {
  at: string;
  url: string;
  httpStatus: number | null;
  /** Parsed JSON reply, or its text. */
  reply: unknown;
  latencyMs: number;
  error?: string;
  /** The headers sent (null when unsigned). */
  timestamp: string | null;
  digest: string | null;
}

export interface Push {
  id: number;
  kind: PushKind;
  tamper?: ForgeTamper;
  replayOf?: number;
  partnerID: string;
  routeIds: string[];
  mailnos: string[];
  orderIds: string[];
  /** The raw body bytes (UTF-8) sent on every attempt. */
  body: string;
  /** Fixed target (forge/replay `url`); otherwise the configured pushUrl at attempt time. */
  url: string | undefined;
  state: PushState;
  attempts: PushAttempt[];
  /** Simulator time of the next attempt while `pending`. */
  dueAt: number | null;
  /** Queue position among pushes due at the same time. */
  order: number;
}

export interface PushPolicy {
  delayMs: number;
  duplicates: number;
  reorder: boolean;
  /** Routes per push; 1 = one route each. */
  batch: number;
  dropFirst: number;
  retrySchedule: RetrySchedule;
  /** §3.5: no reply within 5 s counts as a failure. */
  timeoutMs: number;
}

export interface FaultRule extends FaultRuleBase {
  id: number;
  /** Exact service code or `*`. */
  serviceCode: string;
  apiResultCode?: string;
  errorCode?: string;
  errorMsg?: string;
  httpStatus?: number;
  /** `after`: the service runs (an order is stored) and then the reply is replaced or lost. */
  phase: 'before' | 'after';
}

export type { LatencyRule } from '../lib/faults';

export type JournalResponse = { kind: 'json'; status: number; body: unknown } | Unanswered;

export interface JournalEntry {
  at: string;
  method: string;
  path: string;
  /** Form fields other than msgData, as received. */
  params: Record<string, string>;
  /** msgData parsed when it is JSON, else as received. */
  msgData: unknown;
  serviceCode: string | null;
  partnerID: string | null;
  /** The digest received and the one recomputed with the partner's checkWord (null: unknown partner). */
  digest: { received: string | null; expected: string | null; ok: boolean } | null;
  fault: number | null;
  /** null while the request is still being answered. */
  response: JournalResponse | null;
}

/** Bounds for long dev runs, as for the journal; the oldest entries go first. */
const MAX_PUSHES = 20_000;
const MAX_REQUEST_IDS = 50_000;

export const DEFAULT_PUSH_POLICY: PushPolicy = { delayMs: 0, duplicates: 0, reorder: false, batch: 1, dropFirst: 0, retrySchedule: 'contract', timeoutMs: 5000 };

/**
 * Everything the simulator remembers. The clock is the only time source: timestamp tolerance,
 * default acceptTimes, push timestamps and retry due times all follow `now()`, so `/__sim/clock`
 * moves them together.
 */
export class SimState extends SimClock {
  /** Route ids keep growing across resets: our API dedupes on them and may outlive a reset. */
  private lastRouteId = 0;

  config: SimConfig;
  /** `partnerID \0 orderId` → order. */
  orders = new Map<string, Order>();
  waybills = new Map<string, Order>();
  filterOverrides = new Map<string, FilterResult>();
  scripts = new Map<Order, ScriptRun>();
  auto: AutoPolicy;

  pushes: Push[] = [];
  pushSeq = 0;
  queueOrder = 0;
  pushPolicy: PushPolicy = { ...DEFAULT_PUSH_POLICY };
  dropRemaining = 0;

  faults: FaultRule[] = [];
  faultSeq = 0;
  latency = new Map<string, LatencyRule>();
  down: DownMode | undefined;
  journal: JournalEntry[] = [];
  /** `partnerID \0 requestID` of calls that reached a service (A1007 on reuse). */
  requestIds = new Set<string>();
  /** Bumped by reset: work started before it must not touch the new state. */
  generation = 0;

  constructor(
    private readonly boot: () => { config: SimConfig; auto: AutoPolicy; retrySchedule: RetrySchedule },
    baseClock: () => number,
  ) {
    super(baseClock);
    const initial = boot();
    this.config = initial.config;
    this.auto = initial.auto;
    this.pushPolicy.retrySchedule = initial.retrySchedule;
  }

  reset(): void {
    const initial = this.boot();
    this.generation += 1;
    this.clockOffsetMs = 0;
    this.config = initial.config;
    this.auto = initial.auto;
    this.orders.clear();
    this.waybills.clear();
    this.filterOverrides.clear();
    this.scripts.clear();
    this.pushes = [];
    this.pushPolicy = { ...DEFAULT_PUSH_POLICY, retrySchedule: initial.retrySchedule };
    this.dropRemaining = 0;
    this.faults = [];
    this.latency.clear();
    this.down = undefined;
    this.journal = [];
    this.requestIds.clear();
  }

  partner(partnerID: string): Partner | undefined {
    return this.config.partners.find((p) => p.partnerID === partnerID);
  }

  orderKey(partnerID: string, orderId: string): string {
    return `${partnerID}\u0000${orderId}`;
  }

  /** The order with this id; `partnerID` disambiguates when two partners used the same id. */
  findOrder(orderId: string, partnerID?: string): Order | undefined {
    if (partnerID !== undefined) return this.orders.get(this.orderKey(partnerID, orderId));
    for (const order of this.orders.values()) if (order.orderId === orderId) return order;
    return undefined;
  }

  /** 15-digit numeric id like SF's (`158918741444476`): epoch ms × 100 plus a counter, never repeating in this process. */
  nextRouteId(): string {
    this.lastRouteId = Math.max(this.lastRouteId + 1, Date.now() * 100);
    return String(this.lastRouteId);
  }

  recordRequest(entry: JournalEntry): JournalEntry {
    appendBounded(this.journal, entry);
    return entry;
  }

  recordPush(push: Push): void {
    this.pushes.push(push);
    if (this.pushes.length > MAX_PUSHES) {
      const index = this.pushes.findIndex((p) => p.state === 'delivered' || p.state === 'failed');
      if (index >= 0) this.pushes.splice(index, 1);
    }
  }

  rememberRequestId(key: string): void {
    this.requestIds.add(key);
    if (this.requestIds.size > MAX_REQUEST_IDS) {
      const oldest = this.requestIds.values().next();
      if (!oldest.done) this.requestIds.delete(oldest.value);
    }
  }
}
