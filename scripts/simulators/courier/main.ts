/**
 * CLI entry: `node --import tsx simulators/courier/main.ts`.
 * Env: COURIER_SIM_PORT (7351); COURIER_PARTNER_ID, COURIER_CHECKWORD, COURIER_MONTHLY_CARD (the
 * partner our API signs as; dev defaults in COURIER_SIM_DEV_DEFAULTS); COURIER_PUSH_URL (our API's
 * route-push endpoint; without it pushes wait in the log until /__sim/config sets one);
 * COURIER_SIM_AUTO=happy|pickup_failed|exception_then_delivered|returned and
 * COURIER_SIM_AUTO_STEP_MS (3000) to move new orders along by themselves;
 * COURIER_SIM_RETRY_SCHEDULE=contract|compressed.
 * Binds 127.0.0.1 only: the `/__sim/*` controls are unauthenticated.
 */
import { SCENARIOS, type Scenario } from './canonical';
import { COURIER_SIM_DEV_DEFAULTS } from './config';
import { startCourierSimulator } from './server';
import type { RetrySchedule } from './state';

const RETRY_SCHEDULES: readonly RetrySchedule[] = ['contract', 'compressed'];

function fail(message: string): never {
  process.stderr.write(`courier simulator: ${message}\n`);
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
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value > max) fail(`${name} must be an integer 0-${max}, got ${JSON.stringify(raw)}`);
  return value;
}

function readText(name: string, fallback: string, shape: RegExp, description: string): string {
  const raw = env(name);
  if (raw === undefined) return fallback;
  if (!shape.test(raw)) fail(`${name} must be ${description}, got ${JSON.stringify(raw)}`);
  return raw;
}

function readPushUrl(): string | undefined {
  const raw = env('COURIER_PUSH_URL');
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
  } catch {
    // Reported below.
  }
  return fail(`COURIER_PUSH_URL must be an http(s) URL, got ${JSON.stringify(raw)}`);
}

function readAuto(): { scenario: Scenario; stepMs: number } | undefined {
  const raw = env('COURIER_SIM_AUTO');
  if (raw === undefined || raw === '0' || raw === 'off') return undefined;
  const scenario = SCENARIOS.find((s) => s === raw) ?? fail(`COURIER_SIM_AUTO must be one of ${SCENARIOS.join(', ')} (or unset), got ${JSON.stringify(raw)}`);
  return { scenario, stepMs: readInt('COURIER_SIM_AUTO_STEP_MS', COURIER_SIM_DEV_DEFAULTS.autoStepMs, 3_600_000) };
}

function readRetrySchedule(): RetrySchedule {
  const raw = env('COURIER_SIM_RETRY_SCHEDULE');
  if (raw === undefined) return 'contract';
  return RETRY_SCHEDULES.find((s) => s === raw) ?? fail(`COURIER_SIM_RETRY_SCHEDULE must be ${RETRY_SCHEDULES.join(' or ')}, got ${JSON.stringify(raw)}`);
}

async function main(): Promise<void> {
  const defaults = COURIER_SIM_DEV_DEFAULTS;
  const sim = await startCourierSimulator({
    port: readInt('COURIER_SIM_PORT', defaults.port, 65_535),
    host: '127.0.0.1',
    partners: [
      {
        partnerID: readText('COURIER_PARTNER_ID', defaults.partnerID, /^\S{1,64}$/, '1-64 characters without spaces'),
        checkWord: readText('COURIER_CHECKWORD', defaults.checkWord, /^\S{8,128}$/, '8-128 characters without spaces'),
        monthlyCard: readText('COURIER_MONTHLY_CARD', defaults.monthlyCard, /^\d{6,20}$/, '6-20 digits'),
      },
    ],
    pushUrl: readPushUrl(),
    auto: readAuto(),
    retrySchedule: readRetrySchedule(),
  });
  process.stdout.write(`courier simulator listening on ${sim.url}\n`);

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
