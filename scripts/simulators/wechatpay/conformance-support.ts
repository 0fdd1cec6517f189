/**
 * Test support for wechatpay.conformance.test.ts: a merchant client that signs requests with the
 * exported §2 helpers, a notification receiver on an ephemeral port, and an inspector that checks
 * a received notification the way our API must (§3, §10), so the tests can show which defect a
 * forged notification carries.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { firstHeader } from '../lib/http';
import { ControlClient, parseBody, type Body } from '../lib/test-client';
import { RecordingReceiver, type ReceivedRequest } from '../lib/test-receiver';
import type { PlatformPublicKeys } from './server';
import { authorizationHeader, decryptAesGcm, PROBE_PREFIX, requestSignMessage, rsaSign, SIGN_SCHEME, verifyWechatpaySignature, type VerifyResult } from './signing';

export { eventually, sleep } from '../lib/test-client';
export type { Body } from '../lib/test-client';
export type { RecordingReceiver } from '../lib/test-receiver';
export type ReceivedCall = ReceivedRequest;

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

/** The merchant side of the API as our server speaks it. */
export class PayClient extends ControlClient {
  constructor(
    baseUrl: string,
    public merchant: TestMerchant,
  ) {
    super(baseUrl);
  }

  nowSec(): number {
    return Math.floor(this.now() / 1000);
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
    return { status: res.status, headers: res.headers, bytes, text, body: parseBody(text) };
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

// ---------------------------------------------------------------- notification receiver

/** The receiver standing in for our API's notify endpoint: answers 204 until a test sets its responder. */
export function startNotifyReceiver(): Promise<RecordingReceiver> {
  return RecordingReceiver.start({ ack: { status: 204 } });
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

/** Verifies and decrypts one received notification as our API does (§3, §10). */
export function inspect(call: ReceivedCall, platform: PlatformPublicKeys, apiV3Key: string, nowSec: number): Inspection {
  const keyFor = keyring(platform);
  const verify = verifyWechatpaySignature({ header: (name) => firstHeader(call.headers, name), body: call.raw, keyFor, nowSec });
  const inspection: Inspection = {
    verify,
    probe: (firstHeader(call.headers, 'wechatpay-signature') ?? '').startsWith(PROBE_PREFIX),
    serialKnown: keyFor(firstHeader(call.headers, 'wechatpay-serial') ?? '') !== undefined,
    timestampAgeSec: nowSec - Number(firstHeader(call.headers, 'wechatpay-timestamp')),
  };
  const resource = call.body.resource as Body | undefined;
  try {
    inspection.resource = JSON.parse(decryptAesGcm(apiV3Key, String(resource?.nonce), String(resource?.associated_data ?? ''), String(resource?.ciphertext))) as Body;
  } catch (error) {
    inspection.decryptError = error instanceof Error ? error.message : String(error);
  }
  return inspection;
}
