import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen, stopper } from '../lib/lifecycle';

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

export interface RunningWechatSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A simulator not yet listening; `state` is exposed for in-process inspection. */
export interface WechatSimulator {
  readonly state: SimState;
  listen(): Promise<RunningWechatSimulator>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const BAD_GATEWAY_HTML = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

interface ParsedBody {
  /** Parsed JSON when `isJson`, else raw text, or undefined when empty. */
  value: unknown;
  isJson: boolean;
  tooLarge: boolean;
}

function readBody(req: IncomingMessage): Promise<ParsedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw === '' || tooLarge) return resolve({ value: undefined, isJson: false, tooLarge });
      try {
        resolve({ value: JSON.parse(raw) as unknown, isJson: true, tooLarge });
      } catch {
        resolve({ value: raw, isJson: false, tooLarge });
      }
    });
  });
}

function httpStatusText(status: number): string {
  return `<html><body><h1>${status}</h1></body></html>`;
}

/** Builds a simulator; `listen()` binds it. Production code never talks to it except through WECHAT_API_BASE. */
export function createWechatSimulator(options: WechatSimulatorOptions): WechatSimulator {
  const config: SimConfig = { appid: options.appid, secret: options.secret, magicCodes: options.magicCodes ?? false };
  const state = new SimState();
  const timers = new Map<NodeJS.Timeout, () => void>();
  let closed = false;

  /** Real-time wait (latency is wall-clock, unlike expiry which follows the simulator clock). */
  function delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });
  }

  function respond(res: ServerResponse, entry: JournalEntry, reply: JournalResponse): void {
    entry.response = reply;
    if (reply.kind === 'json') {
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    } else if (reply.kind === 'text') {
      res.writeHead(reply.status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(reply.body) });
      res.end(reply.body);
    }
  }

  function drop(req: IncomingMessage, entry: JournalEntry): void {
    entry.response = { kind: 'dropped' };
    req.socket.destroy();
  }

  function latencyFor(path: string): number {
    const rule = state.latency.get(path) ?? state.latency.get('*');
    return rule ? rule.fixedMs + Math.random() * rule.jitterMs : 0;
  }

  /** The first rule matching this endpoint that fires (by its probability); spends one of its `times`. */
  function takeFault(path: string): FaultRule | undefined {
    for (const rule of state.faults) {
      if (rule.endpoint !== '*' && rule.endpoint !== path) continue;
      if (Math.random() >= rule.probability) continue;
      rule.remaining -= 1;
      if (rule.remaining <= 0) state.faults = state.faults.filter((r) => r !== rule);
      return rule;
    }
    return undefined;
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

    if (state.down === 'refuse') return drop(req, entry);
    const body = await readBody(req);
    entry.body = body.value;
    if (gone(res)) return;
    if (state.down === 'hang') {
      // Never answered; close() destroys the socket.
      entry.response = { kind: 'hung' };
      return;
    }
    if (state.down === 'http502') return respond(res, entry, { kind: 'text', status: 502, body: BAD_GATEWAY_HTML });

    const json = (wechat: WechatBody, status = 200): void => respond(res, entry, { kind: 'json', status, body: wechat });
    const handler = BUSINESS_ROUTES[path];
    if (!handler) return json(errorBody(40066, state.now()));
    if (body.tooLarge) return json(errorBody(47001, state.now()));

    await delay(latencyFor(path));
    if (gone(res)) return;
    const fault = takeFault(path);
    if (fault) {
      await delay(fault.latencyMs);
      if (gone(res)) return;
      if (fault.dropConnection) return drop(req, entry);
      if (fault.errcode !== undefined) return json(errorBody(fault.errcode, state.now(), fault.errmsg), fault.httpStatus ?? 200);
      if (fault.httpStatus !== undefined && fault.httpStatus !== 200) {
        return respond(res, entry, { kind: 'text', status: fault.httpStatus, body: httpStatusText(fault.httpStatus) });
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

  async function handleSim(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const send = (status: number, payload: unknown): void => {
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return send(403, { error: '/__sim/* is loopback only' });
    const body = await readBody(req);
    if (gone(res)) return;
    const reply = handleControl(state, { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body: body.value, bodyIsJson: body.isJson });
    send(reply.status, reply.body);
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const work = url.pathname.startsWith('/__sim/') ? handleSim(req, res, url) : handleBusiness(req, res, url);
    work.catch((error: unknown) => {
      process.stderr.write(`wechat simulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      if (!res.headersSent && !res.destroyed) {
        const text = JSON.stringify(errorBody(-1, state.now()));
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(text);
      }
    });
  });
  const stopServer = stopper(server);

  async function close(): Promise<void> {
    closed = true;
    for (const [timer, resolve] of timers) {
      clearTimeout(timer);
      resolve();
    }
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
