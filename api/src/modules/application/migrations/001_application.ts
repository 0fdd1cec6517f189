import { type Kysely, sql } from 'kysely';

const STATUSES = ['draft', 'submitted', 'supplement_requested', 'accepted', 'accepted_deficient', 'refused', 'withdrawn', 'forwarded', 'in_review', 'approved', 'denied', 'result_delivered', 'completed'];

/** The transition pairs of application.state.ts at the time of this migration (a test keeps them equal). */
export const TRANSITION_PAIRS: [string, string][] = [
  ['draft', 'submitted'],
  ['supplement_requested', 'submitted'],
  ['draft', 'withdrawn'],
  ['submitted', 'withdrawn'],
  ['supplement_requested', 'withdrawn'],
  ['submitted', 'accepted'],
  ['submitted', 'accepted_deficient'],
  ['submitted', 'refused'],
  ['submitted', 'supplement_requested'],
  ['in_review', 'supplement_requested'],
  ['accepted', 'forwarded'],
  ['accepted_deficient', 'forwarded'],
  ['forwarded', 'in_review'],
  ['forwarded', 'approved'],
  ['in_review', 'approved'],
  ['forwarded', 'denied'],
  ['in_review', 'denied'],
  ['approved', 'result_delivered'],
  ['result_delivered', 'completed'],
  ['denied', 'completed'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_no', 'text', (c) => c.notNull().unique())
    .addColumn('query_code_hash', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('item_version', 'integer', (c) => c.notNull())
    .addColumn('department_code', 'text', (c) => c.notNull())
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('bundle_code', 'text')
    .addColumn('bundle_group', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in (${STATUSES.map((s) => `'${s}'`).join(', ')})`)))
    .addColumn('form_enc', 'text', (c) => c.notNull())
    .addColumn('situation', 'jsonb', (c) => c.notNull())
    .addColumn('deficient', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('supplement', 'jsonb')
    .addColumn('refusal_reason', 'text')
    .addColumn('result', 'jsonb')
    .addColumn('accepted_on', 'date')
    .addColumn('promised_due', 'date')
    .addColumn('legal_due', 'date')
    .addColumn('light', 'text', (c) => c.check(sql`light in ('green', 'yellow', 'red')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('applications_resident_idx').on('applications').columns(['resident_id', 'created_at']).execute();
  await db.schema.createIndex('applications_work_idx').on('applications').columns(['department_code', 'status', 'light']).execute();

  const pairs = TRANSITION_PAIRS.map(([f, t]) => `('${f}', '${t}')`).join(', ');
  await sql.raw(`
    create function applications_transition() returns trigger language plpgsql as $$
    begin
      if new.status is distinct from old.status and (old.status, new.status) not in (${pairs}) then
        raise exception 'application % cannot go from % to %', old.application_no, old.status, new.status using errcode = 'check_violation';
      end if;
      return new;
    end $$`).execute(db);
  await sql`create trigger applications_transition before update of status on applications for each row execute function applications_transition()`.execute(db);

  await db.schema
    .createTable('application_materials')
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('material_code', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('upload', 'library', 'e_licence')`))
    .addColumn('file_id', 'text')
    .addColumn('e_licence_type', 'text')
    .addColumn('provided_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_materials_pk', ['application_id', 'material_code'])
    .addCheckConstraint('application_materials_has_source', sql`(file_id is not null) <> (e_licence_type is not null)`)
    .execute();

  await db.schema
    .createTable('application_timeline')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('application_timeline_app_idx').on('application_timeline').columns(['application_id', 'id']).execute();

  await db.schema
    .createTable('application_counters')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['application_counters', 'application_timeline', 'application_materials', 'applications']) await db.schema.dropTable(t).execute();
  await sql`drop function if exists applications_transition()`.execute(db);
}
