import type { IncomingMessage, ServerResponse } from 'node:http';

import { latencyOf, takeFault as takeFaultOf } from '../lib/faults';
import { answerDown, createSimServer, drop, parseJson, readBody, serveControl, statusHtml, writeHtml, writeJson } from '../lib/http';
import { listen, stopper, type Running } from '../lib/lifecycle';
import { Timers } from '../lib/timers';

import { businessFailure, businessReply, businessSuccess, BusinessError, gatewayReply, GatewayError, type BusinessResult, type GatewayReply } from './codes';
import { bootState, type CourierSimulatorOptions } from './config';
import { handleControl, type ControlContext } from './controls';
import { PushDispatcher } from './pushes';
import type { Runtime } from './runtime';
import { ScriptRunner } from './scripts';
import { SERVICES } from './services';
import { digestMatches, MAX_CLOCK_SKEW_MS, msgDigest } from './signing';
import { SimState, type FaultRule, type JournalEntry, type JournalResponse, type Partner } from './state';
import { FieldError, isRecord } from './validate';

export type RunningCourierSimulator = Running;

/** A simulator not yet listening; `state` is exposed for in-process inspection. */
export interface CourierSimulator {
  readonly state: SimState;
  listen(): Promise<RunningCourierSimulator>;
}

export const SERVICE_PATH = '/std/service';

const MAX_BODY_BYTES = 1024 * 1024;
const REQUIRED = ['partnerID', 'requestID', 'serviceCode', 'timestamp', 'msgData', 'msgDigest'] as const;
/** The courier's own spelling of the JSON type (no space, UTF-8 in capitals), kept byte for byte. */
const SF_JSON = { 'content-type': 'application/json;charset=UTF-8' };

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
    if (reply.kind === 'json') writeJson(res, reply.status, reply.body, SF_JSON);
    else if (reply.kind === 'text') writeHtml(res, reply.status, reply.body);
  }

  function gateway(res: ServerResponse, entry: JournalEntry, body: GatewayReply, status = 200): void {
    respond(res, entry, { kind: 'json', status, body });
  }

  function latencyMs(serviceCode: string | null): number {
    return latencyOf((serviceCode === null ? undefined : state.latency.get(serviceCode)) ?? state.latency.get('*'));
  }

  function takeFault(serviceCode: string, phase: FaultRule['phase']): FaultRule | undefined {
    return takeFaultOf(state, (rule) => rule.phase === phase && (rule.serviceCode === '*' || rule.serviceCode === serviceCode));
  }

  /** Plays a fault; true when it answered (or dropped) the call, false for a latency-only rule. */
  async function playFault(req: IncomingMessage, res: ServerResponse, entry: JournalEntry, rule: FaultRule): Promise<boolean> {
    entry.fault = rule.id;
    await timers.sleep(rule.latencyMs);
    if (gone(res)) return true;
    if (rule.dropConnection) {
      entry.response = drop(req);
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
      respond(res, entry, { kind: 'text', status: rule.httpStatus, body: statusHtml(rule.httpStatus) });
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

    if (state.down) {
      entry.response = answerDown(req, res, state.down);
      return;
    }
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (gone(res)) return;
    if (method !== 'POST') return respond(res, entry, { kind: 'text', status: 405, body: statusHtml(405) });
    if (raw.tooLarge) return respond(res, entry, { kind: 'text', status: 413, body: statusHtml(413) });

    const form = new URLSearchParams(raw.bytes.toString('utf8'));
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

  const server = createSimServer(
    'courier',
    async (req, res, url) => {
      if (url.pathname.startsWith('/__sim/')) {
        const reply = (status: number, body: unknown): void => respond(res, undefined, { kind: 'json', status, body });
        return serveControl(req, url, { maxBytes: MAX_BODY_BYTES, gone: () => gone(res), reply, handle: (request) => handleControl(controls, request) });
      }
      if (url.pathname === SERVICE_PATH) return handleService(req, res, url);
      respond(res, undefined, { kind: 'text', status: 404, body: statusHtml(404) });
    },
    // A failure of the simulator itself is SF's A1099 system error, in the usual HTTP 200 envelope.
    (res) => respond(res, undefined, { kind: 'json', status: 200, body: gatewayReply('A1099', state.now()) }),
  );
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
