import { type Kysely, sql } from 'kysely';

/**
 * The audit trail (全程留痕): append-only and hash-chained. The triggers make the database itself
 * refuse UPDATE, DELETE and TRUNCATE, whoever asks.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_records')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull().check(sql`actor_type in ('resident', 'staff', 'system', 'department')`))
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('actor_unit', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('hash_alg', 'text', (c) => c.notNull().check(sql`hash_alg in ('sha256', 'sm3')`))
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_records_resident_idx').on('audit_records').columns(['resident_id', 'action', 'seq']).execute();
  await db.schema.createIndex('audit_records_subject_idx').on('audit_records').columns(['subject_type', 'subject_id', 'seq']).execute();

  await sql`
    create function audit_records_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_records is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger audit_records_no_update_delete before update or delete on audit_records
            for each row execute function audit_records_append_only()`.execute(db);
  await sql`create trigger audit_records_no_truncate before truncate on audit_records
            for each statement execute function audit_records_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_records').execute();
  await sql`drop function audit_records_append_only()`.execute(db);
}
