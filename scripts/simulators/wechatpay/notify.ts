/**
 * Notifications (spec §10): the resource is AES-256-GCM encrypted under the merchant's APIv3 key,
 * the POST is signed like a response (§3). Acknowledged = HTTP 200 or 204 within the ack window;
 * anything else is retried on the §10 schedule. Every attempt is signed afresh (new timestamp and
 * nonce) over the same body bytes, so a retry hours later still passes a 300 s freshness check.
 * Due times follow the simulator clock; per order one attempt is in flight at a time, so copies
 * and retries of one order leave in queue order (which `reorder` manipulates).
 */
import { randomBytes } from 'node:crypto';

import { ControlError } from '../lib/controls';
import { DeliveryLoop, parseQueuePolicy, type ReorderHold } from '../lib/delivery';
import { compactTime, digits, nonceString, requestId, rfc3339 } from './format';
import { serialFor, type PlatformKeys } from './keys';
import { orderView } from './orders';
import { AES_ALGORITHM, encryptAesGcm, PROBE_PREFIX, responseSignMessage, rsaSign, SIGN_SCHEME } from './signing';
import type { Attempt, Delivery, ForgeTamper, Notification, NotifyPolicy, Order, SimState } from './state';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
/** §10: 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h after each failed attempt (16 attempts, 24h4m). */
export const OFFICIAL_RETRY_DELAYS_MS: readonly number[] = [15 * S, 15 * S, 30 * S, 3 * MIN, 10 * MIN, 20 * MIN, 30 * MIN, 30 * MIN, 30 * MIN, 60 * MIN, 3 * H, 3 * H, 3 * H, 6 * H, 6 * H];
/** `compressed`: the same intervals with seconds read as milliseconds (15 s → 15 ms, 6 h → 21.6 s). */
export const COMPRESSED_RETRY_DELAYS_MS: readonly number[] = OFFICIAL_RETRY_DELAYS_MS.map((ms) => ms / 1000);

/** A reorder-held notification goes out alone if no other arrives within this. */
const REORDER_HOLD_MS = { official: 2000, compressed: 200 } as const;
/** The stale_timestamp forgery is this much older than the 300 s window allows. */
const STALE_BY_SEC = 310;
const UNKNOWN_PUBLIC_KEY_ID = 'PUB_KEY_ID_0114999999999999999999999999';
const MAX_REPLY_BYTES = 64 * 1024;

export function retryDelays(policy: NotifyPolicy): readonly number[] {
  return policy.schedule === 'compressed' ? COMPRESSED_RETRY_DELAYS_MS : OFFICIAL_RETRY_DELAYS_MS;
}

export interface EventInput {
  eventType: string;
  summary: string;
  originalType: 'transaction' | 'refund';
  mchid: string;
  outTradeNo: string;
  outRefundNo?: string;
  url: string;
  plaintext: Record<string, unknown>;
}

export interface ForgeInput {
  order: Order;
  tamper: ForgeTamper;
  /** Default the order's notify_url. */
  url?: string;
}

interface Signed {
  headers: Record<string, string>;
  timestamp: string;
  serial: string;
}

/** `EV-20250101100005…`: unique per notification, shared by its duplicates and replays. */
function newEventId(nowMs: number): string {
  return `EV-${compactTime(nowMs)}${digits(7)}`;
}

/** Flips a byte in the middle of a base64 string's bytes: still base64, no longer valid. */
function corruptBase64(value: string): string {
  const data = Buffer.from(value, 'base64');
  const at = Math.floor(data.length / 2);
  data[at] = (data[at] ?? 0) ^ 0xff;
  return data.toString('base64');
}

/** A delivery with the notification it carries: what the retry loop schedules. */
interface Queued {
  notification: Notification;
  delivery: Delivery;
}

export class NotifyDispatcher {
  private readonly loop: DeliveryLoop<Queued>;
  private readonly reorder: ReorderHold<Delivery>;

  constructor(
    private readonly state: SimState,
    private readonly keys: PlatformKeys,
  ) {
    this.loop = new DeliveryLoop<Queued>({
      now: () => state.now(),
      items: function* () {
        for (const notification of state.notifications) for (const delivery of notification.deliveries) yield { notification, delivery };
      },
      slot: (queued) => queued.delivery,
      // Per order one attempt at a time, so copies and retries of an order leave in queue order.
      lanes: (queued) => [`${queued.notification.mchid}\u0000${queued.notification.outTradeNo}`],
      nextOrder: () => (state.queueOrder += 1),
      start: (queued) => void this.attempt(queued.notification, queued.delivery, true).finally(() => this.loop.finish(queued, true)),
    });
    this.reorder = this.loop.reorderHold<Delivery>((deliveries) => this.release(deliveries));
  }

  /** Builds, stores and queues one event notification according to the policy. */
  emit(input: EventInput): Notification | undefined {
    const merchant = this.state.config.merchants.get(input.mchid);
    // A merchant removed by /__sim/config has no APIv3 key left to encrypt with.
    if (!merchant) return undefined;
    const now = this.state.now();
    const notification = this.store({ ...input, kind: 'event', body: this.envelope(input, merchant.apiV3Key, now, false), createdAt: now });
    const policy = this.state.notifyPolicy;
    const copies = [this.addDelivery(notification, 'original')];
    for (let i = 0; i < policy.duplicates; i += 1) copies.push(this.addDelivery(notification, 'duplicate'));
    // One hold across all orders: whatever notification comes next overtakes the held one.
    if (policy.reorder) this.reorder.offer('', copies, true, REORDER_HOLD_MS[policy.schedule]);
    else this.release(copies);
    return notification;
  }

  /** `POST /__sim/notify/replay`: the stored notification goes out once more, verbatim, now. */
  async replay(notificationId: string): Promise<{ notification: Notification; attempt: Attempt | undefined }> {
    const notification = this.state.notifications.find((n) => n.id === notificationId);
    if (!notification) throw new ControlError(404, `no notification ${notificationId}`);
    const delivery = this.addDelivery(notification, 'replay');
    const attempt = await this.attempt(notification, delivery, false);
    return { notification, attempt };
  }

  /** `POST /__sim/notify/forge`: one crafted TRANSACTION.SUCCESS, sent once, now. */
  async forge(input: ForgeInput): Promise<{ notification: Notification; attempt: Attempt | undefined }> {
    const { order, tamper } = input;
    const merchant = this.state.config.merchants.get(order.mchid);
    if (!merchant) throw new ControlError(409, `merchant ${order.mchid} is no longer configured`);
    const now = this.state.now();
    const plaintext = this.forgedResource(order, tamper, now);
    const event: EventInput = { eventType: 'TRANSACTION.SUCCESS', summary: '支付成功', originalType: 'transaction', mchid: order.mchid, outTradeNo: order.outTradeNo, url: input.url ?? order.notifyUrl, plaintext };
    const notification = this.store({ ...event, kind: 'forged', tamper, body: this.envelope(event, merchant.apiV3Key, now, tamper === 'bad_ciphertext'), createdAt: now });
    const delivery = this.addDelivery(notification, 'forged');
    const attempt = await this.attempt(notification, delivery, false);
    return { notification, attempt };
  }

  /** Re-examines due times (after a clock move or a policy change). */
  pump(): void {
    this.loop.pump();
  }

  /** Forgets queued work (state.reset() clears the stored notifications). */
  reset(): void {
    this.loop.reset();
  }

  close(): void {
    this.loop.close();
  }

  // ---------------------------------------------------------------- building

  private store(input: EventInput & { kind: Notification['kind']; tamper?: ForgeTamper; body: { id: string; text: string }; createdAt: number }): Notification {
    const notification: Notification = {
      id: input.body.id,
      kind: input.kind,
      ...(input.tamper ? { tamper: input.tamper } : {}),
      eventType: input.eventType,
      mchid: input.mchid,
      outTradeNo: input.outTradeNo,
      ...(input.outRefundNo === undefined ? {} : { outRefundNo: input.outRefundNo }),
      url: input.url,
      createdAt: input.createdAt,
      plaintext: input.plaintext,
      body: input.body.text,
      deliveries: [],
    };
    this.state.recordNotification(notification);
    return notification;
  }

  /** The §10 JSON body, serialised once: every copy and attempt sends these exact bytes. */
  private envelope(input: EventInput, apiV3Key: string, nowMs: number, corrupt: boolean): { id: string; text: string } {
    const nonce = nonceString(12).toLowerCase();
    const ciphertext = encryptAesGcm(apiV3Key, nonce, input.originalType, JSON.stringify(input.plaintext));
    const id = newEventId(nowMs);
    const body = {
      id,
      create_time: rfc3339(nowMs),
      resource_type: 'encrypt-resource',
      event_type: input.eventType,
      summary: input.summary,
      resource: { original_type: input.originalType, algorithm: AES_ALGORITHM, ciphertext: corrupt ? corruptBase64(ciphertext) : ciphertext, associated_data: input.originalType, nonce },
    };
    return { id, text: JSON.stringify(body) };
  }

  /** A successful-looking payment of `order`, altered as `tamper` asks (amount/appid/mchid lie in the resource). */
  private forgedResource(order: Order, tamper: ForgeTamper, nowMs: number): Record<string, unknown> {
    const real = orderView(this.state, order);
    const resource: Record<string, unknown> = {
      ...real,
      transaction_id: order.transactionId ?? `42000${digits(5)}${compactTime(nowMs).slice(0, 8)}${digits(10)}`,
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      bank_type: order.bankType ?? 'OTHERS',
      success_time: rfc3339(order.successAt ?? nowMs),
      payer: { openid: order.payerOpenid ?? order.openid },
      amount: { total: order.total, payer_total: order.total, currency: 'CNY', payer_currency: 'CNY' },
    };
    if (tamper === 'amount') resource.amount = { total: order.total + 1, payer_total: order.total + 1, currency: 'CNY', payer_currency: 'CNY' };
    if (tamper === 'appid') resource.appid = 'wxf0rged0000000000';
    if (tamper === 'mchid') resource.mchid = order.mchid === '1900009999' ? '1900009998' : '1900009999';
    return resource;
  }

  private addDelivery(notification: Notification, kind: Delivery['kind']): Delivery {
    const delivery: Delivery = { copy: notification.deliveries.length, kind, state: 'pending', dueAt: null, order: 0, attempts: [] };
    notification.deliveries.push(delivery);
    return delivery;
  }

  private release(deliveries: Delivery[]): void {
    const dueAt = this.state.now() + this.state.notifyPolicy.delayMs;
    for (const delivery of deliveries) this.loop.queue(delivery, dueAt);
    this.pump();
  }

  // ---------------------------------------------------------------- sending

  /** The §3 headers of one attempt, with the defect a forgery asks for. */
  private sign(notification: Notification): Signed {
    const tamper = notification.tamper;
    const timestamp = String(Math.floor(this.state.now() / 1000) - (tamper === 'stale_timestamp' ? STALE_BY_SEC : 0));
    const nonce = nonceString(32);
    const serial = tamper === 'unknown_serial' ? this.unknownSerial() : serialFor(this.keys, this.state.config.signMode);
    let signature = rsaSign(this.keys.privateKey, responseSignMessage(timestamp, nonce, notification.body));
    if (tamper === 'signature') signature = corruptBase64(signature);
    if (tamper === 'probe') signature = `${PROBE_PREFIX}${randomBytes(192).toString('base64')}`;
    return {
      timestamp,
      serial,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Mozilla/4.0',
        'request-id': requestId(),
        'wechatpay-timestamp': timestamp,
        'wechatpay-nonce': nonce,
        'wechatpay-signature': signature,
        'wechatpay-serial': serial,
        'wechatpay-signature-type': SIGN_SCHEME,
      },
    };
  }

  private unknownSerial(): string {
    return this.state.config.signMode === 'pubkey' ? UNKNOWN_PUBLIC_KEY_ID : randomBytes(20).toString('hex').toUpperCase();
  }

  /**
   * One attempt. Scheduled attempts (the original, duplicates, retries) follow the policy and the
   * schedule; replays and forgeries are sent once. Returns undefined when a reset or close
   * overtook the attempt.
   */
  private async attempt(notification: Notification, delivery: Delivery, scheduled: boolean): Promise<Attempt | undefined> {
    const generation = this.state.generation;
    this.loop.markInFlight(delivery);
    const startedAt = this.state.now();
    const signed = this.sign(notification);
    const policy = this.state.notifyPolicy;
    const dropped = scheduled && policy.dropFirst > 0;
    if (dropped) policy.dropFirst -= 1;
    const outcome = await this.loop.send(notification.url, { method: 'POST', headers: signed.headers, body: notification.body, timeoutMs: policy.timeoutMs, maxBytes: MAX_REPLY_BYTES }, dropped);
    if (this.loop.isClosed || generation !== this.state.generation) return undefined;

    const attempt: Attempt = {
      at: rfc3339(startedAt),
      status: outcome.status,
      latencyMs: outcome.latencyMs,
      responseBody: outcome.reply,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      timestamp: signed.timestamp,
      serial: signed.serial,
    };
    delivery.attempts.push(attempt);
    this.loop.settle(delivery, outcome.status === 200 || outcome.status === 204, scheduled, delivery.attempts.length, retryDelays(this.state.notifyPolicy));
    return attempt;
  }
}

/** A notification as `GET /__sim/outbox` shows it. */
export function notificationView(notification: Notification): Record<string, unknown> {
  return {
    id: notification.id,
    kind: notification.kind,
    ...(notification.tamper ? { tamper: notification.tamper } : {}),
    eventType: notification.eventType,
    mchid: notification.mchid,
    outTradeNo: notification.outTradeNo,
    ...(notification.outRefundNo === undefined ? {} : { outRefundNo: notification.outRefundNo }),
    url: notification.url,
    createdAt: rfc3339(notification.createdAt),
    plaintext: notification.plaintext,
    body: JSON.parse(notification.body) as unknown,
    deliveries: notification.deliveries.map((d) => ({
      copy: d.copy,
      kind: d.kind,
      state: d.state,
      nextAttemptAt: d.dueAt === null ? null : rfc3339(d.dueAt),
      attempts: d.attempts,
    })),
  };
}

/** Parses `POST /__sim/notify/policy`; keys left out keep their value. */
export function parseNotifyPolicy(current: NotifyPolicy, body: Record<string, unknown>): NotifyPolicy {
  const next = parseQueuePolicy(current, body, (field, problem) => new ControlError(400, `${field} ${problem}`));
  if (body.schedule !== undefined) {
    if (body.schedule !== 'official' && body.schedule !== 'compressed') throw new ControlError(400, 'schedule must be "official" or "compressed"');
    next.schedule = body.schedule;
  }
  return next;
}
