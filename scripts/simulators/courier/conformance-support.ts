/**
 * Test support for courier.conformance.test.ts: an SF client that signs with the exported §2
 * helper, a push receiver on an ephemeral port, and a reference receiver that applies the §3.5
 * and §4 receiver rules (verify, dedupe by route id, orphans, derive status) the way our API must,
 * so the push items can be checked end to end.
 */
import { randomUUID } from 'node:crypto';

import { firstHeader } from '../lib/http';
import { ControlClient, parseBody, type Body } from '../lib/test-client';
import { RecordingReceiver, type ReceivedRequest, type ReceiverReply, type Responder } from '../lib/test-receiver';
import { deriveStatus, type CanonicalCode } from './canonical';
import { checkPush, msgDigest, type PushCheck } from './signing';

export { eventually, sleep } from '../lib/test-client';
export type { Body } from '../lib/test-client';
export type { RecordingReceiver } from '../lib/test-receiver';
export type ReceivedPush = ReceivedRequest;

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
export class CourierClient extends ControlClient {
  constructor(
    baseUrl: string,
    public partner: { partnerID: string; checkWord: string; monthlyCard: string },
  ) {
    super(baseUrl);
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
    const body = parseBody(raw);
    const result = typeof body.apiResultData === 'string' ? parseBody(body.apiResultData) : undefined;
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: raw, body, result };
  }

}

// ---------------------------------------------------------------- a plain push receiver

export const ACK: ReceiverReply = { status: 200, body: { return_code: '0000', return_msg: '成功' } };

/** The routes of a received push body. */
export function routesOf(push: ReceivedPush): Body[] {
  const outer = push.body.Body as { WaybillRoute?: Body[] } | undefined;
  return outer?.WaybillRoute ?? [];
}

export function header(push: ReceivedPush, name: string): string | undefined {
  return firstHeader(push.headers, name);
}

/** The receiver standing in for our push URL: acknowledges everything until a test sets its responder. */
export function startPushReceiver(): Promise<RecordingReceiver> {
  return RecordingReceiver.start({ path: '/courier/sf/push', ack: ACK });
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
