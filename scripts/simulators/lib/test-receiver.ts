/**
 * An HTTP server on an ephemeral loopback port that stands in for our API's callback, push or
 * notification endpoint in the conformance suites: it records every request and answers through
 * a replaceable `responder`.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { stopper } from './lifecycle';
import { parseBody, type Body } from './test-client';

export interface ReceivedRequest {
  method: string;
  path: string;
  search: string;
  headers: IncomingHttpHeaders;
  raw: string;
  /** Parsed body ({} when not a JSON object). */
  body: Body;
  receivedAt: number;
  /** What the receiver answered, once it has. */
  reply?: { status: number; body: unknown };
}

export interface ReceiverReply {
  status: number;
  /** JSON-serialised; left out, the reply has no body. */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** `index` counts the requests received since the last reset, from 0. */
export type Responder = (request: ReceivedRequest, index: number) => ReceiverReply | Promise<ReceiverReply>;

export interface ReceiverOptions {
  /** Appended to the receiver's base URL in `url`. */
  path?: string;
  /** What the receiver answers until a test sets `responder` (and again after `reset`). */
  ack: ReceiverReply;
  /** The answer when the responder throws. */
  onError?: (error: unknown) => ReceiverReply;
}

export class RecordingReceiver {
  calls: ReceivedRequest[] = [];
  responder: Responder;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    readonly url: string,
    private readonly options: ReceiverOptions,
    private readonly stop: () => Promise<void>,
  ) {
    this.responder = () => options.ack;
  }

  static start(options: ReceiverOptions): Promise<RecordingReceiver> {
    return new Promise((resolve, reject) => {
      let receiver: RecordingReceiver | undefined;
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const url = new URL(req.url ?? '/', 'http://receiver.invalid');
          const call: ReceivedRequest = { method: req.method ?? 'GET', path: url.pathname, search: url.search, headers: req.headers, raw, body: parseBody(raw), receivedAt: Date.now() };
          if (!receiver) return;
          receiver.calls.push(call);
          void receiver.answer(call, receiver.calls.length - 1, res);
        });
      });
      const stop = stopper(server);
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        receiver = new RecordingReceiver(`http://127.0.0.1:${port}${options.path ?? ''}`, options, stop);
        resolve(receiver);
      });
    });
  }

  /** Forgets earlier requests and answers with the plain acknowledgement again. */
  reset(): void {
    this.calls = [];
    this.responder = () => this.options.ack;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    await this.stop();
  }

  private async answer(call: ReceivedRequest, index: number, res: ServerResponse): Promise<void> {
    let reply: ReceiverReply;
    try {
      reply = await this.responder(call, index);
    } catch (error) {
      if (!this.options.onError) throw error;
      reply = this.options.onError(error);
    }
    if (reply.delayMs) await this.wait(reply.delayMs);
    call.reply = { status: reply.status, body: reply.body ?? null };
    if (res.destroyed) return;
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
