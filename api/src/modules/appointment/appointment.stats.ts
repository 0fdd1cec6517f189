import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { sql } from 'kysely';
import { Platform } from '../../common/platform';

/** Beijing dates (inclusive), optionally one hall, and — for a department — the items that are its. */
export interface HallStatsFilter {
  fromDate: string;
  toDate: string;
  hallId?: string;
  /** only tickets and bookings for these items (a department's); an empty list matches nothing */
  itemCodes?: string[];
}

const WAIT_MINUTES = sql<number>`extract(epoch from (called_at - queued_at)) / 60.0`;

/**
 * Aggregates over the queue and bookings for the stats context, one SQL statement each. Read-only.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AppointmentStats {
  @Inject()
  platform!: Platform;

  /** Tickets served to the end at a window (办理完毕), per day: the business handled in the hall. */
  async servedByDay(f: HallStatsFilter): Promise<{ date: string; count: number }[]> {
    return this.tickets(f)
      .where('status', '=', 'done')
      .select(['date', sql<number>`count(*)::int`.as('count')])
      .groupBy('date')
      .orderBy('date')
      .execute();
  }

  /**
   * Waits from taking the number (check-in for a booking; the requeue after a missed call) to
   * being called, in minutes: average and 90th percentile per day and over the range (`date` null).
   */
  async waits(f: HallStatsFilter): Promise<{ date: string | null; tickets: number; average: number | null; p90: number | null }[]> {
    return this.tickets(f)
      .where('called_at', 'is not', null)
      .select([
        'date',
        sql<number>`count(*)::int`.as('tickets'),
        sql<number | null>`avg(${WAIT_MINUTES})::float`.as('average'),
        sql<number | null>`(percentile_cont(0.9) within group (order by ${WAIT_MINUTES}))::float`.as('p90'),
      ])
      .groupBy(sql`grouping sets ((date), ())`)
      .orderBy('date')
      .execute();
  }

  /** Bookings whose slot ended by `now`, cancelled ones left out, and how many of them were no-shows. */
  async noShows(f: HallStatsFilter, now: Date): Promise<{ ended: number; noShows: number }> {
    let q = this.platform.db
      .selectFrom('appointments as a')
      .innerJoin('slots as s', 's.id', 'a.slot_id')
      .where('a.date', '>=', f.fromDate)
      .where('a.date', '<=', f.toDate)
      .where('a.status', '!=', 'cancelled')
      .where('s.ends_at', '<=', now);
    if (f.hallId) q = q.where('a.hall_id', '=', f.hallId);
    if (f.itemCodes) q = f.itemCodes.length ? q.where('a.item_code', 'in', f.itemCodes) : q.where(sql<boolean>`false`);
    return q.select([sql<number>`count(*)::int`.as('ended'), sql<number>`(count(*) filter (where a.status = 'no_show'))::int`.as('noShows')]).executeTakeFirstOrThrow();
  }

  private tickets(f: HallStatsFilter) {
    let q = this.platform.db.selectFrom('queue_tickets').where('date', '>=', f.fromDate).where('date', '<=', f.toDate);
    if (f.hallId) q = q.where('hall_id', '=', f.hallId);
    if (f.itemCodes) q = f.itemCodes.length ? q.where('item_code', 'in', f.itemCodes) : q.where(sql<boolean>`false`);
    return q;
  }
}
