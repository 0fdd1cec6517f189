import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { type SelectQueryBuilder, sql } from 'kysely';
import { Platform } from '../../common/platform';
import type { DB } from '../../db/schema';

/** The time limits an item version promises, in working days (null where the guide gives none). */
export interface ItemLimits {
  itemCode: string;
  version: number;
  legalDays: number | null;
  promisedDays: number | null;
}

/** Catalogue facts for the stats context. Read-only. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class CatalogStats {
  @Inject()
  platform!: Platform;

  /** 法定 and 承诺时限 of the given item versions, as published then (one statement). */
  async limits(versions: { itemCode: string; version: number }[]): Promise<ItemLimits[]> {
    if (!versions.length) return [];
    const pairs = sql.join(versions.map((v) => sql`(${v.itemCode}, ${v.version}::int)`));
    return this.platform.db
      .selectFrom('service_item_versions')
      .select([
        'item_code as itemCode',
        'version',
        sql<number | null>`(content -> 'guide' ->> 'legalDays')::int`.as('legalDays'),
        sql<number | null>`(content -> 'guide' ->> 'promisedDays')::int`.as('promisedDays'),
      ])
      .where(sql<boolean>`(item_code, version) in (${pairs})`)
      .execute();
  }

  /** The codes of a department's items (its tickets, bookings and ratings are those of these items). */
  async itemCodesOf(departmentCode: string): Promise<string[]> {
    const rows = await this.platform.db.selectFrom('service_items').select('item_code').where('department_code', '=', departmentCode).execute();
    return rows.map((r) => r.item_code);
  }

  /**
   * Materials asked for as paper originals (原件, 原件和复印件), per item version, with when they
   * apply: a select another context splices into its aggregate.
   */
  paperOriginals(): SelectQueryBuilder<DB, 'item_materials', { item_code: string; version: number; material_code: string; required: boolean; when_options: string[] }> {
    return this.platform.db
      .selectFrom('item_materials')
      .select(['item_code', 'version', 'material_code', 'required', 'when_options'])
      .where('form', 'in', ['original', 'original_and_copy']);
  }
}
