/**
 * The simulator's platform key. One RSA key serves both modes: `pubkey` publishes it as a
 * 微信支付公钥 with a `PUB_KEY_ID_…` id, `cert` wraps it in a self-signed X.509 certificate
 * whose serial goes into `Wechatpay-Serial`. Only the serial header tells the modes apart.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { generate } from 'selfsigned';

import { ConfigError, type SignMode } from './config';

/** WeChat Pay issues `PUB_KEY_ID_<digits>`; letters are tolerated because the dev stack's generated ids use hex. */
const PUBLIC_KEY_ID = /^PUB_KEY_ID_[0-9A-Za-z]{1,64}$/;
const DEFAULT_PUBLIC_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000';
const CERT_VALIDITY_MS = 5 * 365 * 86_400_000;

export interface PlatformKeys {
  privateKey: KeyObject;
  publicKeyPem: string;
  publicKeyId: string;
  certificatePem: string;
  /** Upper-case hex, as X509Certificate reports it. */
  certificateSerial: string;
  effectiveMs: number;
  expireMs: number;
}

export async function createPlatformKeys(input: { privateKeyPem?: string; publicKeyId?: string } = {}, nowMs = Date.now()): Promise<PlatformKeys> {
  const publicKeyId = input.publicKeyId ?? DEFAULT_PUBLIC_KEY_ID;
  if (!PUBLIC_KEY_ID.test(publicKeyId)) throw new ConfigError(`publicKeyId must look like PUB_KEY_ID_0114…, got ${JSON.stringify(publicKeyId)}`);
  let privateKey: KeyObject;
  if (input.privateKeyPem === undefined) {
    privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  } else {
    try {
      privateKey = createPrivateKey(input.privateKeyPem);
    } catch (error) {
      throw new ConfigError(`platform private key is not a PEM private key: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (privateKey.asymmetricKeyType !== 'rsa') throw new ConfigError('platform private key must be RSA');
  }
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const effectiveMs = nowMs - 86_400_000;
  const pems = await generate([{ name: 'commonName', value: 'Tenpay.com Root CA (simulator platform certificate)' }], {
    keyPair: { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKeyPem },
    algorithm: 'sha256',
    notBeforeDate: new Date(effectiveMs),
    notAfterDate: new Date(effectiveMs + CERT_VALIDITY_MS),
  });
  const certificate = new X509Certificate(pems.cert);
  return {
    privateKey,
    publicKeyPem,
    publicKeyId,
    certificatePem: pems.cert,
    certificateSerial: certificate.serialNumber.toUpperCase(),
    effectiveMs: Date.parse(certificate.validFrom),
    expireMs: Date.parse(certificate.validTo),
  };
}

/** The `Wechatpay-Serial` the simulator signs with in `mode`. */
export function serialFor(keys: PlatformKeys, mode: SignMode): string {
  return mode === 'pubkey' ? keys.publicKeyId : keys.certificateSerial;
}
