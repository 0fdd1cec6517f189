/**
 * CLI entry: `node --import tsx simulators/wechat/main.ts`.
 * Env: WECHAT_SIM_PORT (7101), WECHAT_APPID, WECHAT_SECRET, SIM_MAGIC_CODES=1 to accept `sim:<openid>` codes.
 * Binds 127.0.0.1 only: the `/__sim/*` controls are unauthenticated.
 */
import { SimulatorCli } from '../lib/cli';
import { startWechatSimulator, type RunningWechatSimulator } from './server';

const DEFAULTS = { port: 7101, appid: 'wxdev0000000000000', secret: 'dev-wechat-secret' };

const cli = new SimulatorCli('wechat');

function readFlag(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  return cli.fail(`${name} must be 1 or 0, got ${JSON.stringify(raw)}`);
}

async function main(): Promise<RunningWechatSimulator> {
  const sim = await startWechatSimulator({
    port: cli.int('WECHAT_SIM_PORT', DEFAULTS.port, 65_535),
    appid: cli.env('WECHAT_APPID') ?? DEFAULTS.appid,
    secret: cli.env('WECHAT_SECRET') ?? DEFAULTS.secret,
    magicCodes: readFlag('SIM_MAGIC_CODES', process.env.SIM_MAGIC_CODES),
    host: '127.0.0.1',
  });
  process.stdout.write(`wechat simulator listening on ${sim.url}\n`);
  return sim;
}

cli.run(main);
