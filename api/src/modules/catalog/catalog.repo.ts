import { type Insertable, sql, type Selectable } from 'kysely';
import type { Db } from '../../db/database';
import type { BundlesTable, DepartmentsTable, HallsTable, HallWindowsTable, ItemMaterialsTable, LifeEventsTable, ServiceItemVersionsTable } from '../../db/schema';

export type DepartmentRow = Selectable<DepartmentsTable>;
export type HallRow = Selectable<HallsTable>;
export type HallWindowRow = Selectable<HallWindowsTable>;
export type LifeEventRow = Selectable<LifeEventsTable>;
export type BundleRow = Selectable<BundlesTable>;
export type ItemVersionRow = Selectable<ServiceItemVersionsTable>;

/** SQL for the catalogue. No rules here. */
export const catalogRepo = {
  departments(db: Db): Promise<DepartmentRow[]> {
    return db.selectFrom('departments').selectAll().orderBy('code').execute();
  },

  async upsertDepartment(db: Db, row: DepartmentRow): Promise<void> {
    await db
      .insertInto('departments')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: row.name, short_name: row.short_name, description: row.description, phone: row.phone, demo: row.demo }))
      .execute();
  },

  lifeEvents(db: Db): Promise<LifeEventRow[]> {
    return db.selectFrom('life_events').selectAll().orderBy('position').orderBy('code').execute();
  },

  async upsertLifeEvent(db: Db, row: LifeEventRow): Promise<void> {
    await db
      .insertInto('life_events')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: row.name, description: row.description, position: row.position }))
      .execute();
  },

  halls(db: Db): Promise<HallRow[]> {
    return db.selectFrom('halls').selectAll().orderBy(sql`case level when 'district' then 0 when 'branch' then 1 else 2 end`).orderBy('id').execute();
  },

  windows(db: Db): Promise<HallWindowRow[]> {
    return db.selectFrom('hall_windows').selectAll().orderBy('hall_id').orderBy('position').execute();
  },

  async upsertHall(db: Db, row: Omit<HallRow, 'hours' | 'extended_hours' | 'categories' | 'sources'> & Record<'hours' | 'extended_hours' | 'categories' | 'sources', string>, windows: Omit<HallWindowRow, 'hall_id'>[]): Promise<void> {
    const { id, ...rest } = row;
    await db.insertInto('halls').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)).execute();
    await db.deleteFrom('hall_windows').where('hall_id', '=', id).execute();
    if (windows.length) await db.insertInto('hall_windows').values(windows.map((w) => ({ ...w, hall_id: id }))).execute();
  },

  /** The current version of every item (or of the given ones). */
  currentItems(db: Db, itemCodes?: string[]): Promise<(ItemVersionRow & { department_name: string })[]> {
    let q = db
      .selectFrom('service_items as i')
      .innerJoin('service_item_versions as v', (j) => j.onRef('v.item_code', '=', 'i.item_code').onRef('v.version', '=', 'i.current_version'))
      .innerJoin('departments as d', 'd.code', 'i.department_code')
      .selectAll('v')
      .select('d.name as department_name');
    if (itemCodes) q = q.where('i.item_code', 'in', itemCodes.length ? itemCodes : ['']);
    return q.orderBy('i.item_code').execute();
  },

  itemVersion(db: Db, itemCode: string, version: number): Promise<(ItemVersionRow & { department_name: string }) | undefined> {
    return db
      .selectFrom('service_item_versions as v')
      .innerJoin('service_items as i', 'i.item_code', 'v.item_code')
      .innerJoin('departments as d', 'd.code', 'i.department_code')
      .selectAll('v')
      .select('d.name as department_name')
      .where('v.item_code', '=', itemCode)
      .where('v.version', '=', version)
      .executeTakeFirst();
  },

  versions(db: Db, itemCode: string): Promise<Omit<ItemVersionRow, 'content'>[]> {
    return db
      .selectFrom('service_item_versions')
      .select(['item_code', 'version', 'published_at', 'published_by', 'change_note'])
      .where('item_code', '=', itemCode)
      .orderBy('version', 'desc')
      .execute();
  },

  /** Locks the item's row for a publish; undefined when it doesn't exist yet. */
  lockItem(db: Db, itemCode: string): Promise<{ current_version: number } | undefined> {
    return db.selectFrom('service_items').select('current_version').where('item_code', '=', itemCode).forUpdate().executeTakeFirst();
  },

  async insertItem(db: Db, row: { item_code: string; department_code: string; name: string; category: string }): Promise<void> {
    await db.insertInto('service_items').values({ ...row, current_version: 0 }).execute();
  },

  async insertVersion(db: Db, row: Omit<ItemVersionRow, 'content'> & { content: string }): Promise<void> {
    await db.insertInto('service_item_versions').values(row).execute();
  },

  async pointItemAt(db: Db, itemCode: string, version: number, fields: { department_code: string; name: string; category: string }): Promise<void> {
    await db.updateTable('service_items').set({ current_version: version, ...fields, updated_at: new Date() }).where('item_code', '=', itemCode).execute();
  },

  async insertMaterials(db: Db, rows: Insertable<ItemMaterialsTable>[]): Promise<void> {
    if (rows.length) await db.insertInto('item_materials').values(rows).execute();
  },

  bundles(db: Db): Promise<BundleRow[]> {
    return db.selectFrom('bundles').selectAll().orderBy('code').execute();
  },

  bundle(db: Db, code: string): Promise<BundleRow | undefined> {
    return db.selectFrom('bundles').selectAll().where('code', '=', code).executeTakeFirst();
  },

  bundleItems(db: Db, codes?: string[]): Promise<{ bundle_code: string; item_code: string }[]> {
    let q = db.selectFrom('bundle_items').select(['bundle_code', 'item_code']);
    if (codes) q = q.where('bundle_code', 'in', codes.length ? codes : ['']);
    return q.orderBy('bundle_code').orderBy('position').execute();
  },

  async upsertBundle(db: Db, row: BundleRow, itemCodes: string[]): Promise<void> {
    const { code, ...rest } = row;
    await db.insertInto('bundles').values(row).onConflict((oc) => oc.column('code').doUpdateSet(rest)).execute();
    await db.deleteFrom('bundle_items').where('bundle_code', '=', code).execute();
    await db.insertInto('bundle_items').values(itemCodes.map((item_code, position) => ({ bundle_code: code, item_code, position }))).execute();
  },

  synonyms(db: Db): Promise<{ term: string; expands_to: string[] }[]> {
    return db.selectFrom('search_synonyms').selectAll().orderBy('term').execute();
  },

  async upsertSynonym(db: Db, term: string, expandsTo: string[]): Promise<void> {
    await db
      .insertInto('search_synonyms')
      .values({ term, expands_to: expandsTo })
      .onConflict((oc) => oc.column('term').doUpdateSet({ expands_to: expandsTo }))
      .execute();
  },

  async revision(db: Db): Promise<number> {
    const row = await db.selectFrom('catalogue_revision').select('revision').where('id', '=', 1).executeTakeFirstOrThrow();
    return Number(row.revision);
  },

  async bumpRevision(db: Db): Promise<void> {
    await db.updateTable('catalogue_revision').set((eb) => ({ revision: eb('revision', '+', 1) })).where('id', '=', 1).execute();
  },
};
