import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import {
  EVALUATION_LEVEL_NAMES,
  type EvaluationLevel,
  STATS_DEFAULT_DAYS,
  STATS_MAX_DAYS,
  type StatsFigure,
  type StatsFigureKey,
  type StatsOverview,
  type StatsQuery,
} from '@haizhu/shared-types';
import type { StaffActor } from '../../common/actor';
import { shanghaiDate, toShanghaiIso } from '../../common/clock';
import { AppError, validationError } from '../../common/errors';
import { Platform } from '../../common/platform';
import { addDays, datesBetween } from '../../common/working-days';
import { ApplicationStats } from '../application';
import { AppointmentStats } from '../appointment';
import { CatalogService, CatalogStats } from '../catalog';
import { CourierStats } from '../courier';
import { EvaluationStats } from '../evaluation';
import { FIGURES } from './stats.figures';

/** Who sees figures: the district admin (any hall or department), a hall's admin (that hall), a department's reviewer (that department). */
export const STATS_ROLES = ['district_admin', 'hall_admin', 'dept_reviewer'] as const;

type StatsScope = StatsOverview['scope'];

/**
 * The figures the district reports, computed from the other contexts' data through their stats
 * sources: each source answers with one aggregate query; this service only divides, rounds and
 * names. A hall's admin sees only their hall, a department's reviewer only their department.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class StatsService {
  @Inject()
  platform!: Platform;

  @Inject()
  catalog!: CatalogService;

  @Inject()
  catalogStats!: CatalogStats;

  @Inject()
  applicationStats!: ApplicationStats;

  @Inject()
  appointmentStats!: AppointmentStats;

  @Inject()
  evaluationStats!: EvaluationStats;

  @Inject()
  courierStats!: CourierStats;

  /** The overview for a range (default: the last 30 days) within the caller's scope. */
  async overview(staff: StaffActor, query: StatsQuery): Promise<StatsOverview> {
    const now = this.platform.clock.now();
    const { from, to } = rangeOf(query, shanghaiDate(now));
    const scope = await this.scopeOf(staff, query);
    const hallId = scope.hallId ?? undefined;
    const departmentCode = scope.departmentCode ?? undefined;
    const since = beijingMidnight(from);
    const until = beijingMidnight(addDays(to, 1));

    const itemCodes = departmentCode ? await this.catalogStats.itemCodesOf(departmentCode) : undefined;
    const cases = { since, until, hallId, departmentCode };
    const hall = { fromDate: from, toDate: to, hallId, itemCodes };
    const ratings = { since, until, itemCodes, hall: hallId ? { hallId, casesAtHall: this.applicationStats.casesAtHall(hallId) } : undefined };

    const [submitted, served, visits, accepted, decided, levels, bad, waits, noShows] = await Promise.all([
      this.applicationStats.submittedByDay(cases),
      this.appointmentStats.servedByDay(hall),
      this.applicationStats.finishedVisits(cases, { originalsCollected: this.courierStats.originalsCollected(), paperOriginals: this.catalogStats.paperOriginals() }),
      this.applicationStats.acceptedByItem({ ...cases, fromDate: from, toDate: to }),
      this.applicationStats.decidedOnTime(cases),
      this.evaluationStats.byLevel(ratings),
      this.evaluationStats.badRectified(ratings),
      this.appointmentStats.waits(hall),
      this.appointmentStats.noShows(hall, now),
    ]);
    const limits = await this.catalogStats.limits(accepted.map((a) => ({ itemCode: a.itemCode, version: a.version })));

    const online = sum(submitted.map((s) => s.count));
    const handledInHall = sum(served.map((s) => s.count));
    let savedDays = 0;
    let legalDays = 0;
    for (const a of accepted) {
      const l = limits.find((x) => x.itemCode === a.itemCode && x.version === a.version);
      if (!l || l.legalDays === null || l.promisedDays === null || l.legalDays <= 0) continue;
      savedDays += a.count * (l.legalDays - l.promisedDays);
      legalDays += a.count * l.legalDays;
    }
    const rated = sum(levels.map((l) => l.count));
    const satisfied = sum(levels.filter((l) => l.level >= 3).map((l) => l.count));
    const overall = waits.find((w) => w.date === null);

    const figures: StatsFigure[] = [
      ratio('onlineRate', online, online + handledInHall),
      ratio('zeroVisitRate', visits.zeroVisits, visits.finished),
      ratio('atMostOneVisitRate', visits.atMostOneVisit, visits.finished),
      ratio('speedUpRate', savedDays, legalDays),
      ratio('onTimeRate', decided.onTime, decided.decided),
      ratio('satisfactionRate', satisfied, rated),
      ratio('badRectifiedRate', bad.rectified, bad.bad),
      minutes('averageWaitMinutes', overall?.average ?? null, overall?.tickets ?? 0),
      minutes('p90WaitMinutes', overall?.p90 ?? null, overall?.tickets ?? 0),
      ratio('noShowRate', noShows.noShows, noShows.ended),
    ];

    const days = datesBetween(from, to);
    return {
      from,
      to,
      scope,
      figures,
      series: {
        applicationsByDay: days.map((date) => ({ date, online: submitted.find((s) => s.date === date)?.count ?? 0, hall: served.find((s) => s.date === date)?.count ?? 0 })),
        satisfactionByLevel: ([5, 4, 3, 2, 1] as EvaluationLevel[]).map((level) => ({ level, name: EVALUATION_LEVEL_NAMES[level], count: levels.find((l) => l.level === level)?.count ?? 0 })),
        waitsByDay: days.map((date) => {
          const w = waits.find((x) => x.date === date);
          return { date, averageMinutes: round1(w?.average ?? null), p90Minutes: round1(w?.p90 ?? null), tickets: w?.tickets ?? 0 };
        }),
      },
      generatedAt: toShanghaiIso(now),
    };
  }

  /** The hall and department the figures are for: the caller's own where their role fixes it. */
  private async scopeOf(staff: StaffActor, query: StatsQuery): Promise<StatsScope> {
    let hallId = query.hallId ?? null;
    let departmentCode = query.departmentCode ?? null;
    const fixed: StatsScope['fixed'] = [];
    if (!staff.roles.includes('district_admin')) {
      if (staff.roles.includes('hall_admin')) {
        if (!staff.hallId) throw new AppError('FORBIDDEN');
        if (hallId && hallId !== staff.hallId) throw new AppError('STATS_SCOPE_FORBIDDEN', '只能查看本大厅的统计数据');
        hallId = staff.hallId;
        fixed.push('hall');
      }
      if (staff.roles.includes('dept_reviewer')) {
        if (!staff.departmentCode) throw new AppError('FORBIDDEN');
        if (departmentCode && departmentCode !== staff.departmentCode) throw new AppError('STATS_SCOPE_FORBIDDEN', '只能查看本部门的统计数据');
        departmentCode = staff.departmentCode;
        fixed.push('department');
      }
    }
    const hall = hallId ? await this.catalog.hall(hallId).catch(unlessNotFound) : null;
    if (hallId && !hall) throw validationError({ hallId: '大厅不存在' });
    const department = departmentCode ? (await this.catalog.departments()).find((d) => d.code === departmentCode) : undefined;
    if (departmentCode && !department) throw validationError({ departmentCode: '部门不存在' });
    return { hallId, hallName: hall?.name ?? null, departmentCode, departmentName: department?.name ?? null, fixed };
  }
}

/** The range asked for, or its defaults: up to today, 30 days. */
function rangeOf(query: StatsQuery, today: string): { from: string; to: string } {
  const to = query.to ?? (query.from && query.from > today ? query.from : today);
  const from = query.from ?? addDays(to, -(STATS_DEFAULT_DAYS - 1));
  if (from > to) throw validationError({ to: '结束日期不能早于开始日期' });
  if (datesBetween(from, to).length > STATS_MAX_DAYS) throw validationError({ to: `一次最多统计 ${STATS_MAX_DAYS} 天` });
  return { from, to };
}

/** null for a hall that doesn't exist; any other failure stays one. */
function unlessNotFound(err: unknown): null {
  if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
  throw err;
}

/** 00:00 of a Beijing date, as an instant (China has no daylight saving). */
function beijingMidnight(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

function ratio(key: StatsFigureKey, numerator: number, denominator: number): StatsFigure {
  return { key, ...FIGURES[key], value: denominator > 0 ? round1((100 * numerator) / denominator) : null, numerator, denominator };
}

function minutes(key: StatsFigureKey, value: number | null, tickets: number): StatsFigure {
  return { key, ...FIGURES[key], value: round1(value), denominator: tickets };
}

function round1(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
