import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen, stopper, type Running } from '../lib/lifecycle';

import { businessFailure, businessReply, businessSuccess, BusinessError, gatewayReply, GatewayError, type BusinessResult, type GatewayReply } from './codes';
import { bootState, type CourierSimulatorOptions } from './config';
import { handleControl, type ControlContext } from './controls';
import { PushDispatcher } from './pushes';
import type { Runtime } from './runtime';
import { ScriptRunner } from './scripts';
import { SERVICES } from './services';
import { digestMatches, MAX_CLOCK_SKEW_MS, msgDigest } from './signing';
import { SimState, type FaultRule, type JournalEntry, type JournalResponse, type Partner } from './state';
import { Timers } from '../lib/timers';
import { FieldError, isRecord } from './validate';

export type RunningCourierSimulator = Running;

/** A simulator not yet listening; `state` is exposed for in-process inspection. */
export interface CourierSimulator {
  readonly state: SimState;
  listen(): Promise<RunningCourierSimulator>;
}

export const SERVICE_PATH = '/std/service';

const MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const REQUIRED = ['partnerID', 'requestID', 'serviceCode', 'timestamp', 'msgData', 'msgDigest'] as const;
const GATEWAY_HTML: Readonly<Record<number, string>> = {
  502: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
  503: '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n',
};

function htmlFor(status: number): string {
  return GATEWAY_HTML[status] ?? `<html><body><h1>${status}</h1></body></html>`;
}

interface RawBody {
  text: string;
  tooLarge: boolean;
}

function readBody(req: IncomingMessage): Promise<RawBody> {
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
    req.on('end', () => resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge }));
  });
}

function parseJson(text: string): { value: unknown; isJson: boolean } {
  if (text === '') return { value: undefined, isJson: false };
  try {
    return { value: JSON.parse(text) as unknown, isJson: true };
  } catch {
    return { value: text, isJson: false };
  }
}

/** A call that passed the gateway: who signed it and what it asks for. */
interface Admitted {
  partner: Partner;
  serviceCode: string;
  requestKey: string;
  msgData: string;
}

/** Builds a simulator; `listen()` binds it. The API reaches it only through COURIER_BASE. */
export function createCourierSimulator(options: CourierSimulatorOptions = {}): CourierSimulator {
  const state = new SimState(() => bootState(options), options.clock ?? Date.now);
  const timers = new Timers();
  let closed = false;

  const rt: Runtime = {
    state,
    pushRoute: (order, route) => dispatcher.enqueue(order, route),
    orderCreated: (order) => {
      const { scenario, stepMs } = state.auto;
      if (scenario !== null && order.waybillNo !== undefined) scripts.start(order, scenario, stepMs, 'auto');
    },
  };
  const dispatcher = new PushDispatcher(state);
  const scripts = new ScriptRunner(rt);
  const controls: ControlContext = {
    rt,
    dispatcher,
    scripts,
    reset: () => {
      state.reset();
      dispatcher.reset();
      scripts.stop();
    },
  };

  function gone(res: ServerResponse): boolean {
    return closed || res.destroyed;
  }

  function respond(res: ServerResponse, entry: JournalEntry | undefined, reply: JournalResponse): void {
    if (entry) entry.response = reply;
    if (reply.kind === 'json') {
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    } else if (reply.kind === 'text') {
      res.writeHead(reply.status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(reply.body) });
      res.end(reply.body);
    }
  }

  function gateway(res: ServerResponse, entry: JournalEntry, body: GatewayReply, status = 200): void {
    respond(res, entry, { kind: 'json', status, body });
  }

  function drop(req: IncomingMessage, entry: JournalEntry): void {
    entry.response = { kind: 'dropped' };
    req.socket.destroy();
  }

  function latencyMs(serviceCode: string | null): number {
    const rule = (serviceCode === null ? undefined : state.latency.get(serviceCode)) ?? state.latency.get('*');
    return rule ? rule.fixedMs + Math.random() * rule.jitterMs : 0;
  }

  /** The first rule of `phase` for this service that fires (by probability); spends one of its `times`. */
  function takeFault(serviceCode: string, phase: FaultRule['phase']): FaultRule | undefined {
    for (const rule of state.faults) {
      if (rule.phase !== phase || (rule.serviceCode !== '*' && rule.serviceCode !== serviceCode)) continue;
      if (Math.random() >= rule.probability) continue;
      rule.remaining -= 1;
      if (rule.remaining <= 0) state.faults = state.faults.filter((r) => r !== rule);
      return rule;
    }
    return undefined;
  }

  /** Plays a fault; true when it answered (or dropped) the call, false for a latency-only rule. */
  async function playFault(req: IncomingMessage, res: ServerResponse, entry: JournalEntry, rule: FaultRule): Promise<boolean> {
    entry.fault = rule.id;
    await timers.sleep(rule.latencyMs);
    if (gone(res)) return true;
    if (rule.dropConnection) {
      drop(req, entry);
      return true;
    }
    if (rule.apiResultCode !== undefined && rule.apiResultCode !== 'A1000') {
      gateway(res, entry, gatewayReply(rule.apiResultCode, state.now(), rule.errorMsg), rule.httpStatus ?? 200);
      return true;
    }
    if (rule.errorCode !== undefined) {
      gateway(res, entry, businessReply(businessFailure(rule.errorCode, rule.errorMsg), state.now()), rule.httpStatus ?? 200);
      return true;
    }
    if (rule.httpStatus !== undefined) {
      respond(res, entry, { kind: 'text', status: rule.httpStatus, body: htmlFor(rule.httpStatus) });
      return true;
    }
    return false;
  }

  /**
   * §1/§2 gateway checks in order: required parameters (A1001), timestamp within ±10 min
   * (A1002), known partner and msgDigest (A1006), known service (A1004), requestID not reused
   * (A1007). The digest is journalled even when an earlier check fails.
   */
  function admit(form: URLSearchParams, entry: JournalEntry): Admitted {
    const missing = REQUIRED.find((name) => (form.get(name) ?? '') === '');
    const partnerID = form.get('partnerID') ?? '';
    const timestamp = form.get('timestamp') ?? '';
    const msgData = form.get('msgData') ?? '';
    const received = form.get('msgDigest');
    const partner = state.partner(partnerID);
    const expected = partner ? msgDigest(msgData, timestamp, partner.checkWord) : null;
    entry.digest = { received, expected, ok: received !== null && expected !== null && digestMatches(received, expected) };

    if (missing !== undefined) throw new GatewayError('A1001', `必传参数不可为空：${missing}`);
    const requestID = form.get('requestID') ?? '';
    if ([...requestID].length > 40) throw new GatewayError('A1001', 'requestID 长度不能超过 40');
    if (!/^\d{1,16}$/.test(timestamp)) throw new GatewayError('A1002', `timestamp 格式错误：${timestamp}`);
    if (Math.abs(state.now() - Number(timestamp)) > MAX_CLOCK_SKEW_MS) throw new GatewayError('A1002');
    if (!partner) throw new GatewayError('A1006', `数字签名无效：未知的 partnerID ${partnerID}`);
    if (!entry.digest.ok) throw new GatewayError('A1006');
    const serviceCode = form.get('serviceCode') ?? '';
    if (SERVICES[serviceCode] === undefined) throw new GatewayError('A1004', `无对应服务权限：${serviceCode}`);
    const requestKey = state.orderKey(partnerID, requestID);
    if (state.requestIds.has(requestKey)) throw new GatewayError('A1007', `重复请求：requestID ${requestID}`);
    return { partner, serviceCode, requestKey, msgData };
  }

  function runService(call: Admitted): BusinessResult {
    const parsed = parseJson(call.msgData);
    if (!parsed.isJson || !isRecord(parsed.value)) return businessFailure('9001', '参数校验失败：msgData 不是 JSON 对象');
    const service = SERVICES[call.serviceCode];
    if (!service) return businessFailure('9099');
    try {
      return businessSuccess(service({ rt, partner: call.partner, msgData: parsed.value }));
    } catch (error) {
      if (error instanceof FieldError) return businessFailure('9001', `参数校验失败：${error.field} ${error.problem}`);
      if (error instanceof BusinessError) return businessFailure(error.errorCode, error.errorMsg);
      throw error;
    }
  }

  async function handleService(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const entry = state.recordRequest({ at: state.nowIso(), method, path: url.pathname, params: {}, msgData: undefined, serviceCode: null, partnerID: null, digest: null, fault: null, response: null });

    switch (state.down) {
      case 'refuse':
        return drop(req, entry);
      case 'hang':
        // Never answered; close() destroys the socket.
        entry.response = { kind: 'hung' };
        return;
      case 'http502':
      case 'http503': {
        const status = state.down === 'http502' ? 502 : 503;
        return respond(res, entry, { kind: 'text', status, body: htmlFor(status) });
      }
      case undefined:
        break;
    }
    const raw = await readBody(req);
    if (gone(res)) return;
    if (method !== 'POST') return respond(res, entry, { kind: 'text', status: 405, body: htmlFor(405) });
    if (raw.tooLarge) return respond(res, entry, { kind: 'text', status: 413, body: htmlFor(413) });

    const form = new URLSearchParams(raw.text);
    for (const [key, value] of form) if (key !== 'msgData') entry.params[key] = value;
    const msgData = form.get('msgData');
    entry.msgData = msgData === null ? undefined : parseJson(msgData).value;
    entry.serviceCode = form.get('serviceCode');
    entry.partnerID = form.get('partnerID');

    await timers.sleep(latencyMs(entry.serviceCode));
    if (gone(res)) return;
    let call: Admitted;
    try {
      call = admit(form, entry);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      return gateway(res, entry, gatewayReply(error.code, state.now(), error.detail));
    }

    const before = takeFault(call.serviceCode, 'before');
    if (before && (await playFault(req, res, entry, before))) return;
    state.rememberRequestId(call.requestKey);
    const result = runService(call);
    if (gone(res)) return;
    const after = takeFault(call.serviceCode, 'after');
    if (after && (await playFault(req, res, entry, after))) return;
    gateway(res, entry, businessReply(result, state.now()));
  }

  async function handleSim(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return respond(res, undefined, { kind: 'json', status: 403, body: { error: '/__sim/* is loopback only' } });
    const raw = await readBody(req);
    if (gone(res)) return;
    const parsed = parseJson(raw.text);
    const reply = await handleControl(controls, { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body: parsed.value, bodyIsJson: parsed.isJson });
    if (gone(res)) return;
    respond(res, undefined, { kind: 'json', status: reply.status, body: reply.body });
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const work = url.pathname.startsWith('/__sim/')
      ? handleSim(req, res, url)
      : url.pathname === SERVICE_PATH
        ? handleService(req, res, url)
        : Promise.resolve(respond(res, undefined, { kind: 'text', status: 404, body: htmlFor(404) }));
    work.catch((error: unknown) => {
      process.stderr.write(`courier simulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      if (!res.headersSent && !res.destroyed) respond(res, undefined, { kind: 'json', status: 200, body: gatewayReply('A1099', state.now()) });
    });
  });
  const stopServer = stopper(server);

  async function close(): Promise<void> {
    closed = true;
    timers.clear();
    dispatcher.close();
    scripts.close();
    await stopServer();
  }

  return {
    state,
    listen: () => listen(server, options.port ?? 0, options.host ?? '127.0.0.1', close),
  };
}

/** Starts a simulator and resolves once it is listening. */
export function startCourierSimulator(options: CourierSimulatorOptions = {}): Promise<RunningCourierSimulator> {
  return createCourierSimulator(options).listen();
}
