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
import { DEPT_SIM_DEV_KEYS, type DeptAppKey } from './config';
import { startDeptSimulator } from './server';
import { SIGN_METHODS, type SignMethod } from './signing';
import type { AutoScenario } from './state';

const DEFAULT_PORT = 7201;
const AUTO_SCENARIOS: readonly AutoScenario[] = ['approve', 'deny', 'supplement_then_approve', 'reject_intake'];

function fail(message: string): never {
  process.stderr.write(`dept simulator: ${message}\n`);
  process.exit(1);
}

function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

function readInt(name: string, fallback: number, max: number): number {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) fail(`${name} must be an integer 0-${max}, got ${JSON.stringify(raw)}`);
  return value;
}

function readSignMethod(name: string, fallback: SignMethod): SignMethod {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const method = SIGN_METHODS.find((m) => m === raw);
  return method ?? fail(`${name} must be ${SIGN_METHODS.join(' or ')}, got ${JSON.stringify(raw)}`);
}

function readKey(prefix: string, fallback: DeptAppKey): DeptAppKey {
  return {
    appKey: env(`${prefix}_APP_KEY`) ?? fallback.appKey,
    appSecret: env(`${prefix}_APP_SECRET`) ?? fallback.appSecret,
    signMethod: readSignMethod(`${prefix}_SIGN_METHOD`, fallback.signMethod ?? 'HMAC-SHA256'),
  };
}

function readCallbackUrl(): string | undefined {
  const raw = env('DEPT_CALLBACK_URL');
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    fail(`DEPT_CALLBACK_URL must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

function readAuto(): { scenario: AutoScenario; stepDelayMs: number } | undefined {
  const raw = env('DEPT_SIM_AUTO');
  if (raw === undefined || raw === '0' || raw === 'off') return undefined;
  const scenario = AUTO_SCENARIOS.find((s) => s === raw) ?? fail(`DEPT_SIM_AUTO must be one of ${AUTO_SCENARIOS.join(', ')}, got ${JSON.stringify(raw)}`);
  return { scenario, stepDelayMs: readInt('DEPT_SIM_AUTO_STEP_MS', 2000, 3_600_000) };
}

function readSeed(): boolean {
  const raw = env('DEPT_SIM_SEED');
  if (raw === undefined || raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  return fail(`DEPT_SIM_SEED must be 1 or 0, got ${JSON.stringify(raw)}`);
}

async function main(): Promise<void> {
  const sim = await startDeptSimulator({
    port: readInt('DEPT_SIM_PORT', DEFAULT_PORT, 65_535),
    host: '127.0.0.1',
    callbackUrl: readCallbackUrl(),
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
