// Starts the whole stack once for the fault suite with crash injection armed (each point fires
// once, then the process the cluster starts instead carries on).
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstFreePort } from '@haizhu/scripts/lib/embedded-pg.mjs';
import { startStack } from '@haizhu/scripts/lib/stack.mjs';

export const CRASH_POINTS = ['application.transition.before_commit', 'dept_submit.before_call', 'dept_submit.after_call'];

export default async function globalSetup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'haizhu-fault-'));
  // As root, PostgreSQL runs as the postgres user, which must be able to reach dataDir/pg.
  chmodSync(dataDir, 0o755);
  const stack = await startStack({
    dataDir,
    port: await firstFreePort(7601),
    quiet: true,
    log: () => {},
    staffPassword: 'fault-staff-password',
    // Two API processes on one database, as production runs: nothing either needs lives in the other.
    apiWorkers: 2,
    env: { LOGIN_RATE_PER_MINUTE: '100000', FAULT_CRASH_AT: CRASH_POINTS.join(','), FAULT_CRASH_ONCE_FILE: join(dataDir, 'crashed'), JOB_LOCK_TIMEOUT_SECONDS: '2' },
  });
  globalThis.__HZ_FAULT_STACK__ = stack;
  process.env.FAULT_BASE_URL = stack.url;
  process.env.FAULT_STAFF_PASSWORD = stack.staffPassword;
  process.env.FAULT_DEPT_SIM = stack.simulators.EXCHANGE_BASE;
  process.env.FAULT_DATA_DIR = dataDir;
  process.env.FAULT_DATABASE_URL = stack.databaseUrl;
  process.env.FAULT_API_PORT = new URL(stack.url).port;
}
