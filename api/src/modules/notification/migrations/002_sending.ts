import { type Kysely, sql } from 'kysely';

/**
 * WeChat has no idempotency key for subscribe messages: a worker that dies between WeChat's answer
 * and our record leaves a message we cannot know was sent. `sending_since` marks the attempt before
 * the call; a job that finds it set records `unconfirmed` and sends nothing more.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('sending_since', 'timestamptz').execute();
  await sql`alter table notifications drop constraint notifications_status_check`.execute(db);
  await sql`alter table notifications add constraint notifications_status_check check (status in ('pending', 'sent', 'skipped_no_consent', 'undeliverable', 'failed', 'unconfirmed'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notifications drop constraint notifications_status_check`.execute(db);
  await sql`alter table notifications add constraint notifications_status_check check (status in ('pending', 'sent', 'skipped_no_consent', 'undeliverable', 'failed'))`.execute(db);
  await db.schema.alterTable('notifications').dropColumn('sending_since').execute();
}
