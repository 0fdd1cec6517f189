/** What every simulator's state shares: the clock and bounded logs. */

/**
 * The one time source of a simulator's business time (expiry, signature windows, due times):
 * a base clock (real time unless a test injects one) shifted by `/__sim/clock`. Latency and
 * timeouts stay wall-clock, so moving this clock never stalls the event loop.
 */
export class SimClock {
  protected clockOffsetMs = 0;

  constructor(private readonly baseClock: () => number = Date.now) {}

  /** Epoch milliseconds. */
  now(): number {
    return this.baseClock() + this.clockOffsetMs;
  }

  /** Now in UTC with milliseconds, for journals. */
  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  get clockOffsetSec(): number {
    return this.clockOffsetMs / 1000;
  }

  setClockOffset(seconds: number): void {
    this.clockOffsetMs = Math.round(seconds * 1000);
  }
}

/** Long dev runs must not grow without bound. */
export const LOG_LIMIT = 5000;

/** Appends to a bounded log; past `max` the oldest entry goes. */
export function appendBounded<T>(log: T[], entry: T, max = LOG_LIMIT): void {
  log.push(entry);
  if (log.length > max) log.shift();
}
