// Starts the whole stack once for the fault suite with crash injection possible: a test arms a
// point (see support/http.ts), it fires once, and the process the cluster starts instead carries on.
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstFreePort } from '@haizhu/scripts/lib/embedded-pg.mjs';
import { startStack } from '@haizhu/scripts/lib/stack.mjs';

export default async function globalSetup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'haizhu-fault-'));
  // As root, PostgreSQL runs as the postgres user, which must be able to reach dataDir/pg.
  chmodSync(dataDir, 0o755);
  const crashDir = join(dataDir, 'crash');
  mkdirSync(crashDir);
  const stack = await startStack({
    dataDir,
    port: await firstFreePort(7601),
    quiet: true,
    log: () => {},
    staffPassword: 'fault-staff-password',
    // Two API processes on one database, as production runs: nothing either needs lives in the other.
    apiWorkers: 2,
    env: { LOG_LEVEL: 'debug', LOGIN_RATE_PER_MINUTE: '100000', FAULT_CRASH_DIR: crashDir, JOB_LOCK_TIMEOUT_SECONDS: '2' },
  });
  globalThis.__HZ_FAULT_STACK__ = stack;
  process.env.FAULT_BASE_URL = stack.url;
  process.env.FAULT_STAFF_PASSWORD = stack.staffPassword;
  process.env.FAULT_DEPT_SIM = stack.simulators.EXCHANGE_BASE;
  process.env.FAULT_WECHAT_SIM = stack.simulators.WECHAT_API_BASE;
  process.env.FAULT_WXPAY_SIM = stack.simulators.WXPAY_API_BASE;
  process.env.FAULT_COURIER_SIM = stack.simulators.COURIER_BASE;
  process.env.FAULT_DATA_DIR = dataDir;
  process.env.FAULT_CRASH_DIR = crashDir;
  process.env.FAULT_DATABASE_URL = stack.databaseUrl;
  process.env.FAULT_API_PORT = new URL(stack.url).port;
  process.env.FAULT_LOG_FILE = stack.logFile;
}
