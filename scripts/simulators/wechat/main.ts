/**
 * CLI entry: `node --import tsx simulators/wechat/main.ts`.
 * Env: WECHAT_SIM_PORT (7101), WECHAT_APPID, WECHAT_SECRET, SIM_MAGIC_CODES=1 to accept `sim:<openid>` codes.
 * Binds 127.0.0.1 only: the `/__sim/*` controls are unauthenticated.
 */
import { startWechatSimulator } from './server';

const DEFAULTS = { port: 7101, appid: 'wxdev0000000000000', secret: 'dev-wechat-secret' };

function fail(message: string): never {
  process.stderr.write(`wechat simulator: ${message}\n`);
  process.exit(1);
}

function readPort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULTS.port;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`WECHAT_SIM_PORT must be an integer 0-65535, got ${JSON.stringify(raw)}`);
  return port;
}

function readFlag(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  return fail(`${name} must be 1 or 0, got ${JSON.stringify(raw)}`);
}

async function main(): Promise<void> {
  const sim = await startWechatSimulator({
    port: readPort(process.env.WECHAT_SIM_PORT),
    appid: process.env.WECHAT_APPID || DEFAULTS.appid,
    secret: process.env.WECHAT_SECRET || DEFAULTS.secret,
    magicCodes: readFlag('SIM_MAGIC_CODES', process.env.SIM_MAGIC_CODES),
    host: '127.0.0.1',
  });
  process.stdout.write(`wechat simulator listening on ${sim.url}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => fail(`close failed: ${String(error)}`),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
