import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, createSign, type KeyObject, randomBytes } from 'node:crypto';
import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import WxPay from 'wechatpay-node-v3';
import { Platform } from '../../common/platform';
import { decryptResource, type PlatformKeys, paySign, signedHeaders, verifySignature } from './wechatpay.crypto';

/** The production host the package hard-codes; only the path is signed, so the transport may send elsewhere. */
const PRODUCTION = 'https://api.mch.weixin.qq.com';

/** WeChat Pay can't be reached, answered 5xx, or answered something we can't verify: try again later. */
export class WechatPayUnavailable extends Error {}

/** WeChat Pay answered a verified 4xx: this request will not succeed as it is. */
export class WechatPayRejected extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${status} ${code} ${detail}`);
  }
}

export interface Transaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_state: 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
  success_time?: string;
  attach?: string;
  payer?: { openid?: string };
  amount: { total: number; payer_total?: number; currency?: string };
}

export interface Refund {
  refund_id: string;
  out_refund_no: string;
  out_trade_no: string;
  status: 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';
  success_time?: string;
  amount: { total: number; refund: number };
}

export interface PayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

interface Output {
  status: number;
  data?: unknown;
  error?: unknown;
}

/**
 * WeChat Pay API v3 through the wechatpay-node-v3 package for request signing and calls, with our
 * own transport: it sends to WXPAY_API_BASE, times out, and verifies every response's signature
 * (the package does neither) before anything reads it.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class WechatPayClient {
  @Inject()
  platform!: Platform;

  private pay: WxPay | null = null;
  private merchantKey: KeyObject | null = null;
  private keys: PlatformKeys = { certificates: new Map() };

  get configured(): boolean {
    return this.platform.config.wxpay.merchant !== null;
  }

  /** The keys notifications are verified with (the public key, and certificates fetched so far). */
  platformKeys(): PlatformKeys {
    this.client();
    return this.keys;
  }

  get apiV3Key(): string {
    return this.merchant().apiV3Key;
  }

  async prepay(order: { outTradeNo: string; description: string; amountFen: number; openid: string; expiresAt: Date; attach: string }): Promise<PayParams> {
    const cfg = this.platform.config.wxpay;
    const res = await this.client().transactions_jsapi({
      description: order.description,
      out_trade_no: order.outTradeNo,
      time_expire: rfc3339(order.expiresAt),
      attach: order.attach,
      notify_url: cfg.notifyUrl,
      amount: { total: order.amountFen, currency: 'CNY' },
      payer: { openid: order.openid },
    });
    const data = this.ok<{ package?: string }>(res);
    if (!data.package) throw new WechatPayUnavailable('prepay answered without prepay_id');
    // Signed by us rather than trusting the package's own paySign: the same four lines, our key.
    const timeStamp = String(Math.floor(this.platform.clock.now().getTime() / 1000));
    const nonceStr = randomBytes(16).toString('hex');
    const params = { appId: cfg.appid, timeStamp, nonceStr, package: data.package };
    return { ...params, signType: 'RSA', paySign: paySign(this.merchantKeyObject(), params) };
  }

  async query(outTradeNo: string): Promise<Transaction | null> {
    const res = await this.client().query({ out_trade_no: outTradeNo });
    if (res.status === 404) return null;
    return this.ok<Transaction>(res);
  }

  async close(outTradeNo: string): Promise<void> {
    this.ok(await this.client().close(outTradeNo));
  }

  async refund(r: { outRefundNo: string; outTradeNo: string; reason: string; refundFen: number; totalFen: number }): Promise<Refund> {
    const res = await this.client().refunds({
      out_trade_no: r.outTradeNo,
      out_refund_no: r.outRefundNo,
      reason: r.reason.slice(0, 80),
      notify_url: this.platform.config.wxpay.notifyUrl,
      amount: { refund: r.refundFen, total: r.totalFen, currency: 'CNY' },
    });
    return this.ok<Refund>(res);
  }

  async findRefund(outRefundNo: string): Promise<Refund | null> {
    const res = await this.client().find_refunds(outRefundNo);
    if (res.status === 404) return null;
    return this.ok<Refund>(res);
  }

  /** The trade bill of a day as CSV text, or null when WeChat Pay has none for it. */
  async tradeBill(date: string): Promise<string | null> {
    const res = await this.client().tradebill({ bill_date: date, bill_type: 'ALL' });
    if (res.status === 400) return null;
    const { download_url: url } = this.ok<{ download_url: string }>(res);
    const file = await this.client().downloadBill(url);
    return this.ok<string>(file);
  }

  private ok<T>(res: Output): T {
    if (res.status >= 200 && res.status < 300) return res.data as T;
    const body = (res.error ?? {}) as { code?: string; message?: string };
    if (res.status >= 400 && res.status < 500) throw new WechatPayRejected(res.status, body.code ?? 'UNKNOWN', body.message ?? '');
    throw new WechatPayUnavailable(`HTTP ${res.status} ${body.code ?? ''}`);
  }

  private merchant() {
    const merchant = this.platform.config.wxpay.merchant;
    if (!merchant) throw new WechatPayUnavailable('WeChat Pay is not configured');
    return merchant;
  }

  private merchantKeyObject(): KeyObject {
    this.client();
    return this.merchantKey as KeyObject;
  }

  private client(): WxPay {
    if (this.pay) return this.pay;
    const cfg = this.platform.config.wxpay;
    const merchant = this.merchant();
    const privatePem = readFileSync(merchant.privateKeyFile);
    this.merchantKey = createPrivateKey(privatePem);
    if (cfg.platformPublicKey) {
      this.keys.publicKeyId = cfg.platformPublicKey.id;
      this.keys.publicKey = createPublicKey(readFileSync(cfg.platformPublicKey.file));
    }
    // The package wants a "public key" only to read a serial from it; we give the serial directly.
    const pay = new WxPay({ appid: cfg.appid, mchid: cfg.mchid, serial_no: merchant.serialNo, publicKey: Buffer.from('unused'), privateKey: privatePem, key: merchant.apiV3Key, userAgent: 'haizhu-api' });
    pay.createHttp({
      post: (url: string, params: Record<string, unknown>, headers: Record<string, string>) => this.send('POST', url, JSON.stringify(params), headers),
      get: (url: string, headers: Record<string, string>) => this.send('GET', url, undefined, headers),
      upload: () => Promise.reject(new Error('uploads are not used')),
    });
    this.pay = pay;
    return pay;
  }

  /**
   * Sends what the package signed to our base URL and verifies the answer before returning it.
   * The body is JSON.stringify of the very object the package signed, so the bytes match.
   */
  private async send(method: 'GET' | 'POST', url: string, body: string | undefined, headers: Record<string, string>): Promise<Output> {
    const target = url.startsWith(PRODUCTION) ? this.platform.config.wxpay.apiBase + url.slice(PRODUCTION.length) : url;
    let response: Response;
    let raw: string;
    try {
      response = await fetch(target, { method, headers, body, signal: AbortSignal.timeout(this.platform.config.wxpay.timeoutMs) });
      raw = await response.text();
    } catch (err) {
      throw new WechatPayUnavailable(`no answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    // Bill files are the one unsigned answer; their integrity is the bill's hash_value.
    const download = new URL(target).pathname.startsWith('/v3/billdownload/');
    if (!download) await this.verify(response.headers, raw);
    const parsed = download ? raw : parseJson(raw);
    return response.status < 300 ? { status: response.status, data: parsed } : { status: response.status, error: parsed };
  }

  private async verify(headers: Headers, raw: string): Promise<void> {
    const h = signedHeaders(Object.fromEntries(headers));
    const now = Math.floor(this.platform.clock.now().getTime() / 1000);
    let result = verifySignature(h, raw, this.keys, now);
    if (!result.ok && result.problem === 'unknown_serial' && !h.serial?.startsWith('PUB_KEY_ID_')) {
      await this.refreshCertificates();
      result = verifySignature(h, raw, this.keys, now);
    }
    if (!result.ok) throw new WechatPayUnavailable(`unverifiable response (${result.problem})`);
  }

  /**
   * Platform-certificate mode: GET /v3/certificates, each certificate decrypted with the APIv3 key
   * (tag checked) and kept by serial; the answer itself must verify with one of them.
   */
  async refreshCertificates(): Promise<void> {
    const cfg = this.platform.config.wxpay;
    const path = '/v3/certificates';
    let response: Response;
    let raw: string;
    try {
      response = await fetch(cfg.apiBase + path, { headers: this.authorizationHeaders('GET', path, ''), signal: AbortSignal.timeout(cfg.timeoutMs) });
      raw = await response.text();
    } catch {
      return;
    }
    if (response.status !== 200) return;
    const fetched = new Map<string, KeyObject>();
    for (const item of (parseJson(raw) as { data?: { serial_no: string; encrypt_certificate: EncryptedCertificate }[] }).data ?? []) {
      try {
        fetched.set(item.serial_no.toUpperCase(), createPublicKey(decryptResource(this.apiV3Key, item.encrypt_certificate)));
      } catch (err) {
        this.platform.logger.warn('wechatpay certificate refused', { serial: item.serial_no, reason: err instanceof Error ? err.message : String(err) });
      }
    }
    const candidate: PlatformKeys = { ...this.keys, certificates: fetched };
    const check = verifySignature(signedHeaders(Object.fromEntries(response.headers)), raw, candidate, Math.floor(this.platform.clock.now().getTime() / 1000));
    if (check.ok) this.keys.certificates = fetched;
  }

  /** The §2 Authorization header, for the one call the package would decrypt without checking. */
  private authorizationHeaders(method: string, path: string, body: string): Record<string, string> {
    const cfg = this.platform.config.wxpay;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const signature = createSign('RSA-SHA256').update(`${method}\n${path}\n${timestamp}\n${nonce}\n${body}\n`).sign(this.merchantKeyObject(), 'base64');
    const authorization = `WECHATPAY2-SHA256-RSA2048 mchid="${cfg.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${this.merchant().serialNo}"`;
    return { Authorization: authorization, Accept: 'application/json', 'User-Agent': 'haizhu-api' };
  }
}

type EncryptedCertificate = { algorithm: string; nonce: string; associated_data: string; ciphertext: string };

function parseJson(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** RFC 3339 in Beijing time, as WeChat Pay writes it: 2025-05-20T13:29:35+08:00. */
export function rfc3339(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}

