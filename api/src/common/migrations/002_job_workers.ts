import type { Kysely } from 'kysely';

/**
 * Job workers alive, by heartbeat: a job locked by a worker that stopped beating belongs to a
 * process that died, and may be run again; a slow but living worker keeps its job.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_workers')
    .addColumn('worker_id', 'text', (c) => c.primaryKey())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_workers').execute();
}
