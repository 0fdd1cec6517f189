import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ControlReply, ControlRequest } from '../lib/controls';
import { latencyOf, takeFault as takeFaultOf } from '../lib/faults';
import { createSimServer, describeError, drop, firstHeader, parseJson, readBody, serveControl, statusHtml, writeJson, type RawBody } from '../lib/http';
import { listen, stopper, type Running } from '../lib/lifecycle';
import { Timers } from '../lib/timers';
import { authenticate } from './auth';
import { cashierAction, cashierPage, type CashierReply } from './cashier';
import { bootConfig, type WechatPaySimulatorOptions } from './config';
import { handleControl, type ControlContext } from './controls';
import { ERROR_MESSAGE, PayError } from './errors';
import { nonceString, requestId } from './format';
import { createPlatformKeys, serialFor, type PlatformKeys } from './keys';
import { NotifyDispatcher } from './notify';
import { orderView } from './orders';
import { refundNotifyUrl, refundResource, resolveRefund } from './refunds';
import { endpointMatches, matchRoute, parseJsonObject, type ApiResult, type RouteMatch } from './routes';
import type { Runtime } from './runtime';
import { responseSignMessage, rsaSign, SIGN_SCHEME } from './signing';
import { defaultNotifyPolicy, SimState, type AuthRecord, type FaultRule, type JournalEntry, type RefundStatus } from './state';
import { isRecord, type Obj } from './validate';

/** The platform key material a verifier needs (what `GET /__sim/keys` serves, in both modes). */
export interface PlatformPublicKeys {
  publicKeyPem: string;
  publicKeyId: string;
  certificatePem: string;
  certificateSerial: string;
}

export interface RunningWechatPaySimulator extends Running {
  platform: PlatformPublicKeys;
  /** In-process inspection for tests; everything in it is also reachable through `/__sim/*`. */
  state: SimState;
}

/** A simulator not yet listening. */
export interface WechatPaySimulator {
  readonly state: SimState;
  readonly platform: PlatformPublicKeys;
  listen(): Promise<RunningWechatPaySimulator>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_NOTIFY_TIMEOUT_MS = 5000;
const REFUND_SUMMARY: Readonly<Record<Exclude<RefundStatus, 'PROCESSING'>, string>> = { SUCCESS: '退款成功', ABNORMAL: '退款异常', CLOSED: '退款关闭' };
/** Codes a fault rule answers with when it names only an HTTP status. */
const FAULT_CODE: Readonly<Record<number, string>> = { 400: 'PARAM_ERROR', 401: 'SIGN_ERROR', 403: 'NO_AUTH', 404: 'RESOURCE_NOT_EXISTS', 429: 'FREQUENCY_LIMITED' };

function header(req: IncomingMessage, name: string): string | undefined {
  return firstHeader(req.headers, name);
}

/** How a reply is to be signed (a fault may strip or spoil the signature). */
interface Signing {
  unsigned: boolean;
  badSignature: boolean;
  /** The request's `Wechatpay-Serial`: a `PUB_KEY_ID_…` there selects public-key signing (§1). */
  requestSerial: string | undefined;
}

/** Builds a simulator; `listen()` binds it. The API reaches it only through WXPAY_API_BASE. */
export async function createWechatPaySimulator(options: WechatPaySimulatorOptions): Promise<WechatPaySimulator> {
  const baseClock = options.clock ?? Date.now;
  // Validates the merchants before the (slower) key generation.
  bootConfig(options);
  const keys: PlatformKeys = await createPlatformKeys(options.platform, baseClock());
  const notifyTimeoutMs = options.notifyTimeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS;
  const state = new SimState(baseClock, () => bootConfig(options), () => defaultNotifyPolicy(options.notifySchedule ?? 'official', notifyTimeoutMs));
  const dispatcher = new NotifyDispatcher(state, keys);
  /** Latency and fault delays; cleared on close. */
  const timers = new Timers();
  /** Automatic refund settlement; cleared on reset and close. */
  const refundTimers = new Timers();
  let closed = false;

  const rt: Runtime = {
    state,
    keys,
    notifyTransaction: (order) => {
      dispatcher.emit({ eventType: 'TRANSACTION.SUCCESS', summary: '支付成功', originalType: 'transaction', mchid: order.mchid, outTradeNo: order.outTradeNo, url: order.notifyUrl, plaintext: orderView(state, order) });
    },
    notifyRefund: (refund) => {
      const url = refundNotifyUrl(state, refund);
      if (url === undefined || refund.status === 'PROCESSING') return;
      dispatcher.emit({
        eventType: `REFUND.${refund.status}`,
        summary: REFUND_SUMMARY[refund.status],
        originalType: 'refund',
        mchid: refund.mchid,
        outTradeNo: refund.outTradeNo,
        outRefundNo: refund.outRefundNo,
        url,
        plaintext: refundResource(refund),
      });
    },
    refundCreated: (refund) => {
      const ms = state.config.refundAutoSucceedMs;
      if (ms <= 0) return;
      refundTimers.schedule(ms, () => {
        if (refund.status === 'PROCESSING') resolveRefund(rt, refund, 'SUCCESS');
      });
    },
  };

  const controls: ControlContext = {
    rt,
    dispatcher,
    reset: () => {
      state.reset();
      dispatcher.reset();
      refundTimers.clear();
    },
  };

  function gone(res: ServerResponse): boolean {
    return closed || res.destroyed;
  }

  function signatureHeaders(body: string, signing: Signing): Record<string, string> {
    const timestamp = String(Math.floor(state.now() / 1000));
    const nonce = nonceString(32);
    const serial = signing.requestSerial === keys.publicKeyId ? keys.publicKeyId : serialFor(keys, state.config.signMode);
    // badSignature signs other bytes than are sent: well-formed, but it does not verify.
    const signed = signing.badSignature ? `${body} ` : body;
    return {
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': rsaSign(keys.privateKey, responseSignMessage(timestamp, nonce, signed)),
      'Wechatpay-Serial': serial,
      'Wechatpay-Signature-Type': SIGN_SCHEME,
    };
  }

  /** Answers an API result: JSON and 204 are signed (§3); bill files are not (§11). */
  function send(res: ServerResponse, entry: JournalEntry, result: ApiResult, signing: Signing): void {
    const headers: Record<string, string | number> = { 'Request-ID': requestId() };
    if (result.kind === 'file') {
      entry.response = { kind: 'http', status: 200, signed: false };
      res.writeHead(200, { ...headers, 'Content-Type': result.contentType, 'Content-Length': result.bytes.length });
      res.end(result.bytes);
      return;
    }
    const text = result.kind === 'json' ? JSON.stringify(result.body) : '';
    const status = result.kind === 'json' ? result.status : 204;
    if (result.kind === 'json') {
      headers['Content-Type'] = 'application/json; charset=utf-8';
      headers['Content-Length'] = Buffer.byteLength(text);
    }
    if (!signing.unsigned) Object.assign(headers, signatureHeaders(text, signing));
    const code = result.kind === 'json' && status >= 400 && isRecord(result.body) && typeof result.body.code === 'string' ? result.body.code : undefined;
    entry.response = { kind: 'http', status, ...(code === undefined ? {} : { code }), signed: !signing.unsigned };
    res.writeHead(status, headers);
    res.end(text === '' ? undefined : text);
  }

  /**
   * A gateway in front of WeChat Pay failing: HTML, unsigned (it never reached the signing
   * service). Header names capitalised like every other WeChat Pay reply, unlike lib's writeHtml.
   */
  function gatewayError(res: ServerResponse, entry: JournalEntry, status: 502 | 503): void {
    const html = statusHtml(status);
    entry.response = { kind: 'http', status, signed: false };
    res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(html) });
    res.end(html);
  }

  function latencyFor(routeName: string | undefined, path: string): number {
    return latencyOf(state.latency.find((r) => r.endpoint !== '*' && endpointMatches(r.endpoint, routeName, path)) ?? state.latency.find((r) => r.endpoint === '*'));
  }

  function takeFault(routeName: string | undefined, path: string): FaultRule | undefined {
    return takeFaultOf(state, (rule) => endpointMatches(rule.endpoint, routeName, path));
  }

  /** Authorization, then routing, then the handler; every failure becomes a §4 error body. */
  function handle(req: IncomingMessage, url: URL, raw: RawBody, match: RouteMatch, record: AuthRecord): ApiResult {
    const method = req.method ?? 'GET';
    try {
      if (raw.tooLarge) throw new PayError('PARAM_ERROR', '请求体过大', { field: '/', issue: `body larger than ${MAX_BODY_BYTES} bytes`, location: 'body' });
      const auth = authenticate(state, { method, canonicalUrl: req.url ?? '/', authorization: header(req, 'authorization'), body: raw.bytes }, record);
      if (!auth.ok) throw auth.error;
      // "Requests without a User-Agent may be rejected": the simulator always does, so the omission shows up in development.
      if (!header(req, 'user-agent')) throw new PayError('PARAM_ERROR', 'Http头缺少User-Agent', { field: 'User-Agent', issue: 'User-Agent is required', location: 'header' });
      if (!match.route) throw new PayError(match.methodMismatch ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND');
      let body: Obj | undefined;
      if (method === 'POST') {
        const contentType = header(req, 'content-type') ?? '';
        if (raw.bytes.length > 0 && !contentType.toLowerCase().startsWith('application/json')) {
          throw new PayError('PARAM_ERROR', 'Content-Type必须为application/json', { field: 'Content-Type', value: contentType, issue: 'Content-Type must be application/json', location: 'header' });
        }
        body = parseJsonObject(raw.bytes);
      }
      return match.route.handle({ rt, merchant: auth.merchant, params: match.params, query: url.searchParams, body });
    } catch (error) {
      if (error instanceof PayError) return { kind: 'json', status: error.status, body: error.body() };
      process.stderr.write(`wechatpay simulator: ${method} ${url.pathname} failed: ${describeError(error)}\n`);
      return { kind: 'json', status: 500, body: { code: 'SYSTEM_ERROR', message: '系统错误' } };
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const match = matchRoute(method, url.pathname);
    const routeName = match.route?.name;
    const entry = state.recordRequest({ at: state.nowIso(), method, url: req.url ?? '/', route: routeName ?? null, body: undefined, auth: null, response: null });

    if (state.down === 'refuse') {
      entry.response = drop(req);
      return;
    }
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (gone(res)) return;
    const parsed = parseJson(raw.bytes);
    entry.body = parsed.value;
    if (state.down === 'hang') {
      // Never answered and never acted on; close() destroys the socket.
      entry.response = { kind: 'hung' };
      return;
    }
    if (state.down === 'http502' || state.down === 'http503') return gatewayError(res, entry, state.down === 'http502' ? 502 : 503);

    const signing: Signing = { unsigned: false, badSignature: false, requestSerial: header(req, 'wechatpay-serial') };
    let delayMs = latencyFor(routeName, url.pathname);
    const fault = takeFault(routeName, url.pathname);
    if (fault) {
      signing.unsigned = fault.unsigned;
      signing.badSignature = fault.badSignature;
      delayMs += fault.latencyMs;
      if (fault.dropConnection || fault.httpStatus !== undefined) {
        await timers.sleep(delayMs);
        if (gone(res)) return;
        if (fault.dropConnection) {
          entry.response = drop(req);
          return;
        }
        const status = fault.httpStatus ?? 500;
        const code = fault.code ?? FAULT_CODE[status] ?? 'SYSTEM_ERROR';
        return send(res, entry, { kind: 'json', status, body: { code, message: fault.message ?? ERROR_MESSAGE[code] ?? code } }, signing);
      }
    }

    const record: AuthRecord = { ok: false };
    entry.auth = record;
    // Latency delays the answer, not the effect: a client that gives up still finds the result by query.
    const result = handle(req, url, raw, match, record);
    await timers.sleep(delayMs);
    if (gone(res)) return;
    send(res, entry, result, signing);
  }

  function sendCashier(res: ServerResponse, reply: CashierReply): void {
    res.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
    res.end(reply.body);
  }

  /** The cashier page and its buttons live under `/__sim/` but answer HTML; everything else there is a control. */
  async function handleSim(request: ControlRequest, raw: RawBody, res: ServerResponse): Promise<ControlReply | undefined> {
    const { method, path } = request;
    if (path === '/__sim/cashier' && method === 'GET') {
      sendCashier(res, cashierPage(rt, request.query));
      return undefined;
    }
    const action = /^\/__sim\/cashier\/(confirm|cancel)$/.exec(path)?.[1];
    if (action === 'confirm' || action === 'cancel') {
      if (method !== 'POST') return { status: 405, body: { error: `${method} not allowed on ${path}` } };
      // Browsers post the form urlencoded; scripted callers may send JSON.
      const form = isRecord(request.body) ? new URLSearchParams(Object.entries(request.body).map(([k, v]): [string, string] => [k, String(v)])) : new URLSearchParams(raw.bytes.toString('utf8'));
      sendCashier(res, cashierAction(rt, action, form));
      return undefined;
    }
    return handleControl(controls, request);
  }

  const server = createSimServer(
    'wechatpay',
    async (req, res, url) => {
      if (url.pathname === '/favicon.ico') {
        // Browsers ask for it when showing the cashier; not an API call worth a journal entry.
        res.writeHead(204).end();
        return;
      }
      if (url.pathname.startsWith('/__sim/')) {
        const reply = (status: number, body: unknown): void => writeJson(res, status, body);
        return serveControl(req, url, { maxBytes: MAX_BODY_BYTES, gone: () => gone(res), reply, handle: (request, raw) => handleSim(request, raw, res) });
      }
      return handleApi(req, res, url);
    },
    (res) => {
      res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ code: 'SYSTEM_ERROR', message: '系统错误' }));
    },
  );
  const stopServer = stopper(server);

  async function close(): Promise<void> {
    closed = true;
    timers.clear();
    refundTimers.clear();
    dispatcher.close();
    await stopServer();
  }

  const platform: PlatformPublicKeys = { publicKeyPem: keys.publicKeyPem, publicKeyId: keys.publicKeyId, certificatePem: keys.certificatePem, certificateSerial: keys.certificateSerial };
  return {
    state,
    platform,
    async listen(): Promise<RunningWechatPaySimulator> {
      const running = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1', close);
      return { ...running, platform, state };
    },
  };
}

/** Starts a simulator and resolves once it is listening. */
export async function startWechatPaySimulator(options: WechatPaySimulatorOptions): Promise<RunningWechatPaySimulator> {
  return (await createWechatPaySimulator(options)).listen();
}
