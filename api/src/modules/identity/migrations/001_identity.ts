import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('residents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('openid', 'text', (c) => c.notNull().unique())
    .addColumn('unionid', 'text')
    .addColumn('name_enc', 'text')
    .addColumn('id_number_enc', 'text')
    .addColumn('id_number_bidx', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_bidx', 'text')
    .addColumn('birth_date', 'date')
    .addColumn('real_name_verified_at', 'timestamptz')
    .addColumn('phone_bound_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('residents_verified_has_identity', sql`real_name_verified_at is null or (name_enc is not null and id_number_bidx is not null)`)
    .execute();
  // One verified person, one resident account: the blind index makes the ID number unique.
  await db.schema.createIndex('residents_id_number_bidx_uq').on('residents').column('id_number_bidx').unique().execute();
  await db.schema.createIndex('residents_phone_bidx_idx').on('residents').column('phone_bidx').execute();

  await db.schema
    .createTable('staff_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('roles', sql`text[]`, (c) => c.notNull())
    .addColumn('hall_id', 'text')
    .addColumn('department_code', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('staff_accounts_has_role', sql`cardinality(roles) > 0`)
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('subject_type', 'text', (c) => c.notNull().check(sql`subject_type in ('resident', 'staff')`))
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sessions_subject_idx').on('sessions').columns(['subject_type', 'subject_id']).execute();

  await db.schema
    .createTable('agent_authorisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('principal_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('agent_name_enc', 'text', (c) => c.notNull())
    .addColumn('agent_id_number_enc', 'text', (c) => c.notNull())
    .addColumn('agent_id_number_bidx', 'text', (c) => c.notNull())
    .addColumn('item_codes', sql`text[]`)
    .addColumn('valid_until', 'date', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('agent_authorisations_principal_idx').on('agent_authorisations').column('principal_id').execute();
  await db.schema.createIndex('agent_authorisations_agent_idx').on('agent_authorisations').column('agent_id_number_bidx').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['agent_authorisations', 'sessions', 'staff_accounts', 'residents']) await db.schema.dropTable(t).execute();
}
