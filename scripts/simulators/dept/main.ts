/**
 * CLI entry: `node --import tsx simulators/dept/main.ts`.
 * Env: DEPT_SIM_PORT (7201); DEPT_PAAS_ID, DEPT_PAAS_TOKEN (gateway credential of our API);
 * DEPT_APP_KEY, DEPT_APP_SECRET, DEPT_SIGN_METHOD (our API's application key);
 * DEPT_CALLBACK_APP_KEY, DEPT_CALLBACK_APP_SECRET, DEPT_CALLBACK_SIGN_METHOD (the key departments
 * sign callbacks with); DEPT_CALLBACK_URL (callbacks of cases submitted without callbackUrl);
 * DEPT_SIM_SEED=0 to start without the synthetic residents; DEPT_SIM_AUTO=approve|deny|
 * supplement_then_approve|reject_intake and DEPT_SIM_AUTO_STEP_MS (2000) to process cases by themselves.
 * Unset keys take the dev defaults (DEPT_SIM_DEV_KEYS). Binds 127.0.0.1 only: `/__sim/*` is unauthenticated.
 */
import { SimulatorCli } from '../lib/cli';
import { DEPT_SIM_DEV_KEYS, type DeptAppKey } from './config';
import { startDeptSimulator, type RunningDeptSimulator } from './server';
import { SIGN_METHODS, type SignMethod } from './signing';
import type { AutoScenario } from './state';

const DEFAULT_PORT = 7201;
const AUTO_SCENARIOS: readonly AutoScenario[] = ['approve', 'deny', 'supplement_then_approve', 'reject_intake'];

const cli = new SimulatorCli('dept');
const env = (name: string): string | undefined => cli.env(name);

function readKey(prefix: string, fallback: DeptAppKey): DeptAppKey {
  return {
    appKey: env(`${prefix}_APP_KEY`) ?? fallback.appKey,
    appSecret: env(`${prefix}_APP_SECRET`) ?? fallback.appSecret,
    signMethod: cli.choice<SignMethod>(`${prefix}_SIGN_METHOD`, SIGN_METHODS, fallback.signMethod ?? 'HMAC-SHA256'),
  };
}

function readAuto(): { scenario: AutoScenario; stepDelayMs: number } | undefined {
  const raw = env('DEPT_SIM_AUTO');
  if (raw === undefined || raw === '0' || raw === 'off') return undefined;
  const scenario = AUTO_SCENARIOS.find((s) => s === raw) ?? cli.fail(`DEPT_SIM_AUTO must be one of ${AUTO_SCENARIOS.join(', ')}, got ${JSON.stringify(raw)}`);
  return { scenario, stepDelayMs: cli.int('DEPT_SIM_AUTO_STEP_MS', 2000, 3_600_000) };
}

function readSeed(): boolean {
  const raw = env('DEPT_SIM_SEED');
  if (raw === undefined || raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  return cli.fail(`DEPT_SIM_SEED must be 1 or 0, got ${JSON.stringify(raw)}`);
}

async function main(): Promise<RunningDeptSimulator> {
  const sim = await startDeptSimulator({
    port: cli.int('DEPT_SIM_PORT', DEFAULT_PORT, 65_535),
    host: '127.0.0.1',
    callbackUrl: cli.httpUrl('DEPT_CALLBACK_URL'),
    keys: {
      paasId: env('DEPT_PAAS_ID') ?? DEPT_SIM_DEV_KEYS.paasId,
      paasToken: env('DEPT_PAAS_TOKEN') ?? DEPT_SIM_DEV_KEYS.paasToken,
      client: readKey('DEPT', DEPT_SIM_DEV_KEYS.client),
      callback: readKey('DEPT_CALLBACK', DEPT_SIM_DEV_KEYS.callback),
    },
    seed: readSeed(),
    auto: readAuto(),
  });
  process.stdout.write(`dept simulator listening on ${sim.url}\n`);
  return sim;
}

cli.run(main);
