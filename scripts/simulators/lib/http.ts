/**
 * The HTTP plumbing every simulator server shares: bounded body reading, lenient JSON parsing,
 * JSON/HTML replies, the gateway-style down modes and the loopback guard of `/__sim/*`.
 * What a simulator answers (envelopes, error codes, signatures) stays in its own server.ts.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import type { ControlReply, ControlRequest } from './controls';

export interface RawBody {
  /** Empty when `tooLarge`: an oversized body is drained, not kept. */
  bytes: Buffer;
  tooLarge: boolean;
}

/** Reads the whole body; past `maxBytes` it keeps reading (so the client can be answered) but drops the bytes. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => resolve({ bytes: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
  });
}

export interface ParsedJson {
  /** The parsed value when `isJson`, else the raw text, or undefined when empty. */
  value: unknown;
  isJson: boolean;
}

export function parseJson(input: Buffer | string): ParsedJson {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  if (text === '') return { value: undefined, isJson: false };
  try {
    return { value: JSON.parse(text) as unknown, isJson: true };
  } catch {
    return { value: text, isJson: false };
  }
}

/** The first value of a header (Node joins most repeats, but not all). */
export function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export const JSON_UTF8 = 'application/json; charset=utf-8';

/** A JSON reply; `headers` may replace the content type. */
export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | number> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_UTF8, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function writeHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

/** What the nginx in front of a real system answers when the system behind it is gone. */
const GATEWAY_HTML: Readonly<Record<number, string>> = {
  502: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
  503: '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n',
};

/** The HTML page of an HTTP error status (nginx's own for 502/503). */
export function statusHtml(status: number): string {
  return GATEWAY_HTML[status] ?? `<html><body><h1>${status}</h1></body></html>`;
}

/** The down modes that look the same whatever system is behind them (`/__sim/down`). */
export type GatewayDownMode = 'refuse' | 'hang' | 'http502' | 'http503';

/** How a request that was not answered normally ends up in a journal. */
export type Unanswered = { kind: 'dropped' } | { kind: 'hung' } | { kind: 'text'; status: number; body: string };

/** Closes the connection without a reply, as a crashed peer or a firewall would. */
export function drop(req: IncomingMessage): { kind: 'dropped' } {
  req.socket.destroy();
  return { kind: 'dropped' };
}

/** Answers (or does not) as a system that is down in `mode`; returns what to journal. */
export function answerDown(req: IncomingMessage, res: ServerResponse, mode: GatewayDownMode): Unanswered {
  switch (mode) {
    case 'refuse':
      return drop(req);
    case 'hang':
      // Never answered; the server's close() destroys the socket.
      return { kind: 'hung' };
    case 'http502':
    case 'http503': {
      const status = mode === 'http502' ? 502 : 503;
      const html = statusHtml(status);
      writeHtml(res, status, html);
      return { kind: 'text', status, body: html };
    }
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export interface ControlServing {
  maxBytes: number;
  /** True once the simulator closed or the client went away: nothing more is written. */
  gone(): boolean;
  /** Writes a JSON reply the way this simulator writes its control replies. */
  reply(status: number, body: unknown): void;
  /** Runs the control; undefined when it answered by itself (an HTML page, say). */
  handle(request: ControlRequest, raw: RawBody): ControlReply | undefined | Promise<ControlReply | undefined>;
}

/** Serves one `/__sim/*` call. The controls are unauthenticated, so only loopback callers reach them. */
export async function serveControl(req: IncomingMessage, url: URL, serving: ControlServing): Promise<void> {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return serving.reply(403, { error: '/__sim/* is loopback only' });
  const raw = await readBody(req, serving.maxBytes);
  if (serving.gone()) return;
  const parsed = parseJson(raw.bytes);
  const reply = await serving.handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body: parsed.value, bodyIsJson: parsed.isJson }, raw);
  if (reply === undefined || serving.gone()) return;
  serving.reply(reply.status, reply.body);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * The simulator's HTTP server. A handler that throws is logged, and answered with `fallback`
 * when it had not started a reply: a simulator bug must not look like a hung peer.
 */
export function createSimServer(name: string, handle: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>, fallback: (res: ServerResponse) => void): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    handle(req, res, url).catch((error: unknown) => {
      process.stderr.write(`${name} simulator: ${describeError(error)}\n`);
      if (!res.headersSent && !res.destroyed) fallback(res);
    });
  });
}
