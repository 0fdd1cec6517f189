import { randomUUID } from 'node:crypto';

import { newSessionKey, resolveCode, syntheticPhone } from './codes';
import { WechatError, type WechatBody } from './errors';
import { dataTypeOfKey, isValidDataValue, type DataType } from './rules';
import type { SimState, TemplateKind } from './state';
import { basicToken, requireToken, stableToken } from './tokens';

/** What the simulator was started with. */
export interface SimConfig {
  appid: string;
  secret: string;
  magicCodes: boolean;
}

/** A call to one of the open-API endpoints, body already read. */
export interface BusinessRequest {
  method: string;
  query: URLSearchParams;
  /** Parsed JSON body when `bodyIsJson`; otherwise the raw text, or `undefined` when empty. */
  body: unknown;
  bodyIsJson: boolean;
}

/** Returns the success body or throws `WechatError`. */
export type BusinessHandler = (state: SimState, config: SimConfig, req: BusinessRequest) => WechatBody;

const OK = { errcode: 0, errmsg: 'ok' } as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireMethod(req: BusinessRequest, method: 'GET' | 'POST', errcode = method === 'GET' ? 43001 : 43002): void {
  if (req.method !== method) throw new WechatError(errcode);
}

/** A JSON object body or 47001 (data format error). */
function jsonObjectBody(req: BusinessRequest): Record<string, unknown> {
  if (!req.bodyIsJson || !isRecord(req.body)) throw new WechatError(47001);
  return req.body;
}

function checkAppCredentials(config: SimConfig, appid: unknown, secret: unknown): void {
  if (appid === undefined || appid === null || appid === '') throw new WechatError(41002);
  if (appid !== config.appid) throw new WechatError(40013);
  if (secret === undefined || secret === null || secret === '') throw new WechatError(41004);
  if (secret !== config.secret) throw new WechatError(40125);
}

// ---------------------------------------------------------------- §2 access token

export const handleStableToken: BusinessHandler = (state, config, req) => {
  requireMethod(req, 'POST');
  const body = jsonObjectBody(req);
  if (body.grant_type !== 'client_credential') throw new WechatError(40002);
  checkAppCredentials(config, body.appid, body.secret);
  const force = body.force_refresh;
  if (force !== undefined && typeof force !== 'boolean') throw new WechatError(47001);
  return { ...stableToken(state, force === true) };
};

export const handleBasicToken: BusinessHandler = (state, config, req) => {
  requireMethod(req, 'GET');
  if (req.query.get('grant_type') !== 'client_credential') throw new WechatError(40002);
  checkAppCredentials(config, req.query.get('appid'), req.query.get('secret'));
  return { ...basicToken(state) };
};

// ---------------------------------------------------------------- §3 login

/** Per-user limit of jscode2session: 100 calls per rolling minute. */
const LOGIN_CALLS_PER_MINUTE = 100;

export const handleJscode2session: BusinessHandler = (state, config, req) => {
  requireMethod(req, 'GET');
  checkAppCredentials(config, req.query.get('appid'), req.query.get('secret'));
  if (req.query.get('grant_type') !== 'authorization_code') throw new WechatError(40002);
  const jsCode = req.query.get('js_code');
  if (!jsCode) throw new WechatError(41008);

  const code = resolveCode(state, 'login', jsCode, config.magicCodes);
  const now = state.now();
  const recent = (state.loginCalls.get(code.openid) ?? []).filter((at) => now - at < 60_000);
  state.loginCalls.set(code.openid, recent);
  if (recent.length >= LOGIN_CALLS_PER_MINUTE) throw new WechatError(45011);
  recent.push(now);

  const user = state.userFor(code.openid);
  if (user.risk === 'blocked') throw new WechatError(40226);
  code.consume();
  user.lastActiveAt = now;
  // Success is reported without errcode, as production does.
  const reply: WechatBody = { openid: user.openid, session_key: newSessionKey() };
  if (user.unionid) reply.unionid = user.unionid;
  return reply;
};

// ---------------------------------------------------------------- §4 phone number

export const handleGetUserPhoneNumber: BusinessHandler = (state, config, req) => {
  requireMethod(req, 'POST');
  requireToken(state, req.query.get('access_token'));
  const body = jsonObjectBody(req);
  if (typeof body.code !== 'string' || body.code === '') throw new WechatError(40029);
  const code = resolveCode(state, 'phone', body.code, config.magicCodes);
  // The real errcode for "code belongs to another user" is undocumented; 40003 per spec §9 item 15.
  if (body.openid !== undefined && body.openid !== code.openid) throw new WechatError(40003);

  const user = state.userFor(code.openid);
  user.phone ??= syntheticPhone(user.openid);
  code.consume();
  return {
    ...OK,
    phone_info: {
      ...user.phone,
      watermark: { timestamp: Math.floor(state.now() / 1000), appid: config.appid },
    },
  };
};

// ---------------------------------------------------------------- §5 subscribe message

const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'];
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];
const PAGE_SHAPE = /^[A-Za-z0-9_\-./]+$/;

function checkData(data: unknown, keys: Record<string, DataType> | undefined): void {
  if (!isRecord(data)) throw new WechatError(47003, 'argument invalid! data invalid');
  const invalid = (key: string): WechatError => new WechatError(47003, `argument invalid! data.${key}.value invalid`);
  const valueOf = (key: string): string => {
    const entry = data[key];
    const value = isRecord(entry) ? entry.value : undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    throw invalid(key);
  };
  // A registered template requires all of its keys; every key sent is checked against its type.
  for (const key of Object.keys(keys ?? {})) valueOf(key);
  for (const key of Object.keys(data)) {
    const type = keys?.[key] ?? dataTypeOfKey(key);
    if (!isValidDataValue(type, valueOf(key))) throw invalid(key);
  }
}

function checkPage(state: SimState, page: unknown): void {
  if (page === undefined || page === null || page === '') return;
  if (typeof page !== 'string') throw new WechatError(41030);
  const path = page.split('?')[0] ?? '';
  // Our client rule is "no leading /"; the simulator is strict so the mistake surfaces in tests.
  if (path.startsWith('/') || !PAGE_SHAPE.test(path)) throw new WechatError(41030);
  if (state.pages.size > 0 && !state.pages.has(path)) throw new WechatError(41030);
}

function checkConsent(state: SimState, openid: string, templateId: string, kind: TemplateKind): () => void {
  const sub = state.subscriptions.get(state.subscriptionKey(openid, templateId));
  const refuse = (): never => {
    throw new WechatError(43101);
  };
  if (!sub || sub.status === 'ban') return refuse();
  if (kind === 'long_term') return sub.status === 'accept' ? () => undefined : refuse();
  // One-time: an earlier accept's credit survives a later reject; only a successful send spends it.
  if (sub.credits <= 0) return refuse();
  return () => {
    sub.credits -= 1;
  };
}

function sendSubscribeMessage(state: SimState, body: Record<string, unknown>): void {
  const { touser, template_id: templateId } = body;
  if (typeof touser !== 'string' || !state.users.has(touser)) throw new WechatError(40003);
  if (typeof templateId !== 'string' || templateId === '') throw new WechatError(40037);
  const template = state.templates.get(templateId);
  if (!template && state.templates.size > 0) throw new WechatError(40037);
  checkData(body.data, template?.keys);
  checkPage(state, body.page);
  const mpState = body.miniprogram_state;
  if (mpState !== undefined && (typeof mpState !== 'string' || !MINIPROGRAM_STATES.includes(mpState))) {
    throw new WechatError(47003, 'argument invalid! miniprogram_state invalid');
  }
  if (body.lang !== undefined && (typeof body.lang !== 'string' || !LANGS.includes(body.lang))) {
    throw new WechatError(47003, 'argument invalid! lang invalid');
  }
  const spend = checkConsent(state, touser, templateId, template?.kind ?? 'one_time');
  spend();
}

export const handleSubscribeSend: BusinessHandler = (state, _config, req) => {
  requireMethod(req, 'POST');
  requireToken(state, req.query.get('access_token'));
  const body = jsonObjectBody(req);
  const message = {
    at: state.nowIso(),
    touser: body.touser,
    template_id: body.template_id,
    page: body.page,
    data: body.data,
    miniprogram_state: body.miniprogram_state ?? 'formal',
    lang: body.lang ?? 'zh_CN',
  };
  try {
    sendSubscribeMessage(state, body);
  } catch (error) {
    if (error instanceof WechatError) {
      state.recordMessage({ ...message, result: { errcode: error.errcode, errmsg: error.message } });
    }
    throw error;
  }
  state.recordMessage({ ...message, result: { ...OK } });
  return { ...OK };
};

// ---------------------------------------------------------------- §6 content security

const ACTIVE_WINDOW_MS = 2 * 3600_000;
const MAX_CONTENT_CHARS = 2500;
/**
 * Content verdicts are driven by markers so tests can ask for them:
 * `sim-risky` / `sim-review`, optionally with a label (`sim-risky:20006`). Everything else passes.
 */
const VERDICT_MARKER = /sim-(risky|review)(?::(\d{3,5}))?/;

export const handleMsgSecCheck: BusinessHandler = (state, _config, req) => {
  requireMethod(req, 'POST', 43302);
  const body = jsonObjectBody(req);
  if ('access_token' in body) throw new WechatError(47001);
  requireToken(state, req.query.get('access_token'));
  if (body.version !== 2) throw new WechatError(47001);
  if (body.openid === undefined || body.content === undefined || body.scene === undefined) throw new WechatError(44002);
  if (typeof body.scene !== 'number' || ![1, 2, 3, 4].includes(body.scene)) throw new WechatError(40129);
  if (typeof body.content !== 'string' || [...body.content].length > MAX_CONTENT_CHARS) throw new WechatError(47001);
  if (typeof body.openid !== 'string') throw new WechatError(40003);
  const user = state.users.get(body.openid);
  if (!user) throw new WechatError(40003);
  // "The openid must have used the mini-program in the last 2 hours" (errcode unconfirmed).
  if (user.lastActiveAt === undefined || state.now() - user.lastActiveAt > ACTIVE_WINDOW_MS) throw new WechatError(61010);

  const text = [body.content, body.title, body.nickname, body.signature].filter((s) => typeof s === 'string').join('\n');
  const marker = VERDICT_MARKER.exec(text);
  const suggest = marker ? (marker[1] as 'risky' | 'review') : 'pass';
  const label = marker ? Number(marker[2] ?? 21000) : 100;
  return {
    ...OK,
    trace_id: randomUUID(),
    result: { suggest, label },
    detail: [
      { strategy: 'content_model', errcode: 0, suggest, label, prob: marker ? 95 : 90 },
      { strategy: 'keyword', errcode: 0, suggest, label, ...(marker ? { keyword: marker[0] } : {}) },
    ],
  };
};

/** Path → handler; the simulator serves them at its root like api.weixin.qq.com. */
export const BUSINESS_ROUTES: Readonly<Record<string, BusinessHandler>> = {
  '/cgi-bin/stable_token': handleStableToken,
  '/cgi-bin/token': handleBasicToken,
  '/sns/jscode2session': handleJscode2session,
  '/wxa/business/getuserphonenumber': handleGetUserPhoneNumber,
  '/cgi-bin/message/subscribe/send': handleSubscribeSend,
  '/wxa/msg_sec_check': handleMsgSecCheck,
};

/**
 * Endpoint names accepted by `/__sim/*` controls: the full path, the path without its leading
 * slash, the last segment (`jscode2session`, `send`…), or `*` for every open-API endpoint.
 */
export function normaliseEndpoint(name: string): string | undefined {
  if (name === '*') return '*';
  const path = name.startsWith('/') ? name : `/${name}`;
  if (path in BUSINESS_ROUTES) return path;
  const bySegment = Object.keys(BUSINESS_ROUTES).filter((p) => p.endsWith(`/${name}`));
  return bySegment.length === 1 ? bySegment[0] : undefined;
}
