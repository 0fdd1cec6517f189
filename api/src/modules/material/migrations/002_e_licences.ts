import { type Kysely, sql } from 'kysely';

/** E-licences (电子证照) fetched from their issuing departments, kept in the resident's library. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('e_licences')
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('licence_type', 'text', (c) => c.notNull())
    .addColumn('licence_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('number_enc', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('e_licences_pk', ['owner_id', 'licence_type'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('e_licences').execute();
}
