/**
 * Start-up options and `POST /__sim/config`. Merchant keys are parsed once into KeyObjects so a
 * bad PEM fails at start (or answers 400 on the control), never in the middle of a request.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';

export type SignMode = 'pubkey' | 'cert';
export type NotifySchedule = 'official' | 'compressed';

export const SIGN_MODES: readonly SignMode[] = ['pubkey', 'cert'];
export const NOTIFY_SCHEDULES: readonly NotifySchedule[] = ['official', 'compressed'];

export interface WechatPayMerchantInput {
  mchid: string;
  /** Mini-program / official-account appids bound to this mchid. */
  appids: string[];
  /** Serial (hex) of the merchant API certificate, as sent in `Authorization: serial_no`. */
  serialNo: string;
  /** PEM public key or X.509 certificate PEM of the merchant API key (apiclient_key.pem's public half). */
  publicKeyPem: string;
  /** 32 ASCII characters: the AES-256-GCM key of notifications and `/v3/certificates`. */
  apiV3Key: string;
}

export interface WechatPaySimulatorOptions {
  /** 0 = ephemeral (default). */
  port?: number;
  /** Default 127.0.0.1: the `/__sim/*` controls are unauthenticated. */
  host?: string;
  merchants: WechatPayMerchantInput[];
  /** The simulator's own signing key; an RSA-2048 pair is generated in memory when absent. */
  platform?: { privateKeyPem?: string; publicKeyId?: string };
  /** Default `pubkey` (`Wechatpay-Serial: PUB_KEY_ID_…`); `cert` signs as a platform certificate. */
  signMode?: SignMode;
  /** Base time in epoch ms (default Date.now); `/__sim/clock` adds its offset on top. */
  clock?: () => number;
  /** Notification redelivery schedule: §10 (`official`) or the same intervals with seconds read as ms. */
  notifySchedule?: NotifySchedule;
  /** A notification not acknowledged within this is a failed attempt. Default 5000 (§10). */
  notifyTimeoutMs?: number;
  /** PROCESSING refunds succeed by themselves after this many ms; 0 = only via `/__sim/refunds/…/resolve`. Default 1000. */
  refundAutoSucceedMs?: number;
}

export interface Merchant {
  mchid: string;
  appids: string[];
  /** Upper-case: serials are compared case-insensitively. */
  serialNo: string;
  publicKey: KeyObject;
  apiV3Key: string;
}

export interface SimConfig {
  signMode: SignMode;
  merchants: Map<string, Merchant>;
  /** Allowed |server time − Authorization timestamp|; §2 says 5 minutes. */
  authSkewSec: number;
  refundAutoSucceedMs: number;
}

/** A configuration input the simulator cannot use. */
export class ConfigError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(obj: Record<string, unknown>, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value === '') throw new ConfigError(`${where}.${key} must be a non-empty string`);
  return value;
}

/** Validates one merchant; accepts `certPem` as an alias of `publicKeyPem` (spec §13 calls it certPem). */
export function parseMerchant(raw: unknown, where: string): Merchant {
  if (!isRecord(raw)) throw new ConfigError(`${where} must be an object`);
  const mchid = requireString(raw, 'mchid', where);
  if (!/^\d{1,32}$/.test(mchid)) throw new ConfigError(`${where}.mchid must be 1-32 digits`);
  const appids = raw.appids;
  if (!Array.isArray(appids) || appids.length === 0 || !appids.every((a): a is string => typeof a === 'string' && a !== '' && a.length <= 32)) {
    throw new ConfigError(`${where}.appids must be a non-empty list of appids`);
  }
  const serialNo = requireString(raw, 'serialNo', where);
  if (!/^[0-9A-Fa-f]{1,64}$/.test(serialNo)) throw new ConfigError(`${where}.serialNo must be hex`);
  const pem = typeof raw.publicKeyPem === 'string' ? raw.publicKeyPem : raw.certPem;
  if (typeof pem !== 'string' || pem === '') throw new ConfigError(`${where}.publicKeyPem (or certPem) must be a PEM public key or certificate`);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(pem);
  } catch (error) {
    throw new ConfigError(`${where}.publicKeyPem is not a PEM public key or certificate: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (publicKey.asymmetricKeyType !== 'rsa') throw new ConfigError(`${where}.publicKeyPem must be an RSA key`);
  const apiV3Key = requireString(raw, 'apiV3Key', where);
  if (!/^[\x21-\x7e]{32}$/.test(apiV3Key)) throw new ConfigError(`${where}.apiV3Key must be 32 printable ASCII characters`);
  return { mchid, appids: [...appids], serialNo: serialNo.toUpperCase(), publicKey, apiV3Key };
}

export function parseMerchants(raw: unknown, where = 'merchants'): Map<string, Merchant> {
  if (!Array.isArray(raw) || raw.length === 0) throw new ConfigError(`${where} must be a non-empty list`);
  const merchants = new Map<string, Merchant>();
  raw.forEach((entry, i) => {
    const merchant = parseMerchant(entry, `${where}[${i}]`);
    if (merchants.has(merchant.mchid)) throw new ConfigError(`${where}[${i}].mchid ${merchant.mchid} given twice`);
    merchants.set(merchant.mchid, merchant);
  });
  return merchants;
}

const DEFAULT_REFUND_AUTO_SUCCEED_MS = 1000;

/** The configuration a fresh (or reset) simulator starts with. */
export function bootConfig(options: WechatPaySimulatorOptions): SimConfig {
  return {
    signMode: options.signMode ?? 'pubkey',
    merchants: parseMerchants(options.merchants),
    authSkewSec: 300,
    refundAutoSucceedMs: options.refundAutoSucceedMs ?? DEFAULT_REFUND_AUTO_SUCCEED_MS,
  };
}

/**
 * `POST /__sim/config {signMode?, merchants?, clockSkewSec?, refundAutoSucceedMs?}`: keys left out
 * keep their value; `merchants` replaces the whole list.
 */
export function applyConfig(current: SimConfig, raw: unknown): SimConfig {
  if (!isRecord(raw)) throw new ConfigError('body must be a JSON object');
  const next: SimConfig = { ...current, merchants: new Map(current.merchants) };
  if (raw.signMode !== undefined) {
    const mode = SIGN_MODES.find((m) => m === raw.signMode);
    if (mode === undefined) throw new ConfigError(`signMode must be ${SIGN_MODES.join(' or ')}`);
    next.signMode = mode;
  }
  if (raw.merchants !== undefined) next.merchants = parseMerchants(raw.merchants);
  if (raw.clockSkewSec !== undefined) {
    const skew = raw.clockSkewSec;
    if (typeof skew !== 'number' || !Number.isInteger(skew) || skew < 0 || skew > 86_400) throw new ConfigError('clockSkewSec must be an integer 0-86400');
    next.authSkewSec = skew;
  }
  if (raw.refundAutoSucceedMs !== undefined) {
    const ms = raw.refundAutoSucceedMs;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > 86_400_000) throw new ConfigError('refundAutoSucceedMs must be an integer 0-86400000');
    next.refundAutoSucceedMs = ms;
  }
  return next;
}
