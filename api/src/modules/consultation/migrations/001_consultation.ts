import { type Kysely, sql } from 'kysely';

/**
 * 在线应询: question threads of residents, each routed once to the department or hall that answers
 * it, and their messages (the text encrypted, attachments by file id). While a thread waits for an
 * answer it carries the working-day date the answer is due by; the CHECKs keep status and its
 * timestamps together.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('consultations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('topic_type', 'text', (c) => c.notNull().check(sql`topic_type in ('item', 'application', 'hall')`))
    .addColumn('topic_id', 'text', (c) => c.notNull())
    // what the topic was called when asked (the item, the case number and item, the hall)
    .addColumn('topic_name', 'text', (c) => c.notNull())
    .addColumn('item_code', 'text')
    .addColumn('subject_enc', 'text', (c) => c.notNull())
    .addColumn('unit_type', 'text', (c) => c.notNull().check(sql`unit_type in ('department', 'hall')`))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('awaiting_answer', 'answered', 'closed')`))
    .addColumn('due_date', 'date')
    .addColumn('awaiting_since', 'timestamptz')
    .addColumn('last_message_at', 'timestamptz', (c) => c.notNull())
    .addColumn('first_answered_at', 'timestamptz')
    .addColumn('answered_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    // The response clock runs exactly while an answer is owed.
    .addCheckConstraint('consultations_due_while_awaiting', sql`(status = 'awaiting_answer') = (due_date is not null and awaiting_since is not null)`)
    .addCheckConstraint('consultations_closed_at', sql`(status = 'closed') = (closed_at is not null)`)
    .addCheckConstraint('consultations_answered_at', sql`status <> 'answered' or answered_at is not null`)
    .execute();
  await db.schema.createIndex('consultations_resident_idx').on('consultations').columns(['resident_id', 'id']).execute();
  await db.schema.createIndex('consultations_unit_idx').on('consultations').columns(['unit_type', 'unit_id', 'status', 'due_date']).execute();

  await db.schema
    .createTable('consultation_messages')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id'))
    .addColumn('author', 'text', (c) => c.notNull().check(sql`author in ('resident', 'staff')`))
    .addColumn('author_id', 'text', (c) => c.notNull())
    // staff sign their answers; a resident's name is not copied here
    .addColumn('author_name', 'text')
    .addColumn('body_enc', 'text', (c) => c.notNull())
    .addColumn('attachment_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultation_messages_thread_idx').on('consultation_messages').columns(['consultation_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('consultation_messages').execute();
  await db.schema.dropTable('consultations').execute();
}
