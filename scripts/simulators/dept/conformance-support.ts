/**
 * Test support for dept.conformance.test.ts: a client that signs both layers with the exported
 * helpers, a callback receiver on an ephemeral port, and a reference receiver that applies the
 * §4.6 receiver rules (verify, dedupe by eventId, seq rules, §4.3 backfill, terminal never left)
 * the way our API must, so the callback items can be checked end to end.
 */
import { firstHeader } from '../lib/http';
import { ControlClient, parseBody, type Body } from '../lib/test-client';
import { RecordingReceiver, type ReceivedRequest, type ReceiverReply } from '../lib/test-receiver';
import { isTerminal, type CaseStatus } from './catalog';
import { appHeaders, checkAppSignature, newNonce, NONCE_WINDOW_MS, xTifHeaders, type AppCheckFailure, type SignMethod } from './signing';

export { eventually } from '../lib/test-client';
export type { Body } from '../lib/test-client';
export type { RecordingReceiver } from '../lib/test-receiver';

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

/** Our side of the contract as the API adapter will speak it: both layers signed per request. */
export class ExchangeClient extends ControlClient {
  constructor(
    baseUrl: string,
    public keys: ClientKeys,
  ) {
    super(baseUrl);
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
    return { status: res.status, headers: res.headers, text, body: parseBody(text) };
  }

}

// ---------------------------------------------------------------- a plain HTTP receiver

export const ACK: ReceiverReply = { status: 200, body: { code: '0' } };

/** The callback receiver: acknowledges everything until a test sets its responder. */
export function startCallbackReceiver(): Promise<RecordingReceiver> {
  return RecordingReceiver.start({ ack: ACK, onError: (error) => ({ status: 500, body: { code: '50000', message: String(error) } }) });
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

  /** A `Responder` for the callback receiver. */
  readonly respond = async (call: ReceivedRequest): Promise<ReceiverReply> => {
    const header = (name: string): string | undefined => firstHeader(call.headers, name);
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
