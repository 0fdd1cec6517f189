import { ControlError, controlDispatcher, faultListControls, health, reset, type Control as ControlOf, type ControlRequest, type ControlTable } from '../lib/controls';
import { issueCode } from './codes';
import { normaliseEndpoint } from './endpoints';
import { isDataType, type DataType } from './rules';
import type { DownMode, FaultRule, PhoneInfo, SimState, SimUser, SubscriptionStatus, TemplateDef } from './state';
import { invalidateTokens } from './tokens';

/** Thrown by validation; answered as HTTP 400 `{error}`. */
class BadRequest extends ControlError {
  constructor(message: string) {
    super(400, message);
  }
}

type Control = ControlOf<SimState>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectBody(req: ControlRequest): Record<string, unknown> {
  if (!isRecord(req.body)) throw new BadRequest('body must be a JSON object');
  return req.body;
}

/** Accepts a JSON array, or a single object as a one-element list. */
function listBody(req: ControlRequest): unknown[] {
  if (Array.isArray(req.body)) return req.body;
  if (isRecord(req.body)) return [req.body];
  throw new BadRequest('body must be a JSON array or object');
}

function str(obj: Record<string, unknown>, key: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value === '') throw new BadRequest(`${key} must be a non-empty string`);
  return value;
}

function optStr(obj: Record<string, unknown>, key: string): string | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : str(obj, key);
}

function num(obj: Record<string, unknown>, key: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number {
  const value = obj[key];
  const { min = -Infinity, max = Infinity, integer = false } = opts;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new BadRequest(`${key} must be a${integer ? 'n integer' : ' number'} in [${min}, ${max}]`);
  }
  return value;
}

function optNum(obj: Record<string, unknown>, key: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : num(obj, key, opts);
}

function oneOf<T extends string>(obj: Record<string, unknown>, key: string, allowed: readonly T[]): T {
  const value = obj[key];
  const match = allowed.find((a) => a === value);
  if (match === undefined) throw new BadRequest(`${key} must be one of ${allowed.join(', ')}`);
  return match;
}

function endpointOf(obj: Record<string, unknown>, fallback?: string): string {
  const raw = obj.endpoint ?? fallback;
  const endpoint = typeof raw === 'string' ? normaliseEndpoint(raw) : undefined;
  if (endpoint === undefined) throw new BadRequest(`endpoint ${JSON.stringify(raw)} is not a simulated endpoint or "*"`);
  return endpoint;
}

function ttlOf(obj: Record<string, unknown>): number {
  return optNum(obj, 'ttlSec', { min: 1, max: 86_400 }) ?? 300;
}

// ---------------------------------------------------------------- data setup

function parsePhone(value: unknown): PhoneInfo {
  if (!isRecord(value)) throw new BadRequest('phone must be {phoneNumber, purePhoneNumber, countryCode}');
  const countryCode = value.countryCode;
  if (typeof countryCode !== 'string' && typeof countryCode !== 'number') throw new BadRequest('phone.countryCode must be a string or number');
  return { phoneNumber: str(value, 'phoneNumber'), purePhoneNumber: str(value, 'purePhoneNumber'), countryCode };
}

const upsertUsers: Control = (state, req) => {
  const users = listBody(req).map((item): SimUser => {
    if (!isRecord(item)) throw new BadRequest('each user must be an object');
    const user = state.userFor(str(item, 'openid'));
    if ('unionid' in item) user.unionid = optStr(item, 'unionid');
    if ('phone' in item) user.phone = item.phone === null ? undefined : parsePhone(item.phone);
    if ('risk' in item) {
      if (item.risk !== null && item.risk !== 'blocked' && item.risk !== 'normal') throw new BadRequest('risk must be "blocked", "normal" or null');
      user.risk = item.risk === 'blocked' ? 'blocked' : undefined;
    }
    return user;
  });
  return { ok: true, users };
};

const issueLoginCode: Control = (state, req) => {
  const body = objectBody(req);
  const openid = str(body, 'openid');
  state.userFor(openid);
  const issued = issueCode(state, 'login', openid, ttlOf(body));
  return { code: issued.code, expiresAt: new Date(issued.expiresAt).toISOString() };
};

const issuePhoneCode: Control = (state, req) => {
  const body = objectBody(req);
  const openid = str(body, 'openid');
  state.userFor(openid);
  const issued = issueCode(state, 'phone', openid, ttlOf(body));
  return { code: issued.code, expiresAt: new Date(issued.expiresAt).toISOString() };
};

const upsertTemplates: Control = (state, req) => {
  const templates = listBody(req).map((item): TemplateDef => {
    if (!isRecord(item)) throw new BadRequest('each template must be an object');
    const keys = item.keys;
    if (!isRecord(keys)) throw new BadRequest('keys must be an object like {"thing1":"thing"}');
    const typed: Record<string, DataType> = {};
    for (const [key, type] of Object.entries(keys)) {
      if (!isDataType(type)) throw new BadRequest(`keys.${key}: unknown data type ${JSON.stringify(type)}`);
      typed[key] = type;
    }
    return { templateId: str(item, 'templateId'), kind: oneOf(item, 'kind', ['one_time', 'long_term'] as const), keys: typed };
  });
  for (const template of templates) state.templates.set(template.templateId, template);
  return { ok: true, templates: [...state.templates.values()] };
};

const addPages: Control = (state, req) => {
  const list = Array.isArray(req.body) ? req.body : isRecord(req.body) ? req.body.pages : undefined;
  if (!Array.isArray(list) || !list.every((p): p is string => typeof p === 'string' && p !== '')) {
    throw new BadRequest('body must be a list of page paths, or {pages: [...]}');
  }
  for (const page of list) state.pages.add(page.split('?')[0] ?? page);
  return { ok: true, pages: [...state.pages] };
};

/** Statuses the client's requestSubscribeMessage produces; acceptWithAudio counts as accept, filter changes nothing. */
const SUBSCRIBE_RESULTS = ['accept', 'acceptWithAudio', 'reject', 'ban', 'filter'] as const;

const recordSubscriptions: Control = (state, req) => {
  const changed = listBody(req).map((item) => {
    if (!isRecord(item)) throw new BadRequest('each subscription must be an object');
    const openid = str(item, 'openid');
    const templateId = str(item, 'templateId');
    const result = oneOf(item, 'status', SUBSCRIBE_RESULTS);
    const credits = optNum(item, 'credits', { min: 0, max: 1_000_000, integer: true }) ?? 1;
    state.userFor(openid);
    const key = state.subscriptionKey(openid, templateId);
    const sub = state.subscriptions.get(key) ?? { openid, templateId, status: 'reject' as SubscriptionStatus, credits: 0 };
    if (result === 'accept' || result === 'acceptWithAudio') {
      sub.status = 'accept';
      sub.credits += credits;
    } else if (result !== 'filter') {
      sub.status = result;
    }
    state.subscriptions.set(key, sub);
    return sub;
  });
  return { ok: true, subscriptions: changed };
};

const listSubscriptions: Control = (state, req) => {
  const openid = req.query.get('openid');
  return [...state.subscriptions.values()].filter((s) => openid === null || s.openid === openid);
};

const listMessages: Control = (state, req) => {
  const touser = req.query.get('touser');
  const templateId = req.query.get('template_id');
  const result = req.query.get('result');
  return state.messages.filter(
    (m) =>
      (touser === null || m.touser === touser) &&
      (templateId === null || m.template_id === templateId) &&
      (result === null || (result === 'ok') === (m.result.errcode === 0)),
  );
};

// ---------------------------------------------------------------- behaviour controls

const invalidate: Control = (state, req) => {
  const mode = oneOf(objectBody(req), 'mode', ['expired', 'invalid'] as const);
  return { ok: true, invalidated: invalidateTokens(state, mode) };
};

const addFault: Control = (state, req) => {
  const body = objectBody(req);
  if (body.dropConnection !== undefined && typeof body.dropConnection !== 'boolean') throw new BadRequest('dropConnection must be a boolean');
  const rule: FaultRule = {
    endpoint: endpointOf(body),
    errcode: optNum(body, 'errcode', { integer: true }),
    errmsg: optStr(body, 'errmsg'),
    httpStatus: optNum(body, 'httpStatus', { min: 100, max: 599, integer: true }),
    dropConnection: body.dropConnection === true,
    latencyMs: optNum(body, 'latencyMs', { min: 0, max: 600_000 }) ?? 0,
    remaining: optNum(body, 'times', { min: 1, integer: true }) ?? 1,
    probability: optNum(body, 'probability', { min: 0, max: 1 }) ?? 1,
  };
  if (rule.errcode === 0) throw new BadRequest('errcode must be non-zero');
  state.faults.push(rule);
  return { ok: true, faults: state.faults };
};


const setQuota: Control = (state, req) => {
  const body = objectBody(req);
  const endpoint = endpointOf(body);
  const perMinute = optNum(body, 'perMinute', { min: 0, integer: true });
  const perDay = optNum(body, 'perDay', { min: 0, integer: true });
  if (perMinute === undefined && perDay === undefined) throw new BadRequest('give perMinute and/or perDay');
  const rule = state.quotas.get(endpoint) ?? { minute: { bucket: -1, count: 0 }, day: { bucket: -1, count: 0 } };
  if (perMinute !== undefined) rule.perMinute = perMinute;
  if (perDay !== undefined) rule.perDay = perDay;
  state.quotas.set(endpoint, rule);
  return { ok: true, endpoint, perMinute: rule.perMinute ?? null, perDay: rule.perDay ?? null };
};

const clearQuotas: Control = (state) => {
  state.quotas.clear();
  return { ok: true };
};

const setLatency: Control = (state, req) => {
  const body = objectBody(req);
  const endpoint = endpointOf(body, '*');
  const rule = { fixedMs: optNum(body, 'fixedMs', { min: 0, max: 600_000 }) ?? 0, jitterMs: optNum(body, 'jitterMs', { min: 0, max: 600_000 }) ?? 0 };
  state.latency.set(endpoint, rule);
  return { ok: true, endpoint, ...rule };
};

const setDown: Control = (state, req) => {
  const body = objectBody(req);
  if (typeof body.down !== 'boolean') throw new BadRequest('down must be a boolean');
  state.down = body.down ? (body.mode === undefined ? 'refuse' : oneOf(body, 'mode', ['refuse', 'hang', 'http502'] as const satisfies readonly DownMode[])) : undefined;
  return { ok: true, down: state.down !== undefined, mode: state.down ?? null };
};

const setClock: Control = (state, req) => {
  state.setClockOffset(num(objectBody(req), 'offsetSec', { min: -10 * 365 * 86_400, max: 10 * 365 * 86_400 }));
  return getClock(state, req, []);
};

const getClock: Control = (state) => ({ offsetSec: state.clockOffsetSec, now: state.nowIso() });

const listRequests: Control = (state, req) => {
  const raw = req.query.get('endpoint');
  if (raw === null || raw === '' || raw === '*') return state.journal;
  const endpoint = normaliseEndpoint(raw) ?? (raw.startsWith('/') ? raw : `/${raw}`);
  return state.journal.filter((entry) => entry.path === endpoint);
};

const CONTROLS: ControlTable<SimState> = {
  'GET /__sim/health': health,
  'POST /__sim/reset': reset,
  'GET /__sim/users': (state) => [...state.users.values()],
  'POST /__sim/users': upsertUsers,
  'POST /__sim/login-codes': issueLoginCode,
  'POST /__sim/phone-codes': issuePhoneCode,
  'GET /__sim/templates': (state) => [...state.templates.values()],
  'POST /__sim/templates': upsertTemplates,
  'GET /__sim/pages': (state) => [...state.pages],
  'POST /__sim/pages': addPages,
  'GET /__sim/subscriptions': listSubscriptions,
  'POST /__sim/subscriptions': recordSubscriptions,
  'GET /__sim/messages': listMessages,
  'POST /__sim/tokens/invalidate': invalidate,
  ...faultListControls((state: SimState) => state),
  'POST /__sim/faults': addFault,
  'POST /__sim/quota': setQuota,
  'DELETE /__sim/quota': clearQuotas,
  'POST /__sim/latency': setLatency,
  'POST /__sim/down': setDown,
  'GET /__sim/clock': getClock,
  'POST /__sim/clock': setClock,
  'GET /__sim/requests': listRequests,
};

/** Runs one `/__sim/*` control; unknown routes are 404, invalid bodies 400. */
export const handleControl = controlDispatcher(CONTROLS);
