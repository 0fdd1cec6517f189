import { z } from 'zod';
import { isoDate } from './common';

/*
 * Stats: the figures the district reports for a date range (Beijing dates), optionally for one
 * hall and/or one department — each with its numerator, denominator and a definition saying
 * exactly what is counted — and small series for the dashboard's charts.
 */

/** The longest range one overview covers. */
export const STATS_MAX_DAYS = 366;
/** The range an overview covers when none is given: the last 30 days up to today. */
export const STATS_DEFAULT_DAYS = 30;

export const statsQuery = z
  .object({
    /** first day counted (Beijing date); default: 29 days before `to` */
    from: isoDate.optional(),
    /** last day counted, inclusive (Beijing date); default: today */
    to: isoDate.optional(),
    /** only this hall: cases it handles, its queue and bookings, ratings of its services */
    hallId: z.string().trim().min(1, '请选择大厅').max(64, '大厅编号过长').optional(),
    /** only this department's items */
    departmentCode: z.string().trim().min(1, '请选择部门').max(64, '部门编码过长').optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' })
  .refine((q) => !q.from || !q.to || Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`) < STATS_MAX_DAYS * 86_400_000, {
    path: ['to'],
    message: `一次最多统计 ${STATS_MAX_DAYS} 天`,
  });
export type StatsQuery = z.infer<typeof statsQuery>;

export const STATS_FIGURE_KEYS = [
  'onlineRate',
  'zeroVisitRate',
  'atMostOneVisitRate',
  'speedUpRate',
  'onTimeRate',
  'satisfactionRate',
  'badRectifiedRate',
  'averageWaitMinutes',
  'p90WaitMinutes',
  'noShowRate',
] as const;
export type StatsFigureKey = (typeof STATS_FIGURE_KEYS)[number];

export const statsFigure = z.object({
  key: z.enum(STATS_FIGURE_KEYS),
  /** the figure's Chinese name, e.g. 网上办理率 */
  name: z.string(),
  /** null when there is nothing to count in the range (no data, not zero) */
  value: z.number().nullable(),
  unit: z.enum(['%', '分钟']),
  /** what the value is made of: e.g. 12 of 20 cases; for waits only the number of tickets */
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  /** the unit of numerator and denominator: 件, 个号, 条, 个预约, 个工作日 */
  countUnit: z.string(),
  /** one or two sentences: exactly what is counted */
  definition: z.string(),
});
export type StatsFigure = z.infer<typeof statsFigure>;

export const statsOverview = z.object({
  from: z.string(),
  to: z.string(),
  /** the hall and department the figures are for (null: the whole district), and which of them the caller's role fixes */
  scope: z.object({
    hallId: z.string().nullable(),
    hallName: z.string().nullable(),
    departmentCode: z.string().nullable(),
    departmentName: z.string().nullable(),
    fixed: z.array(z.enum(['hall', 'department'])),
  }),
  figures: z.array(statsFigure),
  series: z.object({
    /** every day of the range: cases first submitted online, and tickets served to the end at a hall window */
    applicationsByDay: z.array(z.object({ date: z.string(), online: z.number().int(), hall: z.number().int() })),
    /** counted ratings of the range per level, 5 (非常满意) to 1 (非常不满意) */
    satisfactionByLevel: z.array(z.object({ level: z.number().int().min(1).max(5), name: z.string(), count: z.number().int() })),
    /** every day of the range: waits of the tickets called (null on days without any) */
    waitsByDay: z.array(z.object({ date: z.string(), averageMinutes: z.number().nullable(), p90Minutes: z.number().nullable(), tickets: z.number().int() })),
  }),
  generatedAt: z.string(),
});
export type StatsOverview = z.infer<typeof statsOverview>;
