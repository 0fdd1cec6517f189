import { type Kysely, sql } from 'kysely';

export const TARGET_TYPES = ['application', 'appointment', 'consultation'] as const;
export const TASK_STATUSES = ['open', 'handled', 'revisited', 'appealed', 'closed'] as const;

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * 好差评: ratings (one per target, real-name, the resident's comment encrypted), the finished cases
 * still waiting for a rating (the 7-day 基本满意 default is applied from here), rectification tasks
 * for every 差评 with their handlings, 回访 records, appeals and the resident's rating of the
 * rectification, and the reviews that alone may exclude a (malicious) rating.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('evaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('target_type', 'text', (c) => c.notNull().check(inList('target_type', TARGET_TYPES)))
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online', 'hall')`))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('unit_type', 'text', (c) => c.notNull().check(sql`unit_type in ('department', 'hall')`))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('item_code', 'text')
    .addColumn('level', 'smallint', (c) => c.notNull().check(sql`level between 1 and 5`))
    .addColumn('dimensions', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('comment_enc', 'text')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('resident', 'default')`))
    .addColumn('excluded', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('exclusion_review_id', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // 一事一评 / 一次一评: one rating per target, whoever (or whatever job) comes first.
    .addUniqueConstraint('evaluations_one_per_target', ['target_type', 'target_id'])
    // The default is 基本满意 and says nothing more.
    .addCheckConstraint('evaluations_default_is_neutral', sql`source = 'resident' or (level = 3 and comment_enc is null)`)
    // A rating leaves the figures only through a recorded review.
    .addCheckConstraint('evaluations_excluded_by_review', sql`not excluded or exclusion_review_id is not null`)
    .execute();
  await db.schema.createIndex('evaluations_resident_idx').on('evaluations').column('resident_id').execute();
  await db.schema.createIndex('evaluations_unit_idx').on('evaluations').columns(['unit_type', 'unit_id']).execute();

  await db.schema
    .createTable('evaluation_reviews')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('exclude', 'keep')`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(trim(reason)) > 0`))
    .addColumn('reviewer_id', 'text', (c) => c.notNull())
    .addColumn('reviewer_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evaluation_reviews_evaluation_idx').on('evaluation_reviews').column('evaluation_id').execute();
  await sql`alter table evaluations add constraint evaluations_exclusion_review_fk foreign key (exclusion_review_id) references evaluation_reviews (id)`.execute(db);

  await db.schema
    .createTable('evaluation_pending')
    .addColumn('target_type', 'text', (c) => c.notNull().check(inList('target_type', TARGET_TYPES)))
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online', 'hall')`))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('unit_type', 'text', (c) => c.notNull().check(sql`unit_type in ('department', 'hall')`))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('item_code', 'text')
    .addColumn('completed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_on', 'date', (c) => c.notNull())
    .addColumn('rate_by', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('evaluation_pending_pk', ['target_type', 'target_id'])
    .execute();
  await db.schema.createIndex('evaluation_pending_rate_by_idx').on('evaluation_pending').column('rate_by').execute();
  await db.schema.createIndex('evaluation_pending_resident_idx').on('evaluation_pending').column('resident_id').execute();

  await db.schema
    .createTable('rectification_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('evaluation_id', 'text', (c) => c.notNull().unique().references('evaluations.id'))
    .addColumn('unit_type', 'text', (c) => c.notNull().check(sql`unit_type in ('department', 'hall')`))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(inList('status', TASK_STATUSES)))
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_reason', 'text', (c) => c.check(sql`closed_reason in ('rated', 'excluded')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('rectification_tasks_closed_has_reason', sql`(status = 'closed') = (closed_at is not null and closed_reason is not null)`)
    .execute();
  await db.schema.createIndex('rectification_tasks_unit_idx').on('rectification_tasks').columns(['unit_type', 'unit_id', 'status']).execute();

  await db.schema
    .createTable('rectification_handlings')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('rectification_tasks.id'))
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('staff_name', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('rectified', 'explained')`))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rectification_handlings_task_idx').on('rectification_handlings').column('task_id').execute();

  await db.schema
    .createTable('rectification_revisits')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('rectification_tasks.id'))
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('staff_name', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('phone', 'sms', 'in_person', 'online')`))
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('resident_satisfied', 'boolean')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rectification_revisits_task_idx').on('rectification_revisits').column('task_id').execute();

  await db.schema
    .createTable('rectification_appeals')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('rectification_tasks.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('reason_enc', 'text', (c) => c.notNull())
    .addColumn('previous_due_date', 'date', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rectification_appeals_task_idx').on('rectification_appeals').column('task_id').execute();

  await db.schema
    .createTable('rectification_ratings')
    .addColumn('task_id', 'text', (c) => c.primaryKey().references('rectification_tasks.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('rating', 'text', (c) => c.notNull().check(sql`rating in ('satisfied', 'basically_satisfied', 'dissatisfied')`))
    .addColumn('comment_enc', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['rectification_ratings', 'rectification_appeals', 'rectification_revisits', 'rectification_handlings', 'rectification_tasks', 'evaluation_pending']) await db.schema.dropTable(t).execute();
  await sql`alter table evaluations drop constraint evaluations_exclusion_review_fk`.execute(db);
  for (const t of ['evaluation_reviews', 'evaluations']) await db.schema.dropTable(t).execute();
}
