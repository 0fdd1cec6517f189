import pg from 'pg';

/**
 * This jest worker's own database on the run's server (see test-server.mjs), created on first
 * use. Test files of one worker share it; each test makes its own rows.
 */
export async function workerDatabaseUrl(suffix: string = process.env.JEST_WORKER_ID ?? '1'): Promise<string> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  const prefix = process.env.TEST_DB_PREFIX;
  if (!adminUrl || !prefix) throw new Error('test database server not set up: run the suite through jest (globalSetup)');
  const name = `${prefix}_w${suffix}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      await client.query(`create database "${name}"`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created meanwhile by a sibling file of this worker
      });
    }
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}

/** A URL like `base` but naming another database. */
export function withDatabase(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}
