import { randomUUID } from 'node:crypto';
import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { Platform } from '../../common/platform';
import { msgDigest } from './sf.signing';

/** The courier can't be reached, is busy, or failed on its side: try again later. */
export class CourierUnavailable extends Error {}

/** The courier said no to this request (validation, duplicate, not allowed now). */
export class CourierRejected extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${code} ${detail}`);
  }
}

/** Retryable by courier.md §3: gateway A1009/A1099, business 9099 (and HTTP 5xx, no answer). */
const RETRYABLE = new Set(['A1009', 'A1099', '9099']);

export interface SfRoute {
  id?: string;
  mailNo?: string;
  mailno?: string;
  orderid?: string;
  acceptTime: string;
  acceptAddress?: string;
  remark: string;
  opCode: string;
}

/**
 * SF's std/service protocol (courier.md §1–§3): form-encoded, msgDigest-signed, the business
 * answer a JSON string inside the gateway's JSON. Production and the simulator share this code.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class SfClient {
  @Inject()
  platform!: Platform;

  async call<T>(serviceCode: string, msgData: Record<string, unknown>): Promise<T> {
    const cfg = this.platform.config.courier;
    const payload = JSON.stringify(msgData);
    const timestamp = String(Date.now());
    const form = new URLSearchParams({ partnerID: cfg.partnerId, requestID: randomUUID(), serviceCode, timestamp, msgDigest: msgDigest(payload, timestamp, cfg.checkWord), msgData: payload });
    let status: number;
    let text: string;
    try {
      const res = await fetch(`${cfg.base}/std/service`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        body: form.toString(),
        signal: AbortSignal.timeout(cfg.timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      throw new CourierUnavailable(`no answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (status >= 500) throw new CourierUnavailable(`HTTP ${status}`);
    let gateway: { apiResultCode?: string; apiErrorMsg?: string; apiResultData?: string };
    try {
      gateway = JSON.parse(text) as typeof gateway;
    } catch {
      throw new CourierUnavailable(`unreadable answer (HTTP ${status})`);
    }
    const code = gateway.apiResultCode ?? '';
    if (code !== 'A1000') {
      if (RETRYABLE.has(code)) throw new CourierUnavailable(`${code} ${gateway.apiErrorMsg ?? ''}`);
      throw new CourierRejected(code, gateway.apiErrorMsg ?? '');
    }
    const business = JSON.parse(gateway.apiResultData ?? '{}') as { success?: boolean; errorCode?: string; errorMsg?: string | null; msgData?: T };
    if (!business.success) {
      const errorCode = business.errorCode ?? 'UNKNOWN';
      if (RETRYABLE.has(errorCode)) throw new CourierUnavailable(`${errorCode} ${business.errorMsg ?? ''}`);
      throw new CourierRejected(errorCode, business.errorMsg ?? '');
    }
    return business.msgData as T;
  }

  /** Routes of one of our orders, by our orderId (no phone check needed for trackingType 2). */
  async routes(orderId: string): Promise<SfRoute[]> {
    const data = await this.call<{ routeResps?: { mailNo: string; routes: SfRoute[] }[] }>('EXP_RECE_SEARCH_ROUTES', { language: 'zh-CN', trackingType: 2, trackingNumber: [orderId], methodType: 1 });
    return (data.routeResps ?? []).flatMap((r) => r.routes.map((route) => ({ ...route, mailNo: r.mailNo })));
  }
}
