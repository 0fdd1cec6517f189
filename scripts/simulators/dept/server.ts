import type { IncomingMessage, ServerResponse } from 'node:http';

import { latencyOf, takeFault as takeFaultOf } from '../lib/faults';
import { answerDown as answerGatewayDown, createSimServer, describeError, drop, parseJson, readBody, serveControl, writeJson } from '../lib/http';
import { listen, stopper, type Running } from '../lib/lifecycle';
import { Timers } from '../lib/timers';

import { authenticate } from './auth';
import { CallbackDispatcher } from './callbacks';
import { expireSupplementDeadlines } from './cases';
import type { DeptCode } from './catalog';
import { bootConfig, type DeptSimulatorOptions } from './config';
import { globToRegExp, handleControl, type ControlContext } from './controls';
import { DeptError, errorEnvelope, FieldError, successBody, type Envelope } from './errors';
import { redactIds } from './ids';
import { upsertPerson } from './people';
import { Processor } from './processing';
import { matchRoute, type ApiContext } from './routes';
import type { Runtime } from './runtime';
import { SEED_PEOPLE } from './seed';
import { SimState, type AuthJournal, type AutoPolicy, type DownMode, type FaultRule, type JournalEntry, type JournalResponse } from './state';
import { isRecord, type Obj } from './validate';

export type RunningDeptSimulator = Running;

/** A simulator not yet listening; `state` is exposed for in-process inspection. */
export interface DeptSimulator {
  readonly state: SimState;
  listen(): Promise<RunningDeptSimulator>;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const DEADLINE_SWEEP_MS = 1000;

/** Builds a simulator; `listen()` binds it. The API reaches it only through EXCHANGE_BASE. */
export function createDeptSimulator(options: DeptSimulatorOptions = {}): DeptSimulator {
  const bootAuto: AutoPolicy = { enabled: options.auto !== undefined, scenario: options.auto?.scenario ?? 'approve', stepDelayMs: options.auto?.stepDelayMs ?? 1000 };
  const state = new SimState(() => bootConfig(options), bootAuto);
  const timers = new Timers();
  let baseUrl = 'http://127.0.0.1';
  let closed = false;

  const rt: Runtime = {
    state,
    baseUrl: () => baseUrl,
    deliverEvent: (kase, event) => dispatcher.enqueue(kase, event),
    caseCreated: (kase) => processor.caseCreated(kase),
    caseSupplemented: (kase, materials) => processor.caseSupplemented(kase, materials),
  };
  const dispatcher = new CallbackDispatcher(state);
  const processor = new Processor(rt);

  function loadPeople(): void {
    const people = options.seed === false ? [] : options.seed === true || options.seed === undefined ? SEED_PEOPLE : options.seed;
    people.forEach((person, i) => {
      try {
        upsertPerson(state, person);
      } catch (error) {
        if (error instanceof FieldError) throw new Error(`seed resident #${i}: ${error.message}`);
        throw error;
      }
    });
  }
  loadPeople();

  const controls: ControlContext = {
    rt,
    dispatcher,
    reset: () => {
      state.reset();
      dispatcher.reset();
      processor.stop();
      loadPeople();
    },
  };

  function gone(res: ServerResponse): boolean {
    return closed || res.destroyed;
  }

  function send(res: ServerResponse, entry: JournalEntry | undefined, reply: JournalResponse & { kind: 'json' }, headers: Record<string, string> = {}): void {
    if (entry) entry.response = reply;
    const requestId: Record<string, string> = isRecord(reply.body) && typeof reply.body.requestId === 'string' ? { 'x-request-id': reply.body.requestId } : {};
    writeJson(res, reply.status, reply.body, { ...requestId, ...headers });
  }

  function envelope(res: ServerResponse, entry: JournalEntry, status: number, body: Envelope, headers?: Record<string, string>): void {
    send(res, entry, { kind: 'json', status, body }, headers);
  }

  function fail(res: ServerResponse, entry: JournalEntry, error: DeptError): void {
    const headers: Record<string, string> = error.code === '10007' ? { 'retry-after': '1' } : {};
    envelope(res, entry, error.httpStatus, errorEnvelope(error.code, error.detail, error.data), headers);
  }

  /** Answers as a system in `mode` would; `dept` names the department for `unavailable`. */
  function answerDown(req: IncomingMessage, res: ServerResponse, entry: JournalEntry, mode: DownMode, dept?: DeptCode): void {
    // Deliberately not a gateway page: the exchange itself is up and says which department is not.
    if (mode === 'unavailable') {
      return envelope(res, entry, 503, errorEnvelope('50300', dept === undefined ? undefined : `department ${dept} unavailable`, dept === undefined ? null : { deptCode: dept }));
    }
    entry.response = answerGatewayDown(req, res, mode);
  }

  /** The delays of the rules under `keys`, added up: a call reaching two departments waits for both. */
  function latencyMs(keys: string[]): number {
    return keys.reduce((total, key) => total + latencyOf(state.latency.get(key)), 0);
  }

  function takeFault(method: string, path: string, phase: FaultRule['phase']): FaultRule | undefined {
    return takeFaultOf(state, (rule) => rule.phase === phase && (rule.method === undefined || rule.method === method) && (rule.path === '*' || globToRegExp(rule.path).test(path)));
  }

  /** Plays a fault; true when it answered (or dropped) the request, false for a latency-only rule. */
  async function playFault(req: IncomingMessage, res: ServerResponse, entry: JournalEntry, rule: FaultRule): Promise<boolean> {
    await timers.sleep(rule.latencyMs);
    if (gone(res)) return true;
    if (rule.dropConnection) {
      entry.response = drop(req);
      return true;
    }
    if (rule.httpStatus === undefined) return false;
    const code = rule.code ?? '50000';
    envelope(res, entry, rule.httpStatus, errorEnvelope(code, rule.message), rule.httpStatus === 429 ? { 'retry-after': '1' } : {});
    return true;
  }

  /** Sliding one-second window per app key (§3: default 50 req/s); returns Retry-After seconds when over. */
  function overRate(appKey: string, limit: number): number | undefined {
    const now = state.now();
    const recent = (state.rate.get(appKey) ?? []).filter((at) => at > now - 1000 && at <= now);
    if (recent.length >= limit) {
      state.rate.set(appKey, recent);
      return Math.max(1, Math.ceil(((recent[0] ?? now) + 1000 - now) / 1000));
    }
    recent.push(now);
    state.rate.set(appKey, recent);
    return undefined;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const entry = state.recordRequest({ at: state.nowIso(), method, path, query: Object.fromEntries(url.searchParams), body: undefined, deptCodes: [], auth: null, response: null });

    if (state.down) return answerDown(req, res, entry, state.down);
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (gone(res)) return;
    const parsed = parseJson(raw.bytes);
    entry.body = parsed.isJson ? redactIds(parsed.value) : parsed.value;
    expireSupplementDeadlines(rt);

    await timers.sleep(latencyMs([state.latency.has(path) ? path : '*']));
    if (gone(res)) return;
    const before = takeFault(method, path, 'before');
    if (before && (await playFault(req, res, entry, before))) return;
    if (raw.tooLarge) return fail(res, entry, new DeptError('10001', `body larger than ${MAX_BODY_BYTES} bytes`, { field: 'body' }));

    const journal: AuthJournal = { outcome: 'pending' };
    entry.auth = journal;
    const auth = authenticate(state, { method, path, query: url.searchParams, headers: req.headers, body: raw.bytes }, journal);
    if (!auth.ok) return fail(res, entry, auth.error);
    const retryAfter = overRate(auth.app.appKey, auth.app.rateLimitPerSec ?? state.config.rateLimitPerSec);
    if (retryAfter !== undefined) {
      return envelope(res, entry, 429, errorEnvelope('10007', `more than ${auth.app.rateLimitPerSec ?? state.config.rateLimitPerSec} requests per second`), { 'retry-after': String(retryAfter) });
    }

    const match = matchRoute(method, path);
    if (!match.route) {
      const detail = match.methodMismatch ? `${method} is not allowed on ${path}` : `no endpoint ${path}`;
      return envelope(res, entry, match.methodMismatch ? 405 : 404, errorEnvelope('10001', detail, { field: 'path' }));
    }
    let body: Obj = {};
    if (method === 'POST') {
      if (!parsed.isJson || !isRecord(parsed.value)) return fail(res, entry, new DeptError('10001', 'body must be a JSON object', { field: 'body' }));
      body = parsed.value;
    }
    const ctx: ApiContext = { rt, app: auth.app, params: match.params, query: url.searchParams, body, headers: req.headers };
    const depts = match.route.depts(ctx);
    entry.deptCodes = depts;
    for (const dept of depts) {
      const mode = state.deptDown.get(dept);
      if (mode) return answerDown(req, res, entry, mode, dept);
    }
    await timers.sleep(latencyMs(depts.map((dept) => `dept:${dept}`)));
    if (gone(res)) return;

    let status = 200;
    let reply: Envelope;
    try {
      reply = successBody(await match.route.handle(ctx));
    } catch (caught) {
      const error = caught instanceof FieldError ? new DeptError('10001', `parameter invalid: ${caught.message}`, { field: caught.field }) : caught;
      if (error instanceof DeptError) {
        status = error.httpStatus;
        reply = errorEnvelope(error.code, error.detail, error.data);
      } else {
        process.stderr.write(`dept simulator: ${method} ${path} failed: ${describeError(error)}\n`);
        status = 500;
        reply = errorEnvelope('50000');
      }
    }
    if (gone(res)) return;
    const after = takeFault(method, path, 'after');
    if (after && (await playFault(req, res, entry, after))) return;
    envelope(res, entry, status, reply);
  }

  async function handleDownload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const entry = state.recordRequest({ at: state.nowIso(), method, path: url.pathname, query: {}, body: undefined, deptCodes: [], auth: null, response: null });
    if (state.down) return answerDown(req, res, entry, state.down);
    await readBody(req, MAX_BODY_BYTES);
    if (gone(res)) return;
    const token = url.pathname.slice('/f/'.length);
    const file = state.downloads.get(token);
    if (method !== 'GET' || !file || state.now() >= file.expiresAt) {
      return envelope(res, entry, 404, errorEnvelope('30002', 'download URL unknown or expired'));
    }
    entry.response = { kind: 'bytes', status: 200, size: file.bytes.length };
    res.writeHead(200, { 'content-type': file.mimeType, 'content-length': file.bytes.length, 'cache-control': 'no-store' });
    res.end(file.bytes);
  }

  const server = createSimServer(
    'dept',
    async (req, res, url) => {
      const path = url.pathname;
      if (path.startsWith('/__sim/')) {
        const reply = (status: number, body: unknown): void => send(res, undefined, { kind: 'json', status, body });
        return serveControl(req, url, { maxBytes: MAX_BODY_BYTES, gone: () => gone(res), reply, handle: (request) => handleControl(controls, request) });
      }
      if (path.startsWith('/f/')) return handleDownload(req, res, url);
      if (path === '/v1' || path.startsWith('/v1/')) return handleApi(req, res, url);
      send(res, undefined, { kind: 'json', status: 404, body: errorEnvelope('10001', `no endpoint ${path}`, { field: 'path' }) });
    },
    (res) => send(res, undefined, { kind: 'json', status: 500, body: errorEnvelope('50000') }),
  );
  const stopServer = stopper(server);

  const sweep = setInterval(() => expireSupplementDeadlines(rt), DEADLINE_SWEEP_MS);
  sweep.unref();

  async function close(): Promise<void> {
    closed = true;
    clearInterval(sweep);
    timers.clear();
    dispatcher.close();
    processor.stop();
    await stopServer();
  }

  return {
    state,
    async listen(): Promise<RunningDeptSimulator> {
      const running = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1', close);
      baseUrl = running.url;
      return running;
    },
  };
}

/** Starts a simulator and resolves once it is listening. */
export function startDeptSimulator(options: DeptSimulatorOptions = {}): Promise<RunningDeptSimulator> {
  return createDeptSimulator(options).listen();
}
