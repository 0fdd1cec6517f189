/**
 * Test support for courier.conformance.test.ts: an SF client that signs with the exported §2
 * helper, a push receiver on an ephemeral port, and a reference receiver that applies the §3.5
 * and §4 receiver rules (verify, dedupe by route id, orphans, derive status) the way our API must,
 * so the push items can be checked end to end.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { deriveStatus, type CanonicalCode } from './canonical';
import { checkPush, msgDigest, type PushCheck } from './signing';

export type Body = Record<string, unknown>;

function parse(text: string): Body {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : { value };
  } catch {
    return {};
  }
}

export interface ServiceReply {
  status: number;
  contentType: string;
  text: string;
  /** The §1 envelope ({} when not JSON). */
  body: Body;
  /** `apiResultData` parsed once more, when it is a string. */
  result: Body | undefined;
}

export interface CallOptions {
  partnerID?: string;
  checkWord?: string;
  requestID?: string;
  /** Default: the client's simulator-aligned clock. */
  timestamp?: string;
  /** Exact msgData text (instead of JSON.stringify). */
  rawMsgData?: string;
  /** Sign this msgData but send the other one (digest tests). */
  signedMsgData?: string;
  /** Sign this timestamp but send the other one. */
  signedTimestamp?: string;
  /** Form fields left out. */
  omit?: readonly string[];
  signal?: AbortSignal;
}

/** Our side of §1/§2 as the API's SF adapter speaks it. */
export class CourierClient {
  /** Mirrors `/__sim/clock`, so requests are signed with simulator time. */
  offsetMs = 0;

  constructor(
    readonly baseUrl: string,
    public partner: { partnerID: string; checkWord: string; monthlyCard: string },
  ) {}

  now(): number {
    return Date.now() + this.offsetMs;
  }

  async call(serviceCode: string, msgData: unknown, options: CallOptions = {}): Promise<ServiceReply> {
    const text = options.rawMsgData ?? JSON.stringify(msgData);
    const timestamp = options.timestamp ?? String(this.now());
    const digest = msgDigest(options.signedMsgData ?? text, options.signedTimestamp ?? timestamp, options.checkWord ?? this.partner.checkWord);
    const fields: Record<string, string> = {
      partnerID: options.partnerID ?? this.partner.partnerID,
      requestID: options.requestID ?? randomUUID(),
      serviceCode,
      timestamp,
      msgDigest: digest,
      msgData: text,
    };
    for (const name of options.omit ?? []) delete fields[name];
    const res = await fetch(new URL('/std/service', this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams(fields).toString(),
      signal: options.signal,
    });
    const raw = await res.text();
    const body = parse(raw);
    const result = typeof body.apiResultData === 'string' ? parse(body.apiResultData) : undefined;
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: raw, body, result };
  }

  /** A `/__sim/*` control, whatever it answers. */
  async controlReply(method: string, path: string, body?: unknown): Promise<{ status: number; body: Body }> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: parse(await res.text()) };
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
    await new Promise((resolve) => setTimeout(resolve, 15));
    last = await probe();
  }
  return last;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------- a plain push receiver

export interface ReceivedPush {
  headers: IncomingHttpHeaders;
  raw: string;
  /** Parsed body ({} when not JSON). */
  body: Body;
  receivedAt: number;
}

export interface ResponderReply {
  status: number;
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type Responder = (push: ReceivedPush) => ResponderReply;

export const ACK: ResponderReply = { status: 200, body: { return_code: '0000', return_msg: '成功' } };

/** The routes of a received push body. */
export function routesOf(push: ReceivedPush): Body[] {
  const outer = push.body.Body as { WaybillRoute?: Body[] } | undefined;
  return outer?.WaybillRoute ?? [];
}

export function header(push: ReceivedPush, name: string): string | undefined {
  const value = push.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** An HTTP server on an ephemeral loopback port recording every push and answering via `responder`. */
export class PushReceiver {
  pushes: ReceivedPush[] = [];
  responder: Responder = () => ACK;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static start(): Promise<PushReceiver> {
    return new Promise((resolve, reject) => {
      let receiver: PushReceiver | undefined;
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const push: ReceivedPush = { headers: req.headers, raw, body: parse(raw), receivedAt: Date.now() };
          receiver?.pushes.push(push);
          receiver?.answer(push, res);
        });
      });
      server.on('connection', (socket: Socket) => {
        receiver?.sockets.add(socket);
        socket.on('close', () => receiver?.sockets.delete(socket));
      });
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        receiver = new PushReceiver(server, `http://127.0.0.1:${port}/courier/sf/push`);
        resolve(receiver);
      });
    });
  }

  /** Forget earlier pushes and acknowledge everything again. */
  reset(): void {
    this.pushes = [];
    this.responder = () => ACK;
  }

  private answer(push: ReceivedPush, res: ServerResponse): void {
    const reply = this.responder(push);
    const write = (): void => {
      if (res.destroyed) return;
      const text = JSON.stringify(reply.body ?? null);
      res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (!reply.delayMs) return write();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      write();
    }, reply.delayMs);
    this.timers.add(timer);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

// ---------------------------------------------------------------- the §3.5 / §4 receiver rules

export type Verdict = 'stored' | 'duplicate' | 'orphan' | 'malformed' | `refused_${Exclude<PushCheck, { ok: true }>['reason']}`;

/**
 * How our API must treat pushes: verify the headers (401 `1000` otherwise), answer a body that is
 * not a route push with `1000`, store routes idempotently by id, keep routes of unknown waybills
 * as orphans (acknowledged), and derive the status per §4 from what it stored.
 */
export class ReferenceReceiver {
  readonly routes = new Map<string, Body[]>();
  readonly orphans: Body[] = [];
  readonly verdicts: Verdict[] = [];
  /** Status after each stored route, per waybill, in arrival order. */
  readonly statusTrail = new Map<string, { status: CanonicalCode; exception: boolean }[]>();
  private readonly seen = new Set<string>();

  constructor(private readonly checkWord: string) {}

  /** Our side knows the waybill from the create response. */
  track(waybillNo: string): void {
    this.routes.set(waybillNo, []);
    this.statusTrail.set(waybillNo, [{ status: 'CREATED', exception: false }]);
  }

  derived(waybillNo: string): { status: CanonicalCode; exception: boolean } {
    const { status, exception } = deriveStatus((this.routes.get(waybillNo) ?? []).map((r) => ({ acceptTime: String(r.acceptTime), opCode: String(r.opCode) })));
    return { status, exception };
  }

  readonly respond: Responder = (push) => {
    const check = checkPush(push.raw, { timestamp: header(push, 'x-courier-timestamp'), digest: header(push, 'x-courier-digest') }, this.checkWord, Date.now());
    if (!check.ok) {
      this.verdicts.push(`refused_${check.reason}`);
      return { status: 401, body: { return_code: '1000', return_msg: '系统异常' } };
    }
    const routes = routesOf(push);
    if (routes.length === 0) {
      this.verdicts.push('malformed');
      return { status: 200, body: { return_code: '1000', return_msg: '报文格式错误' } };
    }
    for (const route of routes) this.verdicts.push(this.apply(route));
    return ACK;
  };

  private apply(route: Body): Verdict {
    const id = String(route.id);
    if (this.seen.has(id)) return 'duplicate';
    this.seen.add(id);
    const mailno = String(route.mailno);
    const stored = this.routes.get(mailno);
    if (!stored) {
      this.orphans.push(route);
      return 'orphan';
    }
    stored.push(route);
    this.statusTrail.get(mailno)?.push(this.derived(mailno));
    return 'stored';
  }
}
