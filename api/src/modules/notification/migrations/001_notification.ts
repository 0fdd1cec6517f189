import { type Kysely, sql } from 'kysely';

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'skipped_no_consent', 'undeliverable', 'failed'] as const;

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * Subscribe messages: each resident's consent per template id (a one-time template's unspent
 * credits, a long-term one's standing answer), and every message we meant to send with what became
 * of it. Data values are what the template shows (item names, numbers, times): no personal data.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notification_subscriptions')
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('one_time', 'long_term')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('accept', 'reject', 'ban')`))
    // WeChat counts one-time credits; ours mirror them and never go below zero.
    .addColumn('credits', 'integer', (c) => c.notNull().defaultTo(0).check(sql`credits >= 0`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_subscriptions_pk', ['resident_id', 'template_id'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('template_key', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('one_time', 'long_term')`))
    .addColumn('page', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(inList('status', NOTIFICATION_STATUSES)))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errcode', 'integer')
    .addColumn('last_error', 'text')
    // One message per occasion (the reminder of a booking), however often its cron runs.
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_resident_idx').on('notifications').columns(['resident_id', 'created_at desc', 'id desc']).execute();
  // Messages waiting to go out hold a one-time credit until they are sent or given up.
  await sql`create index notifications_pending_idx on notifications (resident_id, template_id) where status = 'pending'`.execute(db);
  await db.schema.createIndex('notifications_created_idx').on('notifications').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['notifications', 'notification_subscriptions']) await db.schema.dropTable(t).execute();
}
