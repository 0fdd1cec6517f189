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
import { SimulatorCli } from '../lib/cli';
import { SCENARIOS, type Scenario } from './canonical';
import { COURIER_SIM_DEV_DEFAULTS } from './config';
import { startCourierSimulator, type RunningCourierSimulator } from './server';
import type { RetrySchedule } from './state';

const RETRY_SCHEDULES: readonly RetrySchedule[] = ['contract', 'compressed'];

const cli = new SimulatorCli('courier');

function readText(name: string, fallback: string, shape: RegExp, description: string): string {
  const raw = cli.env(name);
  if (raw === undefined) return fallback;
  if (!shape.test(raw)) cli.fail(`${name} must be ${description}, got ${JSON.stringify(raw)}`);
  return raw;
}

function readAuto(): { scenario: Scenario; stepMs: number } | undefined {
  const raw = cli.env('COURIER_SIM_AUTO');
  if (raw === undefined || raw === '0' || raw === 'off') return undefined;
  const scenario = SCENARIOS.find((s) => s === raw) ?? cli.fail(`COURIER_SIM_AUTO must be one of ${SCENARIOS.join(', ')} (or unset), got ${JSON.stringify(raw)}`);
  return { scenario, stepMs: cli.int('COURIER_SIM_AUTO_STEP_MS', COURIER_SIM_DEV_DEFAULTS.autoStepMs, 3_600_000, { digitsOnly: true }) };
}

async function main(): Promise<RunningCourierSimulator> {
  const defaults = COURIER_SIM_DEV_DEFAULTS;
  const sim = await startCourierSimulator({
    port: cli.int('COURIER_SIM_PORT', defaults.port, 65_535, { digitsOnly: true }),
    host: '127.0.0.1',
    partners: [
      {
        partnerID: readText('COURIER_PARTNER_ID', defaults.partnerID, /^\S{1,64}$/, '1-64 characters without spaces'),
        checkWord: readText('COURIER_CHECKWORD', defaults.checkWord, /^\S{8,128}$/, '8-128 characters without spaces'),
        monthlyCard: readText('COURIER_MONTHLY_CARD', defaults.monthlyCard, /^\d{6,20}$/, '6-20 digits'),
      },
    ],
    pushUrl: cli.httpUrl('COURIER_PUSH_URL'),
    auto: readAuto(),
    retrySchedule: cli.choice('COURIER_SIM_RETRY_SCHEDULE', RETRY_SCHEDULES, 'contract'),
  });
  process.stdout.write(`courier simulator listening on ${sim.url}\n`);
  return sim;
}

cli.run(main);
