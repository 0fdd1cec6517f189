// The database server of a test run: an embedded one per run, or the server in DATABASE_URL
// (then each run gets fresh databases, dropped at the end). Used by jest globalSetup/Teardown;
// the workers take their own database from test-db.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-pg.mjs';

// globalSetup and globalTeardown may be loaded as separate module instances: share through globalThis.
const KEY = Symbol.for('haizhu.test-server');

/**
 * Starts the server for a test run and exports TEST_ADMIN_DATABASE_URL and TEST_DB_PREFIX to
 * the workers (they inherit the parent's environment).
 */
export async function setupTestServer() {
  const prefix = `hz_t${Date.now().toString(36)}${process.pid.toString(36)}`;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), 'haizhu-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: 55432, fast: true });
    globalThis[KEY] = { server, dataDir };
    adminUrl = server.url;
  }
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.TEST_DB_PREFIX = prefix;
  return { adminUrl, prefix };
}

/** Drops this run's databases (on a shared server) or stops the embedded one. */
export async function teardownTestServer() {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  const prefix = process.env.TEST_DB_PREFIX;
  const running = globalThis[KEY];
  if (running) {
    await running.server.stop();
    await rm(running.dataDir, { recursive: true, force: true });
    globalThis[KEY] = undefined;
    return;
  }
  if (!adminUrl || !prefix) return;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select datname from pg_database where datname like $1', [`${prefix}%`]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}
