import type { IncomingMessage, ServerResponse } from 'node:http';

import { latencyOf, takeFault as takeFaultOf } from '../lib/faults';
import { answerDown, createSimServer, drop, parseJson, readBody, serveControl, statusHtml, writeHtml, writeJson } from '../lib/http';
import { listen, stopper, type Running } from '../lib/lifecycle';
import { Timers } from '../lib/timers';

import { handleControl } from './controls';
import { BUSINESS_ROUTES, type SimConfig } from './endpoints';
import { errorBody, WechatError, type WechatBody } from './errors';
import { SimState, type FaultRule, type JournalEntry, type JournalResponse } from './state';

export interface WechatSimulatorOptions {
  appid: string;
  secret: string;
  /** Accept `sim:<openid>` login and phone codes without pre-registration (SIM_MAGIC_CODES=1). */
  magicCodes?: boolean;
  /** 0 = ephemeral. */
  port?: number;
  /** Default 127.0.0.1: the `/__sim/*` controls are unauthenticated. */
  host?: string;
}

export type RunningWechatSimulator = Running;

/** A simulator not yet listening; `state` is exposed for in-process inspection. */
export interface WechatSimulator {
  readonly state: SimState;
  listen(): Promise<RunningWechatSimulator>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Builds a simulator; `listen()` binds it. Production code never talks to it except through WECHAT_API_BASE. */
export function createWechatSimulator(options: WechatSimulatorOptions): WechatSimulator {
  const config: SimConfig = { appid: options.appid, secret: options.secret, magicCodes: options.magicCodes ?? false };
  const state = new SimState();
  /** Latency and fault delays: wall-clock, unlike expiry which follows the simulator clock. */
  const timers = new Timers();
  let closed = false;

  function respond(res: ServerResponse, entry: JournalEntry, reply: JournalResponse): void {
    entry.response = reply;
    if (reply.kind === 'json') writeJson(res, reply.status, reply.body);
    else if (reply.kind === 'text') writeHtml(res, reply.status, reply.body);
  }

  function latencyFor(path: string): number {
    return latencyOf(state.latency.get(path) ?? state.latency.get('*'));
  }

  function takeFault(path: string): FaultRule | undefined {
    return takeFaultOf(state, (rule) => rule.endpoint === '*' || rule.endpoint === path);
  }

  /** Per-minute (45011) and per-day (45009) quotas set via `/__sim/quota`; counts only admitted calls. */
  function checkQuota(path: string): number | undefined {
    const rules = [state.quotas.get(path), state.quotas.get('*')].filter((r) => r !== undefined);
    const minute = state.minuteBucket();
    const day = state.dayBucket();
    for (const rule of rules) {
      if (rule.minute.bucket !== minute) rule.minute = { bucket: minute, count: 0 };
      if (rule.day.bucket !== day) rule.day = { bucket: day, count: 0 };
      if (rule.perDay !== undefined && rule.day.count >= rule.perDay) return 45009;
      if (rule.perMinute !== undefined && rule.minute.count >= rule.perMinute) return 45011;
    }
    for (const rule of rules) {
      rule.minute.count += 1;
      rule.day.count += 1;
    }
    return undefined;
  }

  function gone(res: ServerResponse): boolean {
    return closed || res.destroyed;
  }

  async function handleBusiness(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const entry: JournalEntry = { at: state.nowIso(), method, path, query: Object.fromEntries(url.searchParams), body: undefined, response: null };
    state.recordRequest(entry);

    if (state.down === 'refuse') {
      entry.response = drop(req);
      return;
    }
    const raw = await readBody(req, MAX_BODY_BYTES);
    const body = parseJson(raw.bytes);
    entry.body = body.value;
    if (gone(res)) return;
    // The body is journalled first: a hung or failing call still shows what was sent.
    if (state.down === 'hang' || state.down === 'http502') {
      entry.response = answerDown(req, res, state.down);
      return;
    }

    const json = (wechat: WechatBody, status = 200): void => respond(res, entry, { kind: 'json', status, body: wechat });
    const handler = BUSINESS_ROUTES[path];
    if (!handler) return json(errorBody(40066, state.now()));
    if (raw.tooLarge) return json(errorBody(47001, state.now()));

    await timers.sleep(latencyFor(path));
    if (gone(res)) return;
    const fault = takeFault(path);
    if (fault) {
      await timers.sleep(fault.latencyMs);
      if (gone(res)) return;
      if (fault.dropConnection) {
        entry.response = drop(req);
        return;
      }
      if (fault.errcode !== undefined) return json(errorBody(fault.errcode, state.now(), fault.errmsg), fault.httpStatus ?? 200);
      if (fault.httpStatus !== undefined && fault.httpStatus !== 200) {
        return respond(res, entry, { kind: 'text', status: fault.httpStatus, body: statusHtml(fault.httpStatus) });
      }
    }
    const overQuota = checkQuota(path);
    if (overQuota !== undefined) return json(errorBody(overQuota, state.now()));

    try {
      json(handler(state, config, { method, query: url.searchParams, body: body.value, bodyIsJson: body.isJson }));
    } catch (error) {
      if (!(error instanceof WechatError)) throw error;
      json(errorBody(error.errcode, state.now(), error.detail));
    }
  }

  const server = createSimServer(
    'wechat',
    async (req, res, url) => {
      if (!url.pathname.startsWith('/__sim/')) return handleBusiness(req, res, url);
      const reply = (status: number, body: unknown): void => writeJson(res, status, body);
      return serveControl(req, url, { maxBytes: MAX_BODY_BYTES, gone: () => gone(res), reply, handle: (request) => handleControl(state, request) });
    },
    // WeChat reports a failure of its own as errcode -1 ("system busy") in an HTTP 200.
    (res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(errorBody(-1, state.now())));
    },
  );
  const stopServer = stopper(server);

  async function close(): Promise<void> {
    closed = true;
    timers.clear();
    await stopServer();
  }

  return {
    state,
    listen: () => listen(server, options.port ?? 0, options.host ?? '127.0.0.1', close),
  };
}

/** Starts a simulator and resolves once it is listening. */
export function startWechatSimulator(options: WechatSimulatorOptions): Promise<RunningWechatSimulator> {
  return createWechatSimulator(options).listen();
}
