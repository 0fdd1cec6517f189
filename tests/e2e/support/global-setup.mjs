// Starts the whole stack once for the browser suite (fresh data directory, a free port) and
// checks that Debian's chromium is there: without it the suite fails, it never passes silently.
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstFreePort } from '@haizhu/scripts/lib/embedded-pg.mjs';
import { startStack } from '@haizhu/scripts/lib/stack.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default async function globalSetup() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser suite needs Chromium at ${CHROMIUM} and it is missing.\n` +
        'Install it with: sudo apt-get update && sudo apt-get install -y chromium\n' +
        '(or set CHROMIUM_PATH to another Chromium binary).',
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'haizhu-e2e-'));
  // As root, PostgreSQL runs as the postgres user, which must be able to reach dataDir/pg.
  chmodSync(dataDir, 0o755);
  const port = await firstFreePort(7401);
  // Parcels move every 1.5 s instead of 5 s, so tracking reaches 签收 within a test.
  process.env.COURIER_SIM_AUTO_STEP_MS ??= '1500';
  const stack = await startStack({ dataDir, port, quiet: true, log: () => {}, staffPassword: 'e2e-staff-password' });
  globalThis.__HZ_E2E_STACK__ = stack;
  process.env.E2E_BASE_URL = stack.url;
  process.env.E2E_STAFF_PASSWORD = stack.staffPassword;
  process.env.E2E_WECHAT_SIM = stack.simulators.WECHAT_API_BASE;
  process.env.E2E_DEPT_SIM = stack.simulators.EXCHANGE_BASE;
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
  process.env.E2E_DATA_DIR = dataDir;
}
