/**
 * Status callbacks (§4.6): every stored event is POSTed, signed with the department's key, to the
 * case's `callbackUrl` (or the configured one). Delivered = HTTP 200 with `{"code":"0"}` within
 * the timeout; otherwise retried per schedule. Due times follow the simulator clock, so moving
 * `/__sim/clock` forward fires retries that fell due. Per case at most one attempt is in flight,
 * so callbacks of one case leave in queue order (which `reorder` manipulates).
 */
import { randomBytes } from 'node:crypto';

import { ControlError } from '../lib/controls';
import { DeliveryLoop, parseQueuePolicy, type ReorderHold } from '../lib/delivery';
import { isTerminal, type DeptCode } from './catalog';
import { FieldError } from './errors';
import { beijingTime } from './format';
import { appHeaders, xTifHeaders } from './signing';
import type { CallbackPolicy, CaseEvent, CaseRecord, Delivery, ForgeTamper, SimState } from './state';
import { isRecord } from './validate';

/** §4.6 retry delays after each failed attempt: +10 s, 30 s, 1 m, 5 m, 15 m, 30 m, 1 h, 2 h, 6 h, 12 h, 24 h. */
export const CONTRACT_RETRY_DELAYS_MS: readonly number[] = [10, 30, 60, 300, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400].map((s) => s * 1000);

/** `compressed`: the same schedule with seconds read as milliseconds. */
export const COMPRESSED_RETRY_DELAYS_MS: readonly number[] = CONTRACT_RETRY_DELAYS_MS.map((ms) => ms / 1000);

/** A reorder-held event goes out alone if no later event of its case arrives within this. */
const REORDER_HOLD_MS = 2000;

export function retryDelays(policy: CallbackPolicy): readonly number[] {
  return policy.retryDelaysMs ?? (policy.schedule === 'compressed' ? COMPRESSED_RETRY_DELAYS_MS : CONTRACT_RETRY_DELAYS_MS);
}

export interface ForgeRequest {
  caseNo?: string;
  tamper: ForgeTamper;
  url?: string;
}

export class CallbackDispatcher {
  private readonly loop: DeliveryLoop<Delivery>;
  private readonly reorder: ReorderHold<Delivery>;

  constructor(private readonly state: SimState) {
    this.loop = new DeliveryLoop({
      now: () => state.now(),
      items: () => state.deliveries,
      slot: (delivery) => delivery,
      // Per case one attempt at a time, so callbacks of a case leave in queue order.
      lanes: (delivery) => [delivery.caseNo],
      nextOrder: () => (state.queueOrder += 1),
      start: (delivery) => void this.attempt(delivery, true),
    });
    this.reorder = this.loop.reorderHold<Delivery>((deliveries) => this.release(deliveries));
  }

  /** Queues one stored event according to the callback policy. */
  enqueue(kase: CaseRecord, event: CaseEvent): void {
    const policy = this.state.callbackPolicy;
    const url = kase.callbackUrl ?? this.state.config.callbackUrl ?? null;
    const body = JSON.stringify(event);
    const copies = [this.create('event', kase, event, url, body)];
    for (let i = 0; i < policy.duplicates; i += 1) copies.push(this.create('duplicate', kase, event, url, body));

    if (url === null) return this.settle(copies, 'no_url');
    if (policy.skipSeq.includes(event.seq)) return this.settle(copies, 'skipped');
    // The later event of a case overtakes the held one: seq n+1 leaves before seq n.
    if (policy.reorder) return this.reorder.offer(kase.caseNo, copies, !isTerminal(event.status), REORDER_HOLD_MS);
    this.release(copies);
  }

  /** `POST /__sim/callbacks/replay`: the stored event with this id goes out again as a new delivery. */
  replay(eventId: string, url?: string): Delivery {
    for (const kase of this.state.cases.values()) {
      const event = kase.history.find((e) => e.eventId === eventId);
      if (!event) continue;
      const target = url ?? kase.callbackUrl ?? this.state.config.callbackUrl ?? null;
      if (target === null) throw new ControlError(409, 'no callback URL: give url, or configure callbackUrl');
      const delivery = this.create('replay', kase, event, target, JSON.stringify(event));
      this.release([delivery]);
      return delivery;
    }
    throw new ControlError(404, `no stored event ${eventId}`);
  }

  /** `POST /__sim/callbacks/forge`: sends one crafted callback now and resolves with its outcome. */
  async forge(request: ForgeRequest): Promise<Delivery> {
    const kase = request.caseNo === undefined ? undefined : this.state.caseByRef(request.caseNo);
    if (request.tamper !== 'unknown_case' && !kase) throw new ControlError(404, `case ${request.caseNo ?? '(none given)'} not found`);
    const url = request.url ?? kase?.callbackUrl ?? this.state.config.callbackUrl;
    if (url === undefined) throw new ControlError(409, 'no callback URL: give url, or configure callbackUrl');
    if (request.tamper === 'nonce_replay' && this.lastAcceptedNonce() === undefined) {
      throw new ControlError(409, 'no callback has been acknowledged yet, so there is no nonce to replay');
    }
    const event = this.forgedEvent(request.tamper, kase);
    const delivery = this.createRaw({ kind: 'forged', tamper: request.tamper, event, url, body: JSON.stringify(event), deptCode: kase?.deptCode ?? 'RS' });
    if (request.tamper === 'bad_digest') {
      // Headers are computed over the genuine bytes; the body sent says something else.
      delivery.signedBody = JSON.stringify({ ...event, result: event.result ? { ...event.result, decision: 'DENIED' } : null, reason: '原始内容' });
    }
    await this.attempt(delivery, false);
    return delivery;
  }

  /** Re-evaluates due deliveries (after a clock change or a policy change). */
  kick(): void {
    this.loop.pump();
  }

  /** Drops everything queued or in flight (reset). */
  reset(): void {
    this.loop.reset();
  }

  close(): void {
    this.loop.close();
  }

  // ------------------------------------------------------------ internals

  private create(kind: Delivery['kind'], kase: CaseRecord, event: CaseEvent, url: string | null, body: string): Delivery {
    return this.createRaw({ kind, event, url, body, deptCode: kase.deptCode });
  }

  private createRaw(input: { kind: Delivery['kind']; tamper?: ForgeTamper; event: CaseEvent; url: string | null; body: string; deptCode: DeptCode }): Delivery {
    this.state.deliverySeq += 1;
    const delivery: Delivery = {
      id: this.state.deliverySeq,
      kind: input.kind,
      ...(input.tamper ? { tamper: input.tamper } : {}),
      eventId: input.event.eventId,
      caseNo: input.event.caseNo,
      seq: input.event.seq,
      status: input.event.status,
      deptCode: input.deptCode,
      url: input.url,
      body: input.body,
      state: 'pending',
      attempts: [],
      dueAt: null,
      order: 0,
    };
    this.state.deliveries.push(delivery);
    return delivery;
  }

  private settle(deliveries: Delivery[], state: Delivery['state']): void {
    for (const delivery of deliveries) {
      delivery.state = state;
      delivery.dueAt = null;
    }
  }

  private release(deliveries: Delivery[]): void {
    const dueAt = this.state.now() + this.state.callbackPolicy.delayMs;
    for (const delivery of deliveries) this.loop.queue(delivery, dueAt);
    this.loop.pump();
  }

  private lastAcceptedNonce(): string | undefined {
    for (let i = this.state.deliveries.length - 1; i >= 0; i -= 1) {
      const attempts = this.state.deliveries[i]?.attempts ?? [];
      for (let j = attempts.length - 1; j >= 0; j -= 1) {
        const attempt = attempts[j];
        if (attempt?.httpStatus === 200) return attempt.xNonce;
      }
    }
    return undefined;
  }

  /** The Layer A + B headers of one attempt, tampered as the forge asks. */
  private headersFor(delivery: Delivery, nowMs: number): Record<string, string> {
    const url = new URL(delivery.url ?? 'http://invalid.invalid/');
    const key = this.state.config.deptKeys[delivery.deptCode];
    const stale = delivery.tamper === 'stale_timestamp';
    const signedAt = stale ? nowMs - 301_000 : nowMs;
    const nonce = delivery.tamper === 'nonce_replay' ? this.lastAcceptedNonce() : undefined;
    const secret = delivery.tamper === 'signature' ? `${key.appSecret}-forged` : key.appSecret;
    const paas = this.state.config.paas[0];
    return {
      'content-type': 'application/json; charset=utf-8',
      ...(paas ? xTifHeaders(paas, signedAt) : {}),
      ...appHeaders(
        { appKey: key.appKey, appSecret: secret, signMethod: key.signMethod },
        { method: 'POST', path: url.pathname, query: url.search, body: delivery.signedBody ?? delivery.body, nowMs: signedAt, nonce },
      ),
    };
  }

  private async attempt(delivery: Delivery, scheduled: boolean): Promise<void> {
    const generation = this.state.generation;
    this.loop.markInFlight(delivery);
    const startedAt = this.state.now();
    const headers = this.headersFor(delivery, startedAt);
    const policy = this.state.callbackPolicy;
    const dropped = scheduled && this.state.dropRemaining > 0;
    if (dropped) this.state.dropRemaining -= 1;
    const outcome = await this.loop.send(delivery.url ?? '', { method: 'POST', headers, body: delivery.body, timeoutMs: policy.timeoutMs, maxBytes: 64 * 1024 }, dropped);
    if (this.loop.isClosed || generation !== this.state.generation) return;

    delivery.attempts.push({
      at: new Date(startedAt).toISOString(),
      httpStatus: outcome.status,
      body: outcome.reply,
      latencyMs: outcome.latencyMs,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      xTimestamp: headers['X-Timestamp'] ?? '',
      xNonce: headers['X-Nonce'] ?? '',
    });
    const acknowledged = outcome.status === 200 && isRecord(outcome.reply) && outcome.reply.code === '0';
    this.loop.settle(delivery, acknowledged, scheduled, delivery.attempts.length, retryDelays(policy));
    this.loop.finish(delivery, scheduled);
  }

  private forgedEvent(tamper: ForgeTamper, kase: CaseRecord | undefined): CaseEvent {
    const eventId = `EV-FORGED-${randomBytes(6).toString('hex')}`;
    const now = beijingTime(this.state.now());
    if (tamper === 'unknown_case' || !kase) {
      return {
        eventId,
        caseNo: `RS20000101${String(randomBytes(4).readUInt32BE(0) % 100_000_000).padStart(8, '0')}`,
        applicationNo: `GZ-UNKNOWN-${randomBytes(4).toString('hex')}`,
        seq: 2,
        status: 'ACCEPTED',
        statusName: '已受理',
        occurredAt: now,
        handler: { deptName: '广州市海珠区人力资源和社会保障局', window: '1号窗口' },
        reason: null,
        supplement: null,
        result: null,
      };
    }
    const handler = kase.history[kase.history.length - 1]?.handler ?? { deptName: '', window: '' };
    if (tamper === 'seq_regress') {
      // Correctly signed, but older than what the receiver already holds.
      return {
        eventId,
        caseNo: kase.caseNo,
        applicationNo: kase.applicationNo,
        seq: Math.max(1, kase.seq - 1),
        status: 'SUPPLEMENT_REQUIRED',
        statusName: '待补正',
        occurredAt: now,
        handler,
        reason: '（回退的旧事件）',
        supplement: { requiredMaterials: [{ materialCode: 'M999', name: '补充材料', note: null }], deadline: beijingTime(this.state.now() + 10 * 86_400_000) },
        result: null,
      };
    }
    // The tempting lie: the case is approved, one seq ahead of the truth.
    return {
      eventId,
      caseNo: kase.caseNo,
      applicationNo: kase.applicationNo,
      seq: kase.seq + 1,
      status: 'CONCLUDED',
      statusName: '办结',
      occurredAt: now,
      handler,
      reason: null,
      supplement: null,
      result: { decision: 'APPROVED', reason: null, licenseIds: [], documents: [] },
    };
  }
}

/** A delivery as `GET /__sim/callbacks` shows it. */
export function deliveryView(delivery: Delivery): Record<string, unknown> {
  const { body, signedBody, dueAt, order: _order, ...rest } = delivery;
  return {
    ...rest,
    body: JSON.parse(body) as unknown,
    ...(signedBody === undefined ? {} : { signedBody: JSON.parse(signedBody) as unknown }),
    nextAttemptAt: dueAt === null ? null : new Date(dueAt).toISOString(),
  };
}

/** Parses `POST /__sim/callbacks/policy`; keys left out keep their value. */
export function parseCallbackPolicy(current: CallbackPolicy, body: Record<string, unknown>): CallbackPolicy {
  const next = parseQueuePolicy(current, body, (field, problem) => new FieldError(field, problem));
  if (body.skipSeq !== undefined) {
    if (!Array.isArray(body.skipSeq) || !body.skipSeq.every((n): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1)) {
      throw new FieldError('skipSeq', 'must be a list of seq numbers ≥ 1');
    }
    next.skipSeq = body.skipSeq;
  }
  if (body.schedule !== undefined) {
    if (body.schedule !== 'contract' && body.schedule !== 'compressed') throw new FieldError('schedule', 'must be "contract" or "compressed"');
    next.schedule = body.schedule;
  }
  if (body.retryDelaysMs !== undefined) {
    if (body.retryDelaysMs === null) next.retryDelaysMs = undefined;
    else if (!Array.isArray(body.retryDelaysMs) || !body.retryDelaysMs.every((n): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0)) {
      throw new FieldError('retryDelaysMs', 'must be a list of delays in ms (or null for the schedule)');
    } else next.retryDelaysMs = body.retryDelaysMs;
  }
  return next;
}
