/**
 * Test-side helpers the conformance suites share: a client for the `/__sim/*` controls that keeps
 * its signing clock in step with `/__sim/clock`, polling, and lenient JSON parsing of replies.
 */

export type Body = Record<string, unknown>;

/** A reply body as an object: JSON objects as they are, other JSON wrapped as `{value}`, non-JSON as `{}`. */
export function parseBody(text: string): Body {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : { value };
  } catch {
    return {};
  }
}

/** Talks to a simulator's `/__sim/*` controls; subclasses add the signed API calls. */
export class ControlClient {
  /** Mirrors `/__sim/clock`, so requests are signed with simulator time. */
  offsetMs = 0;

  constructor(readonly baseUrl: string) {}

  /** Simulator time in epoch ms. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** A `/__sim/*` control, whatever it answers. */
  async controlReply(method: string, path: string, body?: unknown): Promise<{ status: number; text: string; body: Body }> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, body: parseBody(text) };
  }

  /** A `/__sim/*` control; fails the test unless it answers 200. */
  async control<T = Body>(method: string, path: string, body?: unknown): Promise<T> {
    const reply = await this.controlReply(method, path, body);
    if (reply.status !== 200) throw new Error(`${method} ${path} → ${reply.status} ${reply.text}`);
    return JSON.parse(reply.text) as T;
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
    await sleep(10);
    last = await probe();
  }
  return last;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
