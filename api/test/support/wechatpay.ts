import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningWechatPaySimulator, startWechatPaySimulator } from '@haizhu/scripts/simulators/wechatpay';
import { TEST_APPID } from './app';

export const TEST_MCHID = '1900000001';

export interface GivenWechatPay {
  sim: RunningWechatPaySimulator;
  merchantPublicKeyPem: string;
  apiV3Key: string;
  /** the API's WXPAY_* environment for this simulator */
  env: Record<string, string>;
  post(path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  get<T>(path: string): Promise<T>;
}

/**
 * A WeChat Pay simulator with a fresh merchant key (files in a temporary directory, as production
 * reads them) and its platform public key, plus the API environment that points at it.
 */
export async function givenWechatPay(): Promise<GivenWechatPay> {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const merchantPublicKeyPem = merchant.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const apiV3Key = randomBytes(16).toString('hex');
  const serialNo = randomBytes(20).toString('hex').toUpperCase();
  const sim = await startWechatPaySimulator({
    port: 0,
    merchants: [{ mchid: TEST_MCHID, appids: [TEST_APPID], serialNo, publicKeyPem: merchantPublicKeyPem, apiV3Key }],
    notifySchedule: 'compressed',
    refundAutoSucceedMs: 0,
  });
  const dir = mkdtempSync(join(tmpdir(), 'hz-wxpay-'));
  writeFileSync(join(dir, 'merchant.pem'), merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, 'platform.pem'), sim.platform.publicKeyPem);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/__sim/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
  return {
    sim,
    merchantPublicKeyPem,
    apiV3Key,
    env: {
      WXPAY_API_BASE: sim.url,
      WXPAY_MCHID: TEST_MCHID,
      WXPAY_APPID: TEST_APPID,
      WXPAY_MERCHANT_SERIAL: serialNo,
      WXPAY_MERCHANT_PRIVATE_KEY_FILE: join(dir, 'merchant.pem'),
      WXPAY_API_V3_KEY: apiV3Key,
      WXPAY_PLATFORM_PUBLIC_KEY_FILE: join(dir, 'platform.pem'),
      WXPAY_PUBLIC_KEY_ID: sim.platform.publicKeyId,
      WXPAY_TIMEOUT_MS: '2000',
    },
    post: (path, body = {}) => call('POST', path, body),
    get: async <T>(path: string) => (await call('GET', path)).body as T,
  };
}
