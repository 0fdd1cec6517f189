import { type Kysely, sql } from 'kysely';

/** Uploaded files (content on disk behind a storage interface) and the personal library (一库共享). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('material_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull().check(sql`size > 0`))
    .addColumn('mime', 'text', (c) => c.notNull().check(sql`mime in ('image/jpeg', 'image/png', 'application/pdf')`))
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** set when the resident keeps it in their library for reuse */
    .addColumn('library_title', 'text')
    .addColumn('saved_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('material_files_owner_idx').on('material_files').columns(['owner_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('material_files').execute();
}
