/**
 * Test support for wechatpay.conformance.test.ts: a merchant client that signs requests with the
 * exported §2 helpers, a notification receiver on an ephemeral port, and an inspector that checks
 * a received notification the way our API must (§3, §10), so the tests can show which defect a
 * forged notification carries.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { PlatformPublicKeys } from './server';
import { authorizationHeader, decryptAesGcm, PROBE_PREFIX, requestSignMessage, rsaSign, SIGN_SCHEME, verifyWechatpaySignature, type VerifyResult } from './signing';

export type Body = Record<string, unknown>;

export interface TestMerchant {
  mchid: string;
  appid: string;
  serialNo: string;
  apiV3Key: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

/** A merchant with a fresh RSA-2048 key (nothing is read from disk). */
export function newMerchant(mchid = '1900000001', appid = 'wxconformance00001'): TestMerchant {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    mchid,
    appid,
    serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    apiV3Key: 'conformanceApiV3Key0123456789abc',
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
  /** The parsed JSON body ({} when not JSON). */
  body: Body;
}

/** What a request signs, when a test wants it to differ from what is sent. */
export interface SignAs {
  method?: string;
  url?: string;
  timestamp?: string;
  nonce?: string;
  body?: string;
}

export interface SendOptions {
  /** Serialised with JSON.stringify. */
  body?: unknown;
  /** Exact bytes to sign and send instead of `body`. */
  rawBody?: string;
  signAs?: SignAs;
  /** Replaces the computed Authorization (or removes it with null). */
  authorization?: string | null;
  /** Unix seconds for the Authorization; default the client's simulator-aligned clock. */
  timestamp?: number;
  nonce?: string;
  headers?: Record<string, string>;
  /** null sends an empty User-Agent. */
  userAgent?: string | null;
  signal?: AbortSignal;
  merchant?: TestMerchant;
}

function parse(text: string): Body {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : { value };
  } catch {
    return {};
  }
}

/** The merchant side of the API as our server speaks it. */
export class PayClient {
  /** Mirrors `/__sim/clock`, so requests are signed with simulator time. */
  offsetMs = 0;

  constructor(
    readonly baseUrl: string,
    public merchant: TestMerchant,
  ) {}

  nowSec(): number {
    return Math.floor((Date.now() + this.offsetMs) / 1000);
  }

  /** Signs and sends; `pathAndQuery` is the canonical URL exactly as it goes on the wire. */
  async send(method: string, pathAndQuery: string, options: SendOptions = {}): Promise<Reply> {
    const merchant = options.merchant ?? this.merchant;
    const sent = options.rawBody ?? (options.body === undefined ? '' : JSON.stringify(options.body));
    const timestamp = options.timestamp ?? this.nowSec();
    const nonce = options.nonce ?? `nonce${Math.random().toString(36).slice(2, 12)}`;
    let authorization: string | null;
    if (options.authorization !== undefined) {
      authorization = options.authorization;
    } else if (options.signAs) {
      const as = options.signAs;
      const message = requestSignMessage(as.method ?? method, as.url ?? pathAndQuery, as.timestamp ?? String(timestamp), as.nonce ?? nonce, as.body ?? sent);
      const signature = rsaSign(merchant.privateKey, message);
      authorization = `${SIGN_SCHEME} mchid="${merchant.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${merchant.serialNo}"`;
    } else {
      authorization = authorizationHeader({ mchid: merchant.mchid, serialNo: merchant.serialNo, privateKey: merchant.privateKey, method, canonicalUrl: pathAndQuery, body: sent, timestamp, nonce });
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(sent === '' ? {} : { 'content-type': 'application/json' }),
      ...(authorization === null ? {} : { authorization }),
      ...options.headers,
    };
    // fetch adds "user-agent: node" when none is given; an empty value is the closest to none it sends.
    headers['user-agent'] = options.userAgent === null ? '' : (options.userAgent ?? 'haizhu-api/conformance');
    const res = await fetch(new URL(pathAndQuery, this.baseUrl), { method, headers, body: sent === '' ? undefined : sent, signal: options.signal });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    return { status: res.status, headers: res.headers, bytes, text, body: parse(text) };
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

  /** Sets the simulator clock to real time + offsetSec and signs with it from now on. */
  async setClock(offsetSec: number): Promise<void> {
    await this.control('POST', '/__sim/clock', { offsetSec });
    this.offsetMs = offsetSec * 1000;
  }

  async advanceClock(seconds: number): Promise<void> {
    await this.setClock(this.offsetMs / 1000 + seconds);
  }
}

/** Public keys by `Wechatpay-Serial`, as our verifier would configure them from `/__sim/keys`. */
export function keyring(platform: PlatformPublicKeys): (serial: string) => KeyObject | undefined {
  const key = createPublicKey(platform.publicKeyPem);
  return (serial) => (serial === platform.publicKeyId || serial === platform.certificateSerial ? key : undefined);
}

/** §3 check of a response, with the simulator's clock. */
export function verifyReply(reply: { headers: Headers; bytes: Buffer }, platform: PlatformPublicKeys, nowSec: number): VerifyResult {
  return verifyWechatpaySignature({ header: (name) => reply.headers.get(name), body: reply.bytes, keyFor: keyring(platform), nowSec });
}

/** Polls `probe` until `accept` holds (or fails with the last value after `timeoutMs`). */
export async function eventually<T>(probe: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    last = await probe();
  }
  return last;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------- notification receiver

export interface ReceivedCall {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: Body;
  receivedAt: number;
}

export interface ResponderReply {
  status: number;
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type Responder = (call: ReceivedCall, index: number) => ResponderReply | Promise<ResponderReply>;

/** An HTTP server on an ephemeral loopback port standing in for our API's notify endpoint. */
export class NotifyReceiver {
  calls: ReceivedCall[] = [];
  responder: Responder = () => ({ status: 204 });
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static start(): Promise<NotifyReceiver> {
    return new Promise((resolve, reject) => {
      let receiver: NotifyReceiver | undefined;
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const call: ReceivedCall = { path: new URL(req.url ?? '/', 'http://receiver.invalid').pathname, headers: req.headers, raw, body: parse(raw), receivedAt: Date.now() };
          if (!receiver) return;
          receiver.calls.push(call);
          void receiver.answer(call, receiver.calls.length - 1, res);
        });
      });
      server.on('connection', (socket: Socket) => {
        receiver?.sockets.add(socket);
        socket.on('close', () => receiver?.sockets.delete(socket));
      });
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        receiver = new NotifyReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
        resolve(receiver);
      });
    });
  }

  reset(): void {
    this.calls = [];
    this.responder = () => ({ status: 204 });
  }

  private async answer(call: ReceivedCall, index: number, res: ServerResponse): Promise<void> {
    const reply = await this.responder(call, index);
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
    if (res.destroyed) return;
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
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

// ---------------------------------------------------------------- what our API must check

export interface Inspection {
  /** verifyWechatpaySignature's verdict (probe, freshness, serial, signature). */
  verify: VerifyResult;
  probe: boolean;
  serialKnown: boolean;
  timestampAgeSec: number;
  /** The decrypted resource, or the decryption error. */
  resource?: Body;
  decryptError?: string;
}

function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Verifies and decrypts one received notification as our API does (§3, §10). */
export function inspect(call: ReceivedCall, platform: PlatformPublicKeys, apiV3Key: string, nowSec: number): Inspection {
  const keyFor = keyring(platform);
  const verify = verifyWechatpaySignature({ header: (name) => headerOf(call.headers, name), body: call.raw, keyFor, nowSec });
  const inspection: Inspection = {
    verify,
    probe: (headerOf(call.headers, 'wechatpay-signature') ?? '').startsWith(PROBE_PREFIX),
    serialKnown: keyFor(headerOf(call.headers, 'wechatpay-serial') ?? '') !== undefined,
    timestampAgeSec: nowSec - Number(headerOf(call.headers, 'wechatpay-timestamp')),
  };
  const resource = call.body.resource as Body | undefined;
  try {
    inspection.resource = JSON.parse(decryptAesGcm(apiV3Key, String(resource?.nonce), String(resource?.associated_data ?? ''), String(resource?.ciphertext))) as Body;
  } catch (error) {
    inspection.decryptError = error instanceof Error ? error.message : String(error);
  }
  return inspection;
}
