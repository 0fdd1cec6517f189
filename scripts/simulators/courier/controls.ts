/**
 * `/__sim/*` controls (spec §5, plus the few a test suite needs that §5 leaves out; README.md
 * lists them all). Loopback only; the server enforces that before calling here.
 */
import { ControlError, controlDispatcher, faultListControls, health, latencyMapControls, reset, type Control as ControlOf, type ControlRequest, type ControlTable } from '../lib/controls';
import { CANONICAL_CODES, TYPICAL_OPCODE, SCENARIOS } from './canonical';
import { applyConfig, isScenario } from './config';
import { parseSfTime } from './format';
import { appendRoute, orderView, type RouteInput } from './orders';
import { parsePushPolicy, pushView, type PushDispatcher } from './pushes';
import type { Runtime } from './runtime';
import type { ScriptRunner } from './scripts';
import { SERVICES } from './services';
import type { DownMode, FaultRule, FilterResult, ForgeTamper, Order } from './state';
import { asRecord, FieldError, optBool, optEnum, optNumber, optString, reqEnum, reqNumber, reqUrl, type Obj } from './validate';

/** What controls may act on besides the state. */
export interface ControlContext {
  rt: Runtime;
  dispatcher: PushDispatcher;
  scripts: ScriptRunner;
  /** Back to the boot state (state, timers, queued pushes, running scripts). */
  reset(): void;
}

type Control = ControlOf<ControlContext>;

const FORGE_TAMPERS: readonly ForgeTamper[] = ['digest', 'stale_timestamp', 'unknown_mailno', 'malformed_json'];
const DOWN_MODES: readonly DownMode[] = ['refuse', 'hang', 'http502', 'http503'];
const FILTER_RESULTS: readonly FilterResult[] = [1, 2, 3];
const DEFAULT_STEP_DELAY_MS = 1000;

function objectBody(req: ControlRequest): Obj {
  if (req.body === undefined) return {};
  return asRecord(req.body, 'body');
}

function orderRef(ctx: ControlContext, req: ControlRequest, ref: string | undefined): Order {
  const orderId = decodeURIComponent(ref ?? '');
  const order = ctx.rt.state.findOrder(orderId, req.query.get('partnerID') ?? undefined);
  if (!order) throw new ControlError(404, `no order ${orderId}`);
  return order;
}

/** Only orders with a waybill that were not cancelled get routes. */
function assertTrackable(order: Order): void {
  if (order.waybillNo === undefined) throw new ControlError(409, `order ${order.orderId} has no waybill (filterResult ${order.filterResult})`);
  if (order.cancelledAt !== undefined) throw new ControlError(409, `order ${order.orderId} was cancelled`);
}

// ---------------------------------------------------------------- orders

const listOrders: Control = (ctx, req) => {
  const partnerID = req.query.get('partnerID');
  return [...ctx.rt.state.orders.values()].filter((o) => partnerID === null || o.partnerID === partnerID).map((o) => orderView(ctx.rt.state, o));
};

function parseRouteInput(body: Obj): RouteInput {
  const rawOpCode = body.opCode;
  const canonical = optEnum(body, 'canonical', CANONICAL_CODES);
  if ((rawOpCode === undefined) === (canonical === undefined)) throw new FieldError('opCode', 'give exactly one of opCode and canonical');
  let opCode: string;
  if (canonical !== undefined) {
    const typical = TYPICAL_OPCODE[canonical];
    if (typical === undefined) throw new FieldError('canonical', `must be one of ${Object.keys(TYPICAL_OPCODE).join(', ')}`);
    opCode = typical;
  } else {
    opCode = typeof rawOpCode === 'number' ? String(rawOpCode) : typeof rawOpCode === 'string' ? rawOpCode : '';
    if (!/^\d{1,6}$/.test(opCode)) throw new FieldError('opCode', 'must be an SF opCode like "50"');
  }
  const acceptTime = optString(body, 'acceptTime');
  if (acceptTime !== undefined && parseSfTime(acceptTime) === undefined) throw new FieldError('acceptTime', 'must be yyyy-MM-dd HH:mm:ss');
  return {
    opCode,
    acceptTime,
    acceptAddress: optString(body, 'acceptAddress'),
    remark: optString(body, 'remark'),
    reasonCode: optString(body, 'reasonCode'),
    reasonName: optString(body, 'reasonName'),
  };
}

const advance: Control = (ctx, req, [ref]) => {
  const order = orderRef(ctx, req, ref);
  const body = objectBody(req);
  const input = parseRouteInput(body);
  assertTrackable(order);
  const route = appendRoute(ctx.rt, order, input, optBool(body, 'push') ?? true);
  return { route, order: orderView(ctx.rt.state, order) };
};

const script: Control = (ctx, req, [ref]) => {
  const order = orderRef(ctx, req, ref);
  const body = objectBody(req);
  const scenario = reqEnum(body, 'scenario', SCENARIOS);
  const stepDelayMs = optNumber(body, 'stepDelayMs', '', { integer: true, min: 0, max: 3_600_000 }) ?? DEFAULT_STEP_DELAY_MS;
  assertTrackable(order);
  return ctx.scripts.start(order, scenario, stepDelayMs, 'control');
};

const filter: Control = (ctx, req, [ref]) => {
  const orderId = decodeURIComponent(ref ?? '');
  const filterResult = reqEnum(objectBody(req), 'filterResult', FILTER_RESULTS);
  if (ctx.rt.state.findOrder(orderId)) throw new ControlError(409, `order ${orderId} already exists; the filter applies to its next create`);
  ctx.rt.state.filterOverrides.set(orderId, filterResult);
  return { orderId, filterResult };
};

const setAuto: Control = (ctx, req) => {
  const body = objectBody(req);
  const auto = ctx.rt.state.auto;
  if (body.scenario !== undefined) {
    if (body.scenario !== null && !isScenario(body.scenario)) throw new FieldError('scenario', `must be null or one of ${SCENARIOS.join(', ')}`);
    auto.scenario = body.scenario;
  }
  auto.stepMs = optNumber(body, 'stepMs', '', { integer: true, min: 0, max: 3_600_000 }) ?? auto.stepMs;
  return auto;
};

// ---------------------------------------------------------------- pushes

const setPushPolicy: Control = (ctx, req) => {
  const state = ctx.rt.state;
  const body = objectBody(req);
  state.pushPolicy = parsePushPolicy(state.pushPolicy, body);
  if (body.dropFirst !== undefined) state.dropRemaining = state.pushPolicy.dropFirst;
  ctx.dispatcher.kick();
  return { ...state.pushPolicy, dropRemaining: state.dropRemaining };
};

const forge: Control = async (ctx, req) => {
  const body = objectBody(req);
  const push = await ctx.dispatcher.forge({
    orderId: optString(body, 'orderId'),
    tamper: reqEnum(body, 'tamper', FORGE_TAMPERS),
    url: body.url === undefined || body.url === null ? undefined : reqUrl(body, 'url'),
  });
  return pushView(push);
};

const replay: Control = (ctx, req) => {
  const body = objectBody(req);
  const pushId = reqNumber(body, 'pushId', '', { integer: true, min: 1 });
  return pushView(ctx.dispatcher.replay(pushId, body.url === undefined || body.url === null ? undefined : reqUrl(body, 'url')));
};

const listPushes: Control = (ctx, req) => {
  const q = (key: string): string | null => req.query.get(key);
  return ctx.rt.state.pushes
    .filter(
      (p) =>
        (q('orderId') === null || p.orderIds.includes(q('orderId') ?? '')) &&
        (q('mailno') === null || p.mailnos.includes(q('mailno') ?? '')) &&
        (q('state') === null || p.state === q('state')) &&
        (q('kind') === null || p.kind === q('kind')),
    )
    .map(pushView);
};

// ---------------------------------------------------------------- faults, latency, down, clock

function serviceCodeOf(body: Obj): string {
  const code = optString(body, 'serviceCode') ?? '*';
  if (code !== '*' && SERVICES[code] === undefined) throw new FieldError('serviceCode', `must be * or one of ${Object.keys(SERVICES).join(', ')}`);
  return code;
}

const addFault: Control = (ctx, req) => {
  const body = objectBody(req);
  const state = ctx.rt.state;
  const apiResultCode = optString(body, 'apiResultCode');
  if (apiResultCode !== undefined && !/^A\d{4}$/.test(apiResultCode)) throw new FieldError('apiResultCode', 'must look like A1009');
  const errorCode = optString(body, 'errorCode');
  if (errorCode === 'S0000') throw new FieldError('errorCode', 'must be a failure code (S0000 is success)');
  const httpStatus = optNumber(body, 'httpStatus', '', { integer: true, min: 200, max: 599 });
  const dropConnection = optBool(body, 'dropConnection') ?? false;
  const latencyMs = optNumber(body, 'latencyMs', '', { integer: true, min: 0, max: 600_000 }) ?? 0;
  const answers = (apiResultCode !== undefined && apiResultCode !== 'A1000') || errorCode !== undefined || httpStatus !== undefined || dropConnection;
  if (!answers && latencyMs === 0) throw new FieldError('body', 'give apiResultCode, errorCode, httpStatus, dropConnection or latencyMs');
  state.faultSeq += 1;
  const rule: FaultRule = {
    id: state.faultSeq,
    serviceCode: serviceCodeOf(body),
    ...(apiResultCode === undefined ? {} : { apiResultCode }),
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(body.errorMsg === undefined ? {} : { errorMsg: optString(body, 'errorMsg') }),
    ...(httpStatus === undefined ? {} : { httpStatus }),
    dropConnection,
    latencyMs,
    remaining: optNumber(body, 'times', '', { integer: true, min: 1 }) ?? 1,
    probability: optNumber(body, 'probability', '', { min: 0, max: 1 }) ?? 1,
    phase: optEnum(body, 'phase', ['before', 'after'] as const) ?? 'before',
  };
  state.faults.push(rule);
  return { ok: true, faults: state.faults };
};

const setLatency: Control = (ctx, req) => {
  const body = objectBody(req);
  const key = serviceCodeOf(body);
  const rule = {
    fixedMs: optNumber(body, 'fixedMs', '', { integer: true, min: 0, max: 600_000 }) ?? 0,
    jitterMs: optNumber(body, 'jitterMs', '', { integer: true, min: 0, max: 600_000 }) ?? 0,
  };
  if (rule.fixedMs === 0 && rule.jitterMs === 0) ctx.rt.state.latency.delete(key);
  else ctx.rt.state.latency.set(key, rule);
  return { ok: true, latency: Object.fromEntries(ctx.rt.state.latency) };
};

function downView(ctx: ControlContext): Record<string, unknown> {
  return { down: ctx.rt.state.down !== undefined, mode: ctx.rt.state.down ?? null };
}

const setDown: Control = (ctx, req) => {
  const body = objectBody(req);
  const down = optBool(body, 'down');
  if (down === undefined) throw new FieldError('down', 'must be a boolean');
  ctx.rt.state.down = down ? (optEnum(body, 'mode', DOWN_MODES) ?? 'refuse') : undefined;
  return downView(ctx);
};

const getClock: Control = (ctx) => ({ offsetSec: ctx.rt.state.clockOffsetSec, now: ctx.rt.state.nowIso() });

const setClock: Control = (ctx, req) => {
  const body = objectBody(req);
  const state = ctx.rt.state;
  const limit = 10 * 365 * 86_400;
  if (body.advanceSec !== undefined) state.setClockOffset(state.clockOffsetSec + reqNumber(body, 'advanceSec', '', { min: -limit, max: limit }));
  else state.setClockOffset(reqNumber(body, 'offsetSec', '', { min: -limit, max: limit }));
  ctx.dispatcher.kick();
  return getClock(ctx, req, []);
};

const listRequests: Control = (ctx, req) => {
  const serviceCode = req.query.get('serviceCode');
  const partnerID = req.query.get('partnerID');
  return ctx.rt.state.journal.filter((e) => (serviceCode === null || e.serviceCode === serviceCode) && (partnerID === null || e.partnerID === partnerID));
};

// ---------------------------------------------------------------- table

const CONTROLS: ControlTable<ControlContext> = {
  'GET /__sim/health': health,
  'POST /__sim/reset': reset,
  'GET /__sim/config': (ctx) => ctx.rt.state.config,
  'POST /__sim/config': (ctx, req) => {
    ctx.rt.state.config = applyConfig(ctx.rt.state.config, req.body);
    ctx.dispatcher.urlChanged();
    return ctx.rt.state.config;
  },
  'GET /__sim/orders': listOrders,
  'GET /__sim/orders/:orderId': (ctx, req, [ref]) => orderView(ctx.rt.state, orderRef(ctx, req, ref)),
  'POST /__sim/orders/:orderId/advance': advance,
  'POST /__sim/orders/:orderId/script': script,
  'POST /__sim/orders/:orderId/filter': filter,
  'GET /__sim/auto': (ctx) => ctx.rt.state.auto,
  'POST /__sim/auto': setAuto,
  'GET /__sim/push/policy': (ctx) => ({ ...ctx.rt.state.pushPolicy, dropRemaining: ctx.rt.state.dropRemaining }),
  'POST /__sim/push/policy': setPushPolicy,
  'POST /__sim/push/forge': forge,
  'POST /__sim/push/replay': replay,
  'GET /__sim/pushes': listPushes,
  ...faultListControls((ctx) => ctx.rt.state),
  'POST /__sim/faults': addFault,
  ...latencyMapControls((ctx) => ctx.rt.state),
  'POST /__sim/latency': setLatency,
  'GET /__sim/down': downView,
  'POST /__sim/down': setDown,
  'GET /__sim/clock': getClock,
  'POST /__sim/clock': setClock,
  'GET /__sim/requests': listRequests,
};

/** Runs one control: 404 unknown (or unknown order), 405 wrong method, 400 invalid body, 409 refused. */
export const handleControl = controlDispatcher(CONTROLS, (error) =>
  error instanceof FieldError ? { status: 400, body: { error: error.message, field: error.field } } : undefined,
);
