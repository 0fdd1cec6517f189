import { type Kysely, sql } from 'kysely';

/**
 * What the gateway knows of each case at its department: the department's case number, the last
 * status sequence applied (callbacks arrive duplicated and out of order), and whether the
 * department is unreachable right now. Plus the events received and the nonces seen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dept_cases')
    .addColumn('application_id', 'text', (c) => c.primaryKey())
    .addColumn('dept_code', 'text', (c) => c.notNull())
    .addColumn('case_no', 'text', (c) => c.unique())
    .addColumn('dept_status', 'text')
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unreachable_since', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('dept_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('dept_code', 'text', (c) => c.notNull())
    .addColumn('case_no', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('dept_events_case_idx').on('dept_events').columns(['case_no', 'seq']).execute();

  await db.schema
    .createTable('dept_nonces')
    .addColumn('app_key', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('dept_nonces_pk', ['app_key', 'nonce'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['dept_nonces', 'dept_events', 'dept_cases']) await db.schema.dropTable(t).execute();
}
