import { type Kysely, sql } from 'kysely';

/** The 公安 check that strengthens real-name verification: when it ran and what 公安 said. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('residents')
    .addColumn('ga_checked_at', 'timestamptz')
    .addColumn('ga_check_result', 'text', (c) => c.check(sql`ga_check_result in ('matched', 'mismatch', 'not_found')`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('residents').dropColumn('ga_check_result').dropColumn('ga_checked_at').execute();
}
