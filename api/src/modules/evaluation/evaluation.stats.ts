import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { type Expression, sql } from 'kysely';
import { Platform } from '../../common/platform';

/** Ratings made in a range of instants; for a hall or a department, which ones are theirs. */
export interface RatingStatsFilter {
  since: Date;
  until: Date;
  /** ratings of this hall's visits, and of the cases it handles (`casesAtHall`, a select of `id` from the application context) */
  hall?: { hallId: string; casesAtHall: Expression<{ id: string }> };
  /** ratings of these items (a department's); an empty list matches nothing */
  itemCodes?: string[];
}

/**
 * Aggregates over 好差评 for the stats context, one SQL statement each. Ratings excluded by a
 * recorded review (恶意评价) never count; the 7-day defaults (基本满意) do, as Guangdong counts them.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class EvaluationStats {
  @Inject()
  platform!: Platform;

  /** Counted ratings per level. */
  async byLevel(f: RatingStatsFilter): Promise<{ level: number; count: number }[]> {
    return this.ratings(f)
      .select(['e.level', sql<number>`count(*)::int`.as('count')])
      .groupBy('e.level')
      .execute();
  }

  /**
   * 差评 of the range and those whose rectification is done: handled (整改 or 解释说明) and then
   * revisited (回访), or rated by the resident (which closes the task) — not while an appeal is open.
   */
  async badRectified(f: RatingStatsFilter): Promise<{ bad: number; rectified: number }> {
    return this.ratings(f)
      .leftJoin('rectification_tasks as k', 'k.evaluation_id', 'e.id')
      .where('e.level', '<=', 2)
      .select([
        sql<number>`count(*)::int`.as('bad'),
        sql<number>`(count(*) filter (where k.status = 'revisited' or (k.status = 'closed' and k.closed_reason = 'rated')))::int`.as('rectified'),
      ])
      .executeTakeFirstOrThrow();
  }

  private ratings(f: RatingStatsFilter) {
    let q = this.platform.db.selectFrom('evaluations as e').where('e.excluded', '=', false).where('e.created_at', '>=', f.since).where('e.created_at', '<', f.until);
    if (f.itemCodes) q = f.itemCodes.length ? q.where('e.item_code', 'in', f.itemCodes) : q.where(sql<boolean>`false`);
    const hall = f.hall;
    if (hall) {
      q = q.where(
        sql<boolean>`((e.unit_type = 'hall' and e.unit_id = ${hall.hallId}) or (e.target_type = 'application' and e.target_id in ${hall.casesAtHall}))`,
      );
    }
    return q;
  }
}
