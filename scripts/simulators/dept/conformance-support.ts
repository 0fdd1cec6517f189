/**
 * Test support for dept.conformance.test.ts: a client that signs both layers with the exported
 * helpers, a callback receiver on an ephemeral port, and a reference receiver that applies the
 * §4.6 receiver rules (verify, dedupe by eventId, seq rules, §4.3 backfill, terminal never left)
 * the way our API must, so the callback items can be checked end to end.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { isTerminal, type CaseStatus } from './catalog';
import { appHeaders, checkAppSignature, newNonce, NONCE_WINDOW_MS, xTifHeaders, type AppCheckFailure, type SignMethod } from './signing';

export type Body = Record<string, unknown>;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body ({} when not JSON). */
  body: Body;
}

export interface ClientKeys {
  paasId: string;
  paasToken: string;
  appKey: string;
  appSecret: string;
  signMethod?: SignMethod;
}

export interface SendOptions {
  query?: Record<string, string>;
  /** Serialised with JSON.stringify. */
  body?: unknown;
  /** Exact bytes to sign and send instead of `body`. */
  rawBody?: string;
  /** Sends other bytes than were signed (digest tests). */
  sentBody?: string;
  /** Added after signing, overriding computed headers. */
  headers?: Record<string, string>;
  keys?: Partial<ClientKeys>;
  /** Signing time (ms); default the client's simulator-aligned clock. */
  nowMs?: number;
  nonce?: string;
}

function parse(text: string): Body {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : { value };
  } catch {
    return {};
  }
}

/** Our side of the contract as the API adapter will speak it: both layers signed per request. */
export class ExchangeClient {
  /** Mirrors `/__sim/clock`, so requests are signed with simulator time. */
  offsetMs = 0;

  constructor(
    readonly baseUrl: string,
    public keys: ClientKeys,
  ) {}

  now(): number {
    return Date.now() + this.offsetMs;
  }

  async send(method: string, path: string, options: SendOptions = {}): Promise<Reply> {
    const keys = { ...this.keys, ...options.keys };
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    const signed = options.rawBody ?? (options.body === undefined ? '' : JSON.stringify(options.body));
    const nowMs = options.nowMs ?? this.now();
    const headers: Record<string, string> = {
      ...(signed === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      ...xTifHeaders({ paasId: keys.paasId, paasToken: keys.paasToken }, nowMs),
      ...appHeaders(
        { appKey: keys.appKey, appSecret: keys.appSecret, signMethod: keys.signMethod },
        { method, path: url.pathname, query: url.search, body: signed, nowMs, nonce: options.nonce },
      ),
      ...options.headers,
    };
    const sent = options.sentBody ?? signed;
    const res = await fetch(url, { method, headers, body: sent === '' ? undefined : sent });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: parse(text) };
  }

  /** A `/__sim/*` control; fails the test unless it answers 200. */
  async control<T = Body>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Moves the simulator clock to real time + offsetSec and signs with it from now on. */
  async setClock(offsetSec: number): Promise<void> {
    await this.control('POST', '/__sim/clock', { offsetSec });
    this.offsetMs = offsetSec * 1000;
  }

  async advanceClock(seconds: number): Promise<void> {
    await this.setClock(this.offsetMs / 1000 + seconds);
  }
}

/** Polls `probe` until `accept` holds (or fails with the last value after `timeoutMs`). */
export async function eventually<T>(probe: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await probe();
  }
  return last;
}

// ---------------------------------------------------------------- a plain HTTP receiver

export interface ReceivedCall {
  path: string;
  search: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: Body;
  receivedAt: number;
  reply?: { status: number; body: unknown };
}

export interface ResponderReply {
  status: number;
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type Responder = (call: ReceivedCall) => ResponderReply | Promise<ResponderReply>;

export const ACK: ResponderReply = { status: 200, body: { code: '0' } };

/** An HTTP server on an ephemeral loopback port recording every request and answering via `responder`. */
export class CallbackReceiver {
  calls: ReceivedCall[] = [];
  responder: Responder = () => ACK;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static start(): Promise<CallbackReceiver> {
    return new Promise((resolve, reject) => {
      let receiver: CallbackReceiver | undefined;
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const url = new URL(req.url ?? '/', 'http://receiver.invalid');
          const call: ReceivedCall = { path: url.pathname, search: url.search, headers: req.headers, raw, body: parse(raw), receivedAt: Date.now() };
          receiver?.calls.push(call);
          void receiver?.answer(call, res);
        });
      });
      server.on('connection', (socket: Socket) => {
        receiver?.sockets.add(socket);
        socket.on('close', () => receiver?.sockets.delete(socket));
      });
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        receiver = new CallbackReceiver(server, `http://127.0.0.1:${port}`);
        resolve(receiver);
      });
    });
  }

  /** Forget earlier calls and answer with a plain acknowledgement again. */
  reset(): void {
    this.calls = [];
    this.responder = () => ACK;
  }

  private async answer(call: ReceivedCall, res: ServerResponse): Promise<void> {
    let reply: ResponderReply;
    try {
      reply = await this.responder(call);
    } catch (error) {
      reply = { status: 500, body: { code: '50000', message: String(error) } };
    }
    if (reply.delayMs) {
      const delay = reply.delayMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, delay);
        this.timers.add(timer);
      });
    }
    call.reply = { status: reply.status, body: reply.body ?? null };
    if (res.destroyed) return;
    const text = JSON.stringify(reply.body ?? null);
    res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

// ---------------------------------------------------------------- the §4.6 receiver rules

export type Verdict = 'applied' | 'applied_with_backfill' | 'duplicate' | 'stale' | 'terminal' | 'parked' | `refused_${AppCheckFailure}`;

export interface TrackedCase {
  caseNo: string;
  status: CaseStatus;
  seq: number;
  history: Map<number, Body>;
}

/** Department keys by X-App-Key, as our API would configure them. */
export type DeptKeyring = Record<string, { appSecret: string; signMethod: SignMethod }>;

/**
 * How our API must treat callbacks (§4.6): verify Layer B (nonce single-use within 15 min),
 * dedupe by eventId, apply when seq > stored, ignore (ack) when seq ≤ stored, backfill through
 * §4.3 on a gap, never leave a terminal status, park events of unknown cases.
 */
export class ReferenceReceiver {
  cases = new Map<string, TrackedCase>();
  parked: Body[] = [];
  log: { eventId: unknown; seq: unknown; verdict: Verdict }[] = [];
  backfills: string[] = [];
  private readonly seenEventIds = new Set<string>();
  private readonly nonces = new Map<string, number>();

  constructor(
    private readonly client: ExchangeClient,
    private readonly keyring: DeptKeyring,
  ) {}

  /** Our side knows the case from the submit response (seq 1). */
  track(submitted: Body): void {
    const caseNo = String(submitted.caseNo);
    this.cases.set(caseNo, { caseNo, status: submitted.status as CaseStatus, seq: Number(submitted.seq), history: new Map([[Number(submitted.seq), submitted]]) });
  }

  snapshot(caseNo: string): { status: string; seq: number; seqs: number[] } | undefined {
    const kase = this.cases.get(caseNo);
    return kase && { status: kase.status, seq: kase.seq, seqs: [...kase.history.keys()].sort((a, b) => a - b) };
  }

  verdicts(): Verdict[] {
    return this.log.map((entry) => entry.verdict);
  }

  /** A `Responder` for `CallbackReceiver`. */
  readonly respond: Responder = async (call) => {
    const header = (name: string): string | undefined => {
      const value = call.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const key = this.keyring[header('x-app-key') ?? ''];
    const now = Date.now();
    for (const [nonce, at] of this.nonces) if (at < now - NONCE_WINDOW_MS) this.nonces.delete(nonce);
    const check = key
      ? checkAppSignature({
          method: 'POST',
          path: call.path,
          query: call.search,
          body: call.raw,
          headers: { timestamp: header('x-timestamp'), nonce: header('x-nonce'), signMethod: header('x-sign-method'), digest: header('x-content-digest'), signature: header('x-signature') },
          appSecret: key.appSecret,
          signMethod: key.signMethod,
          nowMs: now,
          isNonceUsed: (nonce) => this.nonces.has(nonce),
        })
      : { ok: false, code: '10002' as const, expected: {} };
    const event = call.body;
    if (!check.ok) {
      const code = check.code ?? '10002';
      this.log.push({ eventId: event.eventId, seq: event.seq, verdict: `refused_${code}` });
      return { status: 401, body: { code } };
    }
    this.nonces.set(header('x-nonce') ?? '', now);
    this.log.push({ eventId: event.eventId, seq: event.seq, verdict: await this.apply(event) });
    return ACK;
  };

  private async apply(event: Body): Promise<Verdict> {
    const eventId = String(event.eventId);
    if (this.seenEventIds.has(eventId)) return 'duplicate';
    this.seenEventIds.add(eventId);
    const kase = this.cases.get(String(event.caseNo));
    if (!kase) {
      this.parked.push(event);
      return 'parked';
    }
    if (isTerminal(kase.status)) return 'terminal';
    const seq = Number(event.seq);
    if (seq <= kase.seq) return 'stale';
    const gap = seq > kase.seq + 1;
    kase.history.set(seq, event);
    kase.seq = seq;
    kase.status = event.status as CaseStatus;
    if (!gap) return 'applied';
    this.backfills.push(kase.caseNo);
    const reply = await this.client.send('GET', `/v1/cases/${kase.caseNo}`);
    const data = reply.body.data as { history?: Body[] } | undefined;
    for (const past of data?.history ?? []) {
      const pastSeq = Number(past.seq);
      if (pastSeq <= kase.seq && !kase.history.has(pastSeq)) kase.history.set(pastSeq, past);
    }
    return 'applied_with_backfill';
  }
}

/** A fresh nonce for tests that pin one. */
export function testNonce(): string {
  return newNonce(20);
}
