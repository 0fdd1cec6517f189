/**
 * The retry loop behind outgoing callbacks, pushes and notifications. Due times follow the
 * simulator clock (so moving `/__sim/clock` forward fires retries that fell due), and items that
 * share a lane leave one at a time in queue order (so reorder policies are the only reordering).
 * What is sent, how it is signed and what counts as acknowledged stay with each simulator.
 */
import { Outbound, type OutboundRequest } from './outbound';
import { Timers } from './timers';

/** The scheduling fields every queued item carries. */
export interface Queued {
  state: string;
  /** Simulator-clock ms when it may leave; null when not waiting. */
  dueAt: number | null;
  /** Tie-break among items due at once: queue order. */
  order: number;
}

export interface DeliveryHooks<T> {
  now(): number;
  /** Every item that may be waiting. */
  items(): Iterable<T>;
  slot(item: T): Queued;
  /** An item waits while any of its lanes has an attempt in flight. */
  lanes(item: T): readonly string[];
  /** The next number of the simulator's queue order. */
  nextOrder(): number;
  /** Starts a scheduled attempt; it ends by `finish` (or leaves its lanes to a reset). */
  start(item: T): void;
  /** Wake at least this often, for injected clocks that jump without telling anyone. */
  maxSleepMs?: number;
}

export interface SendOutcome {
  /** null when no HTTP reply arrived. */
  status: number | null;
  /** JSON when the reply was JSON, else its text; null when empty. */
  reply: unknown;
  latencyMs: number;
  error?: string;
}

export class DeliveryLoop<T> {
  readonly timers = new Timers();
  private readonly outbound = new Outbound();
  private readonly busy = new Set<string>();
  /** Clears what the reorder holds keep, on reset. */
  private readonly clearHolds: (() => void)[] = [];
  private cancelWake: (() => void) | undefined;
  private closed = false;

  constructor(private readonly hooks: DeliveryHooks<T>) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** A reorder hold on this loop's timers; a reset lets go of what it holds. */
  reorderHold<U extends Queued>(release: (group: U[]) => void): ReorderHold<U> {
    const hold = new ReorderHold<U>(this.timers, release);
    this.clearHolds.push(() => hold.clear());
    return hold;
  }

  /** Waits in the queue until `dueAt`, behind everything queued before it. */
  queue(slot: Queued, dueAt: number): void {
    slot.state = 'pending';
    slot.dueAt = dueAt;
    slot.order = this.hooks.nextOrder();
  }

  /** Starts every due item whose lanes are free, and sleeps until the next one falls due. */
  pump(): void {
    if (this.closed) return;
    this.cancelWake?.();
    this.cancelWake = undefined;
    const { hooks } = this;
    const now = hooks.now();
    const pending = [...hooks.items()].filter((item) => hooks.slot(item).state === 'pending' && hooks.slot(item).dueAt !== null);
    pending.sort((a, b) => (hooks.slot(a).dueAt ?? 0) - (hooks.slot(b).dueAt ?? 0) || hooks.slot(a).order - hooks.slot(b).order);
    let nextDue: number | undefined;
    for (const item of pending) {
      const dueAt = hooks.slot(item).dueAt ?? now;
      if (dueAt > now) {
        nextDue = Math.min(nextDue ?? dueAt, dueAt);
        continue;
      }
      const lanes = hooks.lanes(item);
      if (lanes.some((lane) => this.busy.has(lane))) continue;
      for (const lane of lanes) this.busy.add(lane);
      hooks.start(item);
    }
    if (nextDue !== undefined) this.cancelWake = this.timers.schedule(Math.min(nextDue - now, hooks.maxSleepMs ?? Infinity), () => this.pump());
  }

  /** Frees a scheduled attempt's lanes. */
  release(item: T): void {
    for (const lane of this.hooks.lanes(item)) this.busy.delete(lane);
  }

  /** After an attempt: frees its lanes when it was scheduled, then looks for due work. */
  finish(item: T, scheduled: boolean): void {
    if (scheduled) this.release(item);
    this.pump();
  }

  markInFlight(slot: Queued): void {
    slot.state = 'in_flight';
    slot.dueAt = null;
  }

  /**
   * POSTs one attempt, or records that it never reached the receiver when `dropped` (a dropFirst
   * policy). Resolves once the exchange is over, whatever happened to it.
   */
  async send(url: string, init: OutboundRequest, dropped: boolean): Promise<SendOutcome> {
    if (dropped) return { status: null, reply: null, latencyMs: 0, error: 'dropped by policy (dropFirst): never reached the receiver' };
    const result = await this.outbound.send(url, init);
    const text = result.body.toString('utf8');
    let reply: unknown;
    try {
      reply = text === '' ? null : (JSON.parse(text) as unknown);
    } catch {
      reply = text;
    }
    return { status: result.status, reply, latencyMs: result.latencyMs, ...(result.error === undefined ? {} : { error: result.error }) };
  }

  /**
   * An attempt's outcome: delivered when acknowledged; otherwise a one-off send (forgery,
   * replay) fails at once, and a scheduled one waits for its next retry or fails when the
   * schedule is spent. `attempts` counts the attempts made so far, this one included.
   */
  settle(slot: Queued, acknowledged: boolean, scheduled: boolean, attempts: number, retryDelaysMs: readonly number[]): void {
    if (acknowledged) {
      slot.state = 'delivered';
      return;
    }
    const delay = scheduled ? retryDelaysMs[attempts - 1] : undefined;
    if (delay === undefined) slot.state = 'failed';
    else this.queue(slot, this.hooks.now() + delay);
  }

  /** Drops everything waiting or in flight (reset). */
  reset(): void {
    this.timers.clear();
    this.outbound.abortAll();
    this.busy.clear();
    for (const clear of this.clearHolds) clear();
    this.cancelWake = undefined;
  }

  close(): void {
    this.closed = true;
    this.reset();
  }
}

/**
 * The reorder policy: a group (an item and its duplicates) waits, state `held`, until the next
 * group with the same key overtakes it, or leaves alone after the hold time.
 */
export class ReorderHold<U extends Queued> {
  private readonly held = new Map<string, U[]>();

  constructor(
    private readonly timers: Timers,
    private readonly release: (group: U[]) => void,
  ) {}

  /** Releases `group` (and, after it, the held group it overtakes), or holds it when `holdable`. */
  offer(key: string, group: U[], holdable: boolean, holdMs: number): void {
    const earlier = this.held.get(key);
    if (earlier) {
      this.held.delete(key);
      this.release(group);
      this.release(earlier);
      return;
    }
    if (!holdable) return this.release(group);
    for (const item of group) {
      item.state = 'held';
      item.dueAt = null;
    }
    this.held.set(key, group);
    this.timers.schedule(holdMs, () => {
      if (this.held.get(key) !== group) return;
      this.held.delete(key);
      this.release(group);
    });
  }

  clear(): void {
    this.held.clear();
  }
}

export interface QueuePolicy {
  delayMs: number;
  duplicates: number;
  dropFirst: number;
  timeoutMs: number;
  reorder: boolean;
}

/** An integer policy field within [min, max]; undefined when left out. */
export function intField(body: Record<string, unknown>, key: string, min: number, max: number, invalid: (field: string, problem: string) => Error): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw invalid(key, `must be an integer in [${min}, ${max}]`);
  return value;
}

/** Parses the policy fields every dispatcher shares; keys left out keep their value. */
export function parseQueuePolicy<P extends QueuePolicy>(current: P, body: Record<string, unknown>, invalid: (field: string, problem: string) => Error): P {
  const next: P = { ...current };
  next.delayMs = intField(body, 'delayMs', 0, 86_400_000, invalid) ?? next.delayMs;
  next.duplicates = intField(body, 'duplicates', 0, 10, invalid) ?? next.duplicates;
  next.dropFirst = intField(body, 'dropFirst', 0, 1000, invalid) ?? next.dropFirst;
  next.timeoutMs = intField(body, 'timeoutMs', 1, 600_000, invalid) ?? next.timeoutMs;
  if (body.reorder !== undefined) {
    if (typeof body.reorder !== 'boolean') throw invalid('reorder', 'must be a boolean');
    next.reorder = body.reorder;
  }
  return next;
}
