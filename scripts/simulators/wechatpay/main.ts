/**
 * CLI entry: `node --import tsx simulators/wechatpay/main.ts`.
 * Env: WXPAY_SIM_PORT (7301); WXPAY_MCHID (1900000001); WXPAY_APPID (wxdev0000000000000, comma-separated
 * for several); WXPAY_MERCHANT_PUBLIC_KEY_FILE (required: PEM public key or certificate of our merchant
 * key); WXPAY_MERCHANT_SERIAL (required unless that file is a certificate); WXPAY_API_V3_KEY (required,
 * 32 ASCII characters); WXPAY_SIM_PLATFORM_PRIVATE_KEY_FILE and WXPAY_PUBLIC_KEY_ID (the simulator's
 * own key; generated per start when unset); WXPAY_SIM_SIGN_MODE (pubkey|cert); WXPAY_SIM_NOTIFY_SCHEDULE
 * (official|compressed); WXPAY_SIM_REFUND_AUTO_SUCCEED_MS (1000; 0 = manual).
 * Binds 127.0.0.1 only: the `/__sim/*` controls are unauthenticated.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { SimulatorCli } from '../lib/cli';
import { NOTIFY_SCHEDULES, SIGN_MODES, type NotifySchedule, type SignMode } from './config';
import { startWechatPaySimulator, type RunningWechatPaySimulator } from './server';

const DEFAULTS = { port: 7301, mchid: '1900000001', appid: 'wxdev0000000000000' };

const cli = new SimulatorCli('wechatpay');
const env = (name: string): string | undefined => cli.env(name);

function readFile(name: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return cli.fail(`${name}: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The merchant key file, and its serial: given, or read from the file when it is a certificate. */
function readMerchantKey(): { publicKeyPem: string; serialNo: string } {
  const path = env('WXPAY_MERCHANT_PUBLIC_KEY_FILE');
  if (path === undefined) {
    return cli.fail('WXPAY_MERCHANT_PUBLIC_KEY_FILE is not set: give the PEM public key or certificate of the merchant API key (apiclient_key.pem) the API signs with');
  }
  const publicKeyPem = readFile('WXPAY_MERCHANT_PUBLIC_KEY_FILE', path);
  const serial = env('WXPAY_MERCHANT_SERIAL');
  if (serial !== undefined) return { publicKeyPem, serialNo: serial };
  if (publicKeyPem.includes('BEGIN CERTIFICATE')) {
    try {
      return { publicKeyPem, serialNo: new X509Certificate(publicKeyPem).serialNumber };
    } catch (error) {
      cli.fail(`WXPAY_MERCHANT_PUBLIC_KEY_FILE is not a readable certificate: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return cli.fail('WXPAY_MERCHANT_SERIAL is not set (it can only be read from the key file when that is a certificate)');
}

async function main(): Promise<RunningWechatPaySimulator> {
  const merchantKey = readMerchantKey();
  const apiV3Key = env('WXPAY_API_V3_KEY') ?? cli.fail('WXPAY_API_V3_KEY is not set: give the 32-character APIv3 key the API decrypts notifications with');
  const platformKeyFile = env('WXPAY_SIM_PLATFORM_PRIVATE_KEY_FILE');
  const signMode: SignMode = cli.choice('WXPAY_SIM_SIGN_MODE', SIGN_MODES, 'pubkey');
  const notifySchedule: NotifySchedule = cli.choice('WXPAY_SIM_NOTIFY_SCHEDULE', NOTIFY_SCHEDULES, 'official');
  const sim = await startWechatPaySimulator({
    port: cli.int('WXPAY_SIM_PORT', DEFAULTS.port, 65_535),
    host: '127.0.0.1',
    merchants: [
      {
        mchid: env('WXPAY_MCHID') ?? DEFAULTS.mchid,
        appids: (env('WXPAY_APPID') ?? DEFAULTS.appid).split(',').map((a) => a.trim()).filter((a) => a !== ''),
        serialNo: merchantKey.serialNo,
        publicKeyPem: merchantKey.publicKeyPem,
        apiV3Key,
      },
    ],
    platform: {
      ...(platformKeyFile === undefined ? {} : { privateKeyPem: readFile('WXPAY_SIM_PLATFORM_PRIVATE_KEY_FILE', platformKeyFile) }),
      ...(env('WXPAY_PUBLIC_KEY_ID') === undefined ? {} : { publicKeyId: env('WXPAY_PUBLIC_KEY_ID') }),
    },
    signMode,
    notifySchedule,
    refundAutoSucceedMs: cli.int('WXPAY_SIM_REFUND_AUTO_SUCCEED_MS', 1000, 86_400_000),
  });
  process.stdout.write(`wechatpay simulator listening on ${sim.url}\n`);
  const serial = signMode === 'pubkey' ? sim.platform.publicKeyId : sim.platform.certificateSerial;
  process.stdout.write(`wechatpay simulator signs as ${serial} (${signMode}${platformKeyFile === undefined ? ', key generated for this run: GET /__sim/keys' : ''})\n`);
  return sim;
}

cli.run(main);
