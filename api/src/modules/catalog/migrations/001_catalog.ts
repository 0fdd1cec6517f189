import { type Kysely, sql } from 'kysely';

/**
 * The 民生服务超市. Each item's guide is versioned: `service_item_versions` keeps every published
 * version whole (old ones stay readable); `service_items` points at the current one and carries
 * the fields lists filter on; `item_materials` is the current and past material lists, row by row,
 * for the application context.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('departments')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text')
    .addColumn('description', 'text')
    .addColumn('phone', 'text')
    .addColumn('demo', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();

  await db.schema
    .createTable('life_events')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('halls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('district', 'branch', 'street')`))
    .addColumn('street_code', 'text')
    .addColumn('address', 'text')
    .addColumn('address_note', 'text')
    .addColumn('phone', 'text')
    .addColumn('hours', 'jsonb', (c) => c.notNull())
    .addColumn('extended_hours', 'jsonb', (c) => c.notNull())
    .addColumn('categories', 'jsonb', (c) => c.notNull())
    .addColumn('sources', 'jsonb', (c) => c.notNull())
    .addColumn('demo', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();

  await db.schema
    .createTable('hall_windows')
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('consult', 'accept', 'deliver')`))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('hall_windows_pk', ['hall_id', 'code'])
    .execute();

  await db.schema
    .createTable('service_items')
    .addColumn('item_code', 'text', (c) => c.primaryKey())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('department_code', 'text', (c) => c.notNull().references('departments.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('service_item_versions')
    .addColumn('item_code', 'text', (c) => c.notNull().references('service_items.item_code'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('published_by', 'text')
    .addColumn('change_note', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_item_versions_pk', ['item_code', 'version'])
    .execute();

  await db.schema
    .createTable('item_materials')
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('material_code', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull().check(sql`form in ('original', 'copy', 'original_and_copy', 'electronic')`))
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('required', 'boolean', (c) => c.notNull())
    .addColumn('deficiency_allowed', 'boolean', (c) => c.notNull())
    .addColumn('deficiency_way', 'text')
    .addColumn('e_licence_type', 'text')
    .addColumn('when_options', sql`text[]`, (c) => c.notNull())
    .addPrimaryKeyConstraint('item_materials_pk', ['item_code', 'version', 'material_code'])
    .addForeignKeyConstraint('item_materials_version_fk', ['item_code', 'version'], 'service_item_versions', ['item_code', 'version'])
    .execute();

  await db.schema
    .createTable('bundles')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('life_event', 'text')
    .addColumn('demo', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();

  await db.schema
    .createTable('bundle_items')
    .addColumn('bundle_code', 'text', (c) => c.notNull().references('bundles.code').onDelete('cascade'))
    .addColumn('item_code', 'text', (c) => c.notNull().references('service_items.item_code'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('bundle_items_pk', ['bundle_code', 'item_code'])
    .execute();

  await db.schema
    .createTable('search_synonyms')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('expands_to', sql`text[]`, (c) => c.notNull())
    .execute();

  // Bumped by every catalogue change, so each API process knows when to rebuild its search index.
  await db.schema
    .createTable('catalogue_revision')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into catalogue_revision (id, revision) values (1, 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['catalogue_revision', 'search_synonyms', 'bundle_items', 'bundles', 'item_materials', 'service_item_versions', 'service_items', 'hall_windows', 'halls', 'life_events', 'departments']) {
    await db.schema.dropTable(t).execute();
  }
}
