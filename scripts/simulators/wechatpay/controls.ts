/**
 * `/__sim/*` controls (spec §13, plus the ones a test suite needs; README.md lists them all).
 * Loopback only; the server enforces that before calling here. The cashier page lives in
 * cashier.ts because it answers HTML, not JSON.
 */
import { ControlError, controlDispatcher, faultListControls, health, reset, type Control as ControlOf, type ControlRequest, type ControlTable } from '../lib/controls';
import { buildBill, billReady, BILL_TYPES, BILL_COLUMNS, SUMMARY_COLUMNS } from './bills';
import { applyConfig, ConfigError, type SimConfig } from './config';
import { beijingDayStart, parseRfc3339, rfc3339 } from './format';
import { serialFor } from './keys';
import { notificationView, parseNotifyPolicy, type NotifyDispatcher } from './notify';
import { cancelAtCashier, expireOrder, failOrder, orderView, payOrder, type PayInput } from './orders';
import { refundView, resolveRefund } from './refunds';
import { ROUTE_NAMES } from './routes';
import type { Runtime } from './runtime';
import { DOWN_MODES, FORGE_TAMPERS, type FaultRule, type Order, type Refund } from './state';
import { isRecord, type Obj } from './validate';

export interface ControlContext {
  rt: Runtime;
  dispatcher: NotifyDispatcher;
  /** Back to the boot state. */
  reset(): void;
}

type Control = ControlOf<ControlContext>;

function bad(message: string): ControlError {
  return new ControlError(400, message);
}

function decoded(raw: string | undefined): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    throw bad(`${JSON.stringify(raw)} is not a valid path segment`);
  }
}

function objectBody(req: ControlRequest): Obj {
  if (req.body === undefined) return {};
  if (!isRecord(req.body)) throw bad('body must be a JSON object');
  return req.body;
}

function optString(obj: Obj, key: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw bad(`${key} must be a non-empty string`);
  return value;
}

function optNumber(obj: Obj, key: string, min: number, max: number, integer = true): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw bad(`${key} must be a${integer ? 'n integer' : ' number'} in [${min}, ${max}]`);
  }
  return value;
}

function optBool(obj: Obj, key: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw bad(`${key} must be a boolean`);
  return value;
}

function endpointOf(obj: Obj): string {
  const endpoint = obj.endpoint ?? '*';
  if (typeof endpoint !== 'string' || !(endpoint === '*' || endpoint.startsWith('/') || ROUTE_NAMES.includes(endpoint))) {
    throw bad(`endpoint must be "*", a path glob starting with "/", or one of ${ROUTE_NAMES.join(', ')}`);
  }
  return endpoint;
}

/** The order named in the path; `mchid` (body or query) picks the merchant when several have that out_trade_no. */
function orderRef(ctx: ControlContext, req: ControlRequest, rawNo: string | undefined): Order {
  const outTradeNo = decoded(rawNo);
  const mchid = req.query.get('mchid') ?? (isRecord(req.body) && typeof req.body.mchid === 'string' ? req.body.mchid : undefined);
  const matches = [...ctx.rt.state.orders.values()].filter((o) => o.outTradeNo === outTradeNo && (mchid === undefined || o.mchid === mchid));
  if (matches.length === 0) throw new ControlError(404, `no order ${outTradeNo}${mchid ? ` of ${mchid}` : ''}`);
  if (matches.length > 1) throw new ControlError(409, `several merchants have order ${outTradeNo}: give mchid`);
  return matches[0] as Order;
}

function refundRef(ctx: ControlContext, req: ControlRequest, rawNo: string | undefined): Refund {
  const outRefundNo = decoded(rawNo);
  const mchid = req.query.get('mchid') ?? (isRecord(req.body) && typeof req.body.mchid === 'string' ? req.body.mchid : undefined);
  const matches = [...ctx.rt.state.refunds.values()].filter((r) => r.outRefundNo === outRefundNo && (mchid === undefined || r.mchid === mchid));
  if (matches.length === 0) throw new ControlError(404, `no refund ${outRefundNo}`);
  if (matches.length > 1) throw new ControlError(409, `several merchants have refund ${outRefundNo}: give mchid`);
  return matches[0] as Refund;
}

function orderSummary(ctx: ControlContext, order: Order): Record<string, unknown> {
  return {
    ...orderView(ctx.rt.state, order),
    description: order.description,
    notify_url: order.notifyUrl,
    payer_openid_at_prepay: order.openid,
    prepay_id: order.prepayId,
    time_expire: rfc3339(order.timeExpire),
    created_at: rfc3339(order.createdAt),
    closed_by: order.closedBy ?? null,
    cashier_cancels: order.cashierCancels,
    refunds: order.refundNos,
  };
}

function configView(config: SimConfig): Record<string, unknown> {
  return {
    signMode: config.signMode,
    clockSkewSec: config.authSkewSec,
    refundAutoSucceedMs: config.refundAutoSucceedMs,
    merchants: [...config.merchants.values()].map((m) => ({ mchid: m.mchid, appids: m.appids, serialNo: m.serialNo, publicKeyPem: m.publicKey.export({ type: 'spki', format: 'pem' }).toString() })),
  };
}

// ---------------------------------------------------------------- orders and refunds

const pay: Control = (ctx, req, [no]) => {
  const order = orderRef(ctx, req, no);
  const body = objectBody(req);
  const successTime = optString(body, 'successTime');
  const successAt = successTime === undefined ? undefined : parseRfc3339(successTime);
  if (successTime !== undefined && successAt === undefined) throw bad('successTime must be RFC 3339');
  const input: PayInput = { openid: optString(body, 'openid'), bankType: optString(body, 'bankType'), successAt };
  payOrder(ctx.rt, order, input);
  return orderSummary(ctx, order);
};

const orderAction =
  (act: (ctx: ControlContext, order: Order) => void): Control =>
  (ctx, req, [no]) => {
    const order = orderRef(ctx, req, no);
    act(ctx, order);
    return orderSummary(ctx, order);
  };

const listOrders: Control = (ctx, req) => {
  const mchid = req.query.get('mchid');
  const state = req.query.get('trade_state');
  return [...ctx.rt.state.orders.values()]
    .filter((o) => mchid === null || o.mchid === mchid)
    .map((o) => orderSummary(ctx, o))
    .filter((o) => state === null || o.trade_state === state);
};

const resolve: Control = (ctx, req, [no]) => {
  const refund = refundRef(ctx, req, no);
  const status = objectBody(req).status;
  if (status !== 'SUCCESS' && status !== 'ABNORMAL' && status !== 'CLOSED') throw bad('status must be SUCCESS, ABNORMAL or CLOSED');
  resolveRefund(ctx.rt, refund, status);
  return refundView(refund);
};

// ---------------------------------------------------------------- notifications

const setPolicy: Control = (ctx, req) => {
  ctx.rt.state.notifyPolicy = parseNotifyPolicy(ctx.rt.state.notifyPolicy, objectBody(req));
  ctx.dispatcher.pump();
  return ctx.rt.state.notifyPolicy;
};

const forge: Control = async (ctx, req) => {
  const body = objectBody(req);
  const tamper = FORGE_TAMPERS.find((t) => t === body.tamper);
  if (tamper === undefined) throw bad(`tamper must be one of ${FORGE_TAMPERS.join(', ')}`);
  const outTradeNo = optString(body, 'out_trade_no');
  if (outTradeNo === undefined) throw bad('out_trade_no is required');
  const order = orderRef(ctx, req, encodeURIComponent(outTradeNo));
  const url = optString(body, 'url');
  const { notification, attempt } = await ctx.dispatcher.forge({ order, tamper, url });
  return { notification: notificationView(notification), attempt: attempt ?? null };
};

const replay: Control = async (ctx, req) => {
  const id = optString(objectBody(req), 'notificationId');
  if (id === undefined) throw bad('notificationId is required');
  const { notification, attempt } = await ctx.dispatcher.replay(id);
  return { notification: notificationView(notification), attempt: attempt ?? null };
};

const outbox: Control = (ctx, req) => {
  const outTradeNo = req.query.get('out_trade_no');
  const eventType = req.query.get('event_type');
  const kind = req.query.get('kind');
  return ctx.rt.state.notifications
    .filter((n) => (outTradeNo === null || n.outTradeNo === outTradeNo) && (eventType === null || n.eventType === eventType) && (kind === null || n.kind === kind))
    .map(notificationView);
};

// ---------------------------------------------------------------- behaviour

const addFault: Control = (ctx, req) => {
  const body = objectBody(req);
  const httpStatus = optNumber(body, 'httpStatus', 100, 599);
  const code = optString(body, 'code');
  const message = optString(body, 'message');
  const rule: FaultRule = {
    endpoint: endpointOf(body),
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(code === undefined ? {} : { code }),
    ...(message === undefined ? {} : { message }),
    latencyMs: optNumber(body, 'latencyMs', 0, 600_000) ?? 0,
    unsigned: optBool(body, 'unsigned') ?? false,
    badSignature: optBool(body, 'badSignature') ?? false,
    dropConnection: optBool(body, 'dropConnection') ?? false,
    remaining: optNumber(body, 'times', 1, 1_000_000) ?? 1,
    probability: optNumber(body, 'probability', 0, 1, false) ?? 1,
  };
  if (rule.code !== undefined && rule.httpStatus === undefined) throw bad('code needs httpStatus');
  ctx.rt.state.faults.push(rule);
  return { ok: true, faults: ctx.rt.state.faults };
};

const setLatency: Control = (ctx, req) => {
  const body = objectBody(req);
  const endpoint = endpointOf(body);
  const rule = { endpoint, fixedMs: optNumber(body, 'fixedMs', 0, 600_000) ?? 0, jitterMs: optNumber(body, 'jitterMs', 0, 600_000) ?? 0 };
  const state = ctx.rt.state;
  state.latency = [...state.latency.filter((r) => r.endpoint !== endpoint), ...(rule.fixedMs === 0 && rule.jitterMs === 0 ? [] : [rule])];
  return { ok: true, latency: state.latency };
};

const setDown: Control = (ctx, req) => {
  const body = objectBody(req);
  const down = optBool(body, 'down');
  if (down === undefined) throw bad('down must be a boolean');
  const mode = body.mode === undefined ? 'refuse' : DOWN_MODES.find((m) => m === body.mode);
  if (mode === undefined) throw bad(`mode must be one of ${DOWN_MODES.join(', ')}`);
  ctx.rt.state.down = down ? mode : undefined;
  return { ok: true, down, mode: ctx.rt.state.down ?? null };
};

const getClock: Control = (ctx) => ({ offsetSec: ctx.rt.state.clockOffsetSec, now: ctx.rt.state.nowIso(), epochMs: ctx.rt.state.now() });

const setClock: Control = (ctx, req) => {
  const offset = optNumber(objectBody(req), 'offsetSec', -10 * 365 * 86_400, 10 * 365 * 86_400, false);
  if (offset === undefined) throw bad('offsetSec is required');
  ctx.rt.state.setClockOffset(offset);
  ctx.dispatcher.pump();
  return getClock(ctx, req, []);
};

const bills: Control = (ctx, req, [rawDate]) => {
  const date = decoded(rawDate);
  if (beijingDayStart(date) === undefined) throw bad('date must be YYYY-MM-DD');
  const merchants = [...ctx.rt.state.config.merchants.keys()];
  const mchid = req.query.get('mchid') ?? merchants[0] ?? '';
  const rawType = req.query.get('bill_type') ?? 'ALL';
  const type = BILL_TYPES.find((t) => t === rawType);
  if (type === undefined) throw bad(`bill_type must be one of ${BILL_TYPES.join(', ')}`);
  const bill = buildBill(ctx.rt.state, mchid, date, type);
  return { date, mchid, billType: type, availableAtWechatPay: billReady(ctx.rt.state, date), columns: BILL_COLUMNS, summaryColumns: SUMMARY_COLUMNS, ...bill };
};

const requests: Control = (ctx, req) => {
  const route = req.query.get('route');
  const path = req.query.get('path');
  return ctx.rt.state.journal.filter((e) => (route === null || e.route === route) && (path === null || e.url.startsWith(path)));
};

const keys: Control = (ctx) => {
  const { keys: platform, state } = ctx.rt;
  const mode = state.config.signMode;
  return {
    mode,
    serial: serialFor(platform, mode),
    publicKeyPem: platform.publicKeyPem,
    publicKeyId: platform.publicKeyId,
    certificateSerial: platform.certificateSerial,
    ...(mode === 'cert' ? { certificatePem: platform.certificatePem } : {}),
  };
};

const setConfig: Control = (ctx, req) => {
  try {
    ctx.rt.state.config = applyConfig(ctx.rt.state.config, req.body);
  } catch (error) {
    if (error instanceof ConfigError) throw bad(error.message);
    throw error;
  }
  return configView(ctx.rt.state.config);
};

const CONTROLS: ControlTable<ControlContext> = {
  'GET /__sim/health': health,
  'POST /__sim/reset': reset,
  'GET /__sim/keys': keys,
  'GET /__sim/config': (ctx) => configView(ctx.rt.state.config),
  'POST /__sim/config': setConfig,
  'GET /__sim/orders': listOrders,
  'GET /__sim/orders/:outTradeNo': (ctx, req, [no]) => orderSummary(ctx, orderRef(ctx, req, no)),
  'POST /__sim/orders/:outTradeNo/pay': pay,
  'POST /__sim/orders/:outTradeNo/fail': orderAction((ctx, order) => failOrder(ctx.rt.state, order)),
  'POST /__sim/orders/:outTradeNo/cancel': orderAction((ctx, order) => cancelAtCashier(ctx.rt.state, order)),
  'POST /__sim/orders/:outTradeNo/expire': orderAction((ctx, order) => expireOrder(ctx.rt.state, order)),
  'GET /__sim/refunds': (ctx) => [...ctx.rt.state.refunds.values()].map((r) => ({ mchid: r.mchid, ...refundView(r) })),
  'GET /__sim/refunds/:outRefundNo': (ctx, req, [no]) => refundView(refundRef(ctx, req, no)),
  'POST /__sim/refunds/:outRefundNo/resolve': resolve,
  'GET /__sim/notify/policy': (ctx) => ctx.rt.state.notifyPolicy,
  'POST /__sim/notify/policy': setPolicy,
  'POST /__sim/notify/forge': forge,
  'POST /__sim/notify/replay': replay,
  'GET /__sim/outbox': outbox,
  ...faultListControls((ctx) => ctx.rt.state),
  'POST /__sim/faults': addFault,
  // Latency rules are an ordered list here (path globs, first match wins), not a map by key.
  'GET /__sim/latency': (ctx) => ctx.rt.state.latency,
  'POST /__sim/latency': setLatency,
  'DELETE /__sim/latency': (ctx) => {
    ctx.rt.state.latency = [];
    return { ok: true };
  },
  'GET /__sim/down': (ctx) => ({ down: ctx.rt.state.down !== undefined, mode: ctx.rt.state.down ?? null }),
  'POST /__sim/down': setDown,
  'GET /__sim/clock': getClock,
  'POST /__sim/clock': setClock,
  'GET /__sim/bills/:date': bills,
  'GET /__sim/requests': requests,
};

/** Runs one `/__sim/*` control; unknown routes are 404, invalid bodies 400, wrong states 409. */
export const handleControl = controlDispatcher(CONTROLS);
