/**
 * Route pushes (§3.5): every route appended with push:true is POSTed to our push URL, signed per
 * our contract, and retried until answered HTTP 200 `{"return_code":"0000"}` within the timeout.
 * Due times follow the simulator clock, so moving `/__sim/clock` forward fires retries that fell
 * due. Per waybill at most one push is in flight, so pushes of one shipment leave in queue order
 * (which the reorder policy manipulates); different shipments do not wait for each other.
 */
import { randomBytes } from 'node:crypto';

import { ControlError } from '../lib/controls';
import { DeliveryLoop, intField, parseQueuePolicy, type ReorderHold } from '../lib/delivery';
import { isTerminalOpCode, remarkFor } from './canonical';
import { sfTime } from './format';
import { DEFAULT_ACCEPT_ADDRESS, newWaybill } from './orders';
import { MAX_CLOCK_SKEW_MS, PUSH_DIGEST_HEADER, PUSH_TIMESTAMP_HEADER, pushHeaders } from './signing';
import type { ForgeTamper, Order, Push, PushKind, PushPolicy, Route, SimState } from './state';
import { FieldError, isRecord, type Obj } from './validate';

/** Replies larger than this are cut off: a receiver's answer is a short JSON. */
const MAX_REPLY_BYTES = 64 * 1024;

const MINUTE_MS = 60_000;
/** §3.5 contract: retry at +1m, +5m, +10m, +30m, +1h, +2h, +6h, +12h after each failed attempt, then drop. */
export const RETRY_MINUTES: readonly number[] = [1, 5, 10, 30, 60, 120, 360, 720];
export const CONTRACT_RETRY_DELAYS_MS: readonly number[] = RETRY_MINUTES.map((m) => m * MINUTE_MS);
/** `compressed`: the same schedule with each minute read as one millisecond (the whole schedule takes 1.3 s). */
export const COMPRESSED_RETRY_DELAYS_MS: readonly number[] = RETRY_MINUTES;

/** A reorder-held route goes out alone if no later route of its waybill comes within this. */
const REORDER_HOLD_MS = 2000;
/** A batch that has not filled up goes out after this. */
const BATCH_WINDOW_MS = 1000;
/** Forged `stale_timestamp` pushes are signed this long ago: one minute beyond the tolerance. */
const STALE_BY_MS = MAX_CLOCK_SKEW_MS + MINUTE_MS;
/** Wake at least this often, so a `clock` option that jumps is noticed without `/__sim/clock`. */
const MAX_SLEEP_MS = 1000;

export function retryDelays(policy: PushPolicy): readonly number[] {
  return policy.retrySchedule === 'compressed' ? COMPRESSED_RETRY_DELAYS_MS : CONTRACT_RETRY_DELAYS_MS;
}

/** One route as it appears in a push body (§3.5), keys in the order SF sends them. */
export interface WireRoute {
  id: string;
  mailno: string;
  orderid: string;
  acceptTime: string;
  acceptAddress: string;
  remark: string;
  opCode: string;
  reasonCode: string;
  reasonName: string;
}

export function wireRoute(order: Order, route: Route): WireRoute {
  return {
    id: route.id,
    mailno: order.waybillNo ?? '',
    orderid: order.orderId,
    acceptTime: route.acceptTime,
    acceptAddress: route.acceptAddress,
    remark: route.remark,
    opCode: route.opCode,
    reasonCode: route.reasonCode,
    reasonName: route.reasonName,
  };
}

export function pushBody(routes: readonly WireRoute[]): string {
  return JSON.stringify({ Body: { WaybillRoute: routes } });
}

export interface ForgeRequest {
  orderId?: string;
  tamper: ForgeTamper;
  url?: string;
}

interface Batch {
  routes: WireRoute[];
  cancel: () => void;
}

export class PushDispatcher {
  private readonly loop: DeliveryLoop<Push>;
  private readonly reorder: ReorderHold<Push>;
  private readonly batches = new Map<string, Batch>();

  constructor(private readonly state: SimState) {
    this.loop = new DeliveryLoop({
      now: () => state.now(),
      items: () => state.pushes,
      slot: (push) => push,
      // A waybill whose earlier push is still in flight waits, so this one cannot overtake it.
      lanes: (push) => push.mailnos,
      nextOrder: () => (state.queueOrder += 1),
      start: (push) => void this.attempt(push, true),
      maxSleepMs: MAX_SLEEP_MS,
    });
    this.reorder = this.loop.reorderHold<Push>((pushes) => this.release(pushes));
  }

  /** Queues one route per the push policy. */
  enqueue(order: Order, route: Route): void {
    const wire = wireRoute(order, route);
    if (this.state.pushPolicy.batch > 1) return this.addToBatch(order.partnerID, wire);
    const copies = this.copies(order.partnerID, [wire]);
    // The later route of a waybill overtakes the held one: e.g. 80 leaves before 44.
    if (this.state.pushPolicy.reorder) return this.reorder.offer(wire.mailno, copies, !isTerminalOpCode(wire.opCode), REORDER_HOLD_MS);
    this.release(copies);
  }

  /** `POST /__sim/push/replay`: a past push goes out again (same body, fresh headers) as a new push with retries. */
  replay(pushId: number, url?: string): Push {
    const original = this.state.pushes.find((p) => p.id === pushId);
    if (!original) throw new ControlError(404, `no push ${pushId}`);
    if (original.kind === 'forged') throw new ControlError(409, 'forged pushes are not replayed: forge again instead');
    const push = this.create('replay', original.partnerID, original.body, { routeIds: original.routeIds, mailnos: original.mailnos, orderIds: original.orderIds }, url);
    push.replayOf = original.id;
    this.release([push]);
    return push;
  }

  /** `POST /__sim/push/forge`: sends one crafted push now (no retries) and resolves with its outcome. */
  async forge(request: ForgeRequest): Promise<Push> {
    const state = this.state;
    const order = request.orderId === undefined ? undefined : state.findOrder(request.orderId);
    if (request.orderId !== undefined && !order) throw new ControlError(404, `no order ${request.orderId}`);
    const needsOrder = request.tamper === 'digest' || request.tamper === 'stale_timestamp';
    if (needsOrder && order?.waybillNo === undefined) throw new ControlError(order ? 409 : 404, `tamper ${request.tamper} needs an orderId with a waybill`);
    const url = request.url ?? state.config.pushUrl;
    if (url === undefined) throw new ControlError(409, 'no push URL: give url, or configure pushUrl');
    const partnerID = order?.partnerID ?? state.config.partners[0]?.partnerID ?? '';

    const unknown = request.tamper === 'unknown_mailno' || order?.waybillNo === undefined;
    // Not unknown: the tempting lie that the shipment was signed off just now.
    const opCode = unknown ? '50' : '80';
    const route: WireRoute = {
      id: state.nextRouteId(),
      mailno: unknown ? newWaybill(state) : (order?.waybillNo ?? ''),
      orderid: unknown ? `SIM-UNKNOWN-${randomBytes(4).toString('hex')}` : (order?.orderId ?? ''),
      acceptTime: sfTime(state.now()),
      acceptAddress: DEFAULT_ACCEPT_ADDRESS,
      remark: remarkFor(opCode),
      opCode,
      reasonCode: '',
      reasonName: '',
    };
    const wellFormed = pushBody([route]);
    // malformed_json: correctly signed, but the body stops short of its closing brackets.
    const body = request.tamper === 'malformed_json' ? wellFormed.slice(0, -3) : wellFormed;
    const push = this.create('forged', partnerID, body, { routeIds: [route.id], mailnos: [route.mailno], orderIds: [route.orderid] }, url);
    push.tamper = request.tamper;
    await this.attempt(push, false);
    return push;
  }

  /** The push URL was configured: pushes waiting for it are released. */
  urlChanged(): void {
    if (this.state.config.pushUrl === undefined) return;
    this.release(this.state.pushes.filter((p) => p.state === 'no_url'));
  }

  /** Re-evaluates due pushes (after a clock or policy change). */
  kick(): void {
    this.loop.pump();
  }

  /** Drops everything queued, batched, held or in flight (reset). */
  reset(): void {
    this.loop.reset();
    this.batches.clear();
  }

  close(): void {
    this.loop.close();
    this.batches.clear();
  }

  // ------------------------------------------------------------ internals

  private addToBatch(partnerID: string, wire: WireRoute): void {
    let batch = this.batches.get(partnerID);
    if (!batch) {
      batch = { routes: [], cancel: this.loop.timers.schedule(BATCH_WINDOW_MS, () => this.flushBatch(partnerID)) };
      this.batches.set(partnerID, batch);
    }
    batch.routes.push(wire);
    if (batch.routes.length >= this.state.pushPolicy.batch) this.flushBatch(partnerID);
  }

  /** One push carrying the batch's routes; under `reorder` they are listed last first. */
  private flushBatch(partnerID: string): void {
    const batch = this.batches.get(partnerID);
    if (!batch) return;
    this.batches.delete(partnerID);
    batch.cancel();
    const routes = this.state.pushPolicy.reorder ? [...batch.routes].reverse() : batch.routes;
    this.release(this.copies(partnerID, routes));
  }

  /** The push plus `duplicates` copies with the same body (same route ids). */
  private copies(partnerID: string, routes: WireRoute[]): Push[] {
    const body = pushBody(routes);
    const refs = { routeIds: routes.map((r) => r.id), mailnos: [...new Set(routes.map((r) => r.mailno))], orderIds: [...new Set(routes.map((r) => r.orderid))] };
    const kinds: PushKind[] = ['route', ...Array.from({ length: this.state.pushPolicy.duplicates }, (): PushKind => 'duplicate')];
    return kinds.map((kind) => this.create(kind, partnerID, body, refs));
  }

  private create(kind: PushKind, partnerID: string, body: string, refs: Pick<Push, 'routeIds' | 'mailnos' | 'orderIds'>, url?: string): Push {
    this.state.pushSeq += 1;
    const push: Push = { id: this.state.pushSeq, kind, partnerID, ...refs, body, url, state: 'pending', attempts: [], dueAt: null, order: 0 };
    this.state.recordPush(push);
    return push;
  }

  private release(pushes: Push[]): void {
    const dueAt = this.state.now() + this.state.pushPolicy.delayMs;
    for (const push of pushes) {
      if (push.url === undefined && this.state.config.pushUrl === undefined) {
        push.state = 'no_url';
        push.dueAt = null;
        continue;
      }
      this.loop.queue(push, dueAt);
    }
    this.loop.pump();
  }

  /** Content type plus, when signing, §3.5's two headers (tampered as a forgery asks). */
  private headersFor(push: Push, nowMs: number): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (!this.state.config.pushSign && push.kind !== 'forged') return headers;
    const checkWord = (this.state.partner(push.partnerID) ?? this.state.config.partners[0])?.checkWord ?? '';
    const signedAt = push.tamper === 'stale_timestamp' ? nowMs - STALE_BY_MS : nowMs;
    const key = push.tamper === 'digest' ? `${checkWord}-forged` : checkWord;
    return { ...headers, ...pushHeaders(push.body, key, signedAt) };
  }

  private async attempt(push: Push, scheduled: boolean): Promise<void> {
    const state = this.state;
    const generation = state.generation;
    const url = push.url ?? state.config.pushUrl;
    if (url === undefined) {
      // The URL was removed while this push waited.
      push.state = 'no_url';
      push.dueAt = null;
      if (scheduled) this.loop.release(push);
      return;
    }
    this.loop.markInFlight(push);
    const startedAt = state.now();
    const headers = this.headersFor(push, startedAt);
    const policy = state.pushPolicy;
    const dropped = scheduled && state.dropRemaining > 0;
    if (dropped) state.dropRemaining -= 1;
    const outcome = await this.loop.send(url, { method: 'POST', headers, body: push.body, timeoutMs: policy.timeoutMs, maxBytes: MAX_REPLY_BYTES }, dropped);
    if (this.loop.isClosed || generation !== state.generation) return;

    push.attempts.push({
      at: new Date(startedAt).toISOString(),
      url,
      httpStatus: outcome.status,
      reply: outcome.reply,
      latencyMs: outcome.latencyMs,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      timestamp: headers[PUSH_TIMESTAMP_HEADER] ?? null,
      digest: headers[PUSH_DIGEST_HEADER] ?? null,
    });
    const acknowledged = outcome.status === 200 && isRecord(outcome.reply) && outcome.reply.return_code === '0000';
    this.loop.settle(push, acknowledged, scheduled, push.attempts.length, retryDelays(policy));
    this.loop.finish(push, scheduled);
  }
}

/** A push as `GET /__sim/pushes` shows it: the body parsed (or raw when malformed). */
export function pushView(push: Push): Record<string, unknown> {
  const { body, dueAt, order: _order, ...rest } = push;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body) as unknown;
  } catch {
    parsed = body;
  }
  return { ...rest, body: parsed, rawBody: body, nextAttemptAt: dueAt === null ? null : new Date(dueAt).toISOString() };
}

/** Parses `POST /__sim/push/policy`; keys left out keep their value. */
export function parsePushPolicy(current: PushPolicy, body: Obj): PushPolicy {
  const invalid = (field: string, problem: string): Error => new FieldError(field, problem);
  const next = parseQueuePolicy(current, body, invalid);
  next.batch = intField(body, 'batch', 1, 100, invalid) ?? next.batch;
  if (body.retrySchedule !== undefined) {
    if (body.retrySchedule !== 'contract' && body.retrySchedule !== 'compressed') throw new FieldError('retrySchedule', 'must be "contract" or "compressed"');
    next.retrySchedule = body.retrySchedule;
  }
  return next;
}
