import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import CircuitBreaker from 'opossum';
import { Platform } from '../../common/platform';
import { signRequest } from './exchange.signing';

/** The exchange's envelope (§3). */
export interface Envelope<T = unknown> {
  code: string;
  message: string;
  requestId?: string;
  data?: T;
}

/** The department (or the way to it) can't be reached now: retry later, nothing is lost. */
export class ExchangeUnavailable extends Error {}

/**
 * The exchange's rate limit (§3: 429 10007, 50 requests/s per app key): we asked too fast, the
 * department is fine. Not an outage — no breaker, nothing to tell the resident — just later.
 */
export class ExchangeBusy extends ExchangeUnavailable {
  constructor(readonly retryAfterMs: number) {
    super(`HTTP 429 10007: rate limited, retry after ${retryAfterMs} ms`);
  }
}

/** Waits up to this long for a Retry-After inside one call before handing the retry back to the caller's job. */
const BUSY_WAIT_MAX_MS = 2_000;
const BUSY_ATTEMPTS = 3;

/** The department answered and said no: retrying the same request won't help. */
export class ExchangeRejected extends Error {
  constructor(
    readonly status: number,
    readonly envelope: Envelope,
  ) {
    super(`${status} ${envelope.code} ${envelope.message}`);
  }
}

interface Call {
  dept: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  query?: URLSearchParams;
}

/**
 * Calls to departmental systems through the provincial exchange: both signature layers, a
 * timeout, and one circuit breaker per department so an outage fails fast instead of piling up.
 * Production and the simulator share this code; only the base URL and keys differ.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class ExchangeClient {
  @Inject()
  platform!: Platform;

  private readonly breakers = new Map<string, CircuitBreaker<[Call], Envelope>>();

  async call<T>(call: Call): Promise<Envelope<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.breaker(call.dept).fire(call)) as Envelope<T>;
      } catch (err) {
        if (err instanceof ExchangeBusy) {
          // A short Retry-After is waited out here; a long one (or a third refusal) goes back to the job.
          if (attempt < BUSY_ATTEMPTS && err.retryAfterMs <= BUSY_WAIT_MAX_MS) {
            await new Promise((r) => setTimeout(r, err.retryAfterMs + Math.random() * 200));
            continue;
          }
          throw err;
        }
        if (err instanceof ExchangeRejected) throw err;
        throw new ExchangeUnavailable(err instanceof Error ? err.message : String(err));
      }
    }
  }

  /** open / halfOpen / closed per department, for operators and metrics. */
  states(): Record<string, string> {
    return Object.fromEntries([...this.breakers].map(([dept, b]) => [dept, b.opened ? 'open' : b.halfOpen ? 'half_open' : 'closed']));
  }

  private breaker(dept: string): CircuitBreaker<[Call], Envelope> {
    let b = this.breakers.get(dept);
    if (!b) {
      b = new CircuitBreaker((c: Call) => this.send(c), {
        timeout: false,
        errorThresholdPercentage: 50,
        volumeThreshold: 5,
        resetTimeout: 30_000,
        // A department saying "no", or asking us to slow down, is not an outage.
        errorFilter: (err: unknown) => err instanceof ExchangeRejected || err instanceof ExchangeBusy,
      });
      b.on('open', () => this.platform.logger.warn('exchange breaker open', { dept }));
      b.on('close', () => this.platform.logger.info('exchange breaker closed', { dept }));
      this.breakers.set(dept, b);
    }
    return b;
  }

  private async send(call: Call): Promise<Envelope> {
    const cfg = this.platform.config.exchange;
    const body = call.body === undefined ? '' : JSON.stringify(call.body);
    const query = call.query ?? new URLSearchParams();
    const headers = signRequest({
      method: call.method,
      path: call.path,
      query,
      body,
      paas: { paasId: cfg.paasId, paasToken: cfg.paasToken },
      app: { appKey: cfg.appKey, appSecret: cfg.appSecret, signMethod: cfg.signMethod },
    });
    const qs = query.toString();
    const res = await fetch(`${cfg.base}${call.path}${qs ? `?${qs}` : ''}`, {
      method: call.method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body || undefined,
      signal: AbortSignal.timeout(cfg.timeoutMs),
    });
    let envelope: Envelope;
    try {
      envelope = (await res.json()) as Envelope;
    } catch {
      throw new ExchangeUnavailable(`HTTP ${res.status} without a JSON envelope`);
    }
    if (res.ok && envelope.code === '0') return envelope;
    if (res.status === 429) throw new ExchangeBusy(Math.max(0, Number(res.headers.get('retry-after')) || 1) * 1000);
    if (res.status >= 500) throw new ExchangeUnavailable(`HTTP ${res.status} ${envelope.code}`);
    throw new ExchangeRejected(res.status, envelope);
  }
}
