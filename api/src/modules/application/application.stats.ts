import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { ApplicationStatus } from '@haizhu/shared-types';
import { type Expression, type SelectQueryBuilder, sql } from 'kysely';
import { Platform } from '../../common/platform';
import type { DB } from '../../db/schema';

/** The cases counted: a range of instants (Beijing days, end exclusive), and optionally one hall or department. */
export interface CaseStatsFilter {
  since: Date;
  until: Date;
  hallId?: string;
  departmentCode?: string;
}

/**
 * Select queries other contexts own, spliced into one aggregate (Kysely parenthesises an embedded
 * select) so that no case is read row by row and no table of theirs is named here.
 */
export interface VisitFacts {
  /** `application_id` of cases whose paper originals a courier collected (courier context) */
  originalsCollected: Expression<{ application_id: string }>;
  /** `item_code, version, material_code, required, when_options` of materials asked for as paper originals (catalog context) */
  paperOriginals: Expression<{ item_code: string; version: number; material_code: string; required: boolean; when_options: string[] }>;
}

const DAY = sql<string>`to_char(t.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;

/**
 * Aggregates over cases for the stats context: each method is one SQL statement that counts, so
 * the figures cost the same whatever the number of cases. Read-only; no rules of the case here.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class ApplicationStats {
  @Inject()
  platform!: Platform;

  /** Cases first submitted in the range, per Beijing day (a resubmission after 补正 is not a new case). */
  async submittedByDay(f: CaseStatsFilter): Promise<{ date: string; count: number }[]> {
    const rows = await this.timeline(f, ['submitted'])
      .select([DAY.as('date'), sql<number>`count(*)::int`.as('count')])
      .groupBy(DAY)
      .orderBy(DAY)
      .execute();
    return rows;
  }

  /**
   * Cases closed (办结) in the range and how many hall visits they took: one to hand in paper
   * originals — when an applicable original was not replaced by an e-licence and no courier
   * collected it — and one to collect the result at a window.
   */
  async finishedVisits(f: CaseStatsFilter, facts: VisitFacts): Promise<{ finished: number; zeroVisits: number; atMostOneVisit: number }> {
    const originalsInPerson = sql<boolean>`(
      a.id not in ${facts.originalsCollected}
      and exists (
        select 1 from ${facts.paperOriginals} m
        where m.item_code = a.item_code and m.version = a.item_version
          and (cardinality(m.when_options) = 0 or m.when_options && array(select s.value from jsonb_each_text(a.situation) s))
          and not exists (select 1 from application_materials p where p.application_id = a.id and p.material_code = m.material_code and p.source = 'e_licence')
          and (m.required or exists (select 1 from application_materials p where p.application_id = a.id and p.material_code = m.material_code))
      ))`;
    const visits = sql<number>`((case when ${originalsInPerson} then 1 else 0 end) + (case when a.result -> 'delivery' ->> 'method' = 'window' then 1 else 0 end))`;
    const row = await this.platform.db
      .selectFrom(this.timeline(f, ['completed']).select(visits.as('visits')).as('c'))
      .select([
        sql<number>`count(*)::int`.as('finished'),
        sql<number>`(count(*) filter (where c.visits = 0))::int`.as('zeroVisits'),
        sql<number>`(count(*) filter (where c.visits <= 1))::int`.as('atMostOneVisit'),
      ])
      .executeTakeFirstOrThrow();
    return row;
  }

  /** Cases accepted (受理) in the range, per item version: the promises they carry are the catalogue's. */
  async acceptedByItem(f: CaseStatsFilter & { fromDate: string; toDate: string }): Promise<{ itemCode: string; version: number; count: number }[]> {
    let q = this.platform.db
      .selectFrom('applications as a')
      .select(['a.item_code as itemCode', 'a.item_version as version', sql<number>`count(*)::int`.as('count')])
      .where('a.accepted_on', '>=', f.fromDate)
      .where('a.accepted_on', '<=', f.toDate);
    if (f.hallId) q = q.where('a.hall_id', '=', f.hallId);
    if (f.departmentCode) q = q.where('a.department_code', '=', f.departmentCode);
    return q.groupBy(['a.item_code', 'a.item_version']).execute();
  }

  /** Cases decided (approved or denied) in the range, and those decided by their promised day. */
  async decidedOnTime(f: CaseStatsFilter): Promise<{ decided: number; onTime: number }> {
    return this.timeline(f, ['approved', 'denied'])
      .where('a.promised_due', 'is not', null)
      .select([sql<number>`count(*)::int`.as('decided'), sql<number>`(count(*) filter (where (t.at at time zone 'Asia/Shanghai')::date <= a.promised_due))::int`.as('onTime')])
      .executeTakeFirstOrThrow();
  }

  /** The ids of the cases a hall handles: for another context's aggregate (ratings of those cases). */
  casesAtHall(hallId: string): SelectQueryBuilder<DB, 'applications', { id: string }> {
    return this.platform.db.selectFrom('applications').select('id').where('hall_id', '=', hallId);
  }

  /**
   * The moments cases reached the given statuses in the range, with their case, filtered by hall and
   * department. Notes are written with the status of their time (a courier event while approved), so
   * only the first entry of a status is the transition; a later one (a resubmission) is not counted.
   */
  private timeline(f: CaseStatsFilter, statuses: ApplicationStatus[]) {
    let q = this.platform.db
      .selectFrom('application_timeline as t')
      .innerJoin('applications as a', 'a.id', 't.application_id')
      .where('t.status', 'in', statuses)
      .where('t.at', '>=', f.since)
      .where('t.at', '<', f.until)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('application_timeline as e').select('e.id').whereRef('e.application_id', '=', 't.application_id').whereRef('e.status', '=', 't.status').whereRef('e.id', '<', 't.id'))),
      );
    if (f.hallId) q = q.where('a.hall_id', '=', f.hallId);
    if (f.departmentCode) q = q.where('a.department_code', '=', f.departmentCode);
    return q;
  }
}
