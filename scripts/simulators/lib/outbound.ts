/**
 * Outgoing HTTP (callbacks, material downloads) with node:http/https, one connection per request
 * (no keep-alive to linger), a hard overall timeout, and `abortAll()` so reset and close never wait.
 */
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface OutboundRequest {
  method: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole exchange (connect → last byte) must finish within this. */
  timeoutMs: number;
  /** Larger replies are cut off (the result notes it). */
  maxBytes?: number;
}

export interface OutboundResult {
  /** null when no HTTP reply arrived (refused, timeout, aborted). */
  status: number | null;
  headers: IncomingHttpHeaders;
  body: Buffer;
  latencyMs: number;
  error?: string;
}

export class Outbound {
  private readonly inFlight = new Set<ClientRequest>();

  send(url: string, init: OutboundRequest): Promise<OutboundResult> {
    const started = Date.now();
    return new Promise((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let req: ClientRequest | undefined;
      const finish = (result: Omit<OutboundResult, 'latencyMs'>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (req) this.inFlight.delete(req);
        resolve({ ...result, latencyMs: Date.now() - started });
      };
      const failed = (error: string): void => finish({ status: null, headers: {}, body: Buffer.alloc(0), error });

      try {
        const target = new URL(url);
        const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
        const body = init.body === undefined ? undefined : Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body, 'utf8');
        const headers: Record<string, string | number> = { ...init.headers, connection: 'close' };
        if (body !== undefined) headers['content-length'] = body.length;
        const sent = send(target, { method: init.method, headers, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= (init.maxBytes ?? 1024 * 1024)) chunks.push(chunk);
          });
          res.on('error', (error: Error) => failed(error.message));
          res.on('end', () => finish({ status: res.statusCode ?? null, headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req = sent;
        this.inFlight.add(sent);
        timer = setTimeout(() => {
          failed(`no reply within ${init.timeoutMs} ms`);
          sent.destroy();
        }, init.timeoutMs);
        sent.on('error', (error: Error) => failed(error.message));
        sent.end(body);
      } catch (error) {
        failed(error instanceof Error ? error.message : String(error));
      }
    });
  }

  /** Destroys every request still waiting; their promises resolve as failed. */
  abortAll(): void {
    for (const req of this.inFlight) req.destroy(new Error('aborted: simulator reset or closed'));
    this.inFlight.clear();
  }
}
