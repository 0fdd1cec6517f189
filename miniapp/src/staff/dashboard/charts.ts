import { Axis, Chart, Interval, jsx, Legend, Line, Point } from '@antv/f2';
import type { StatsOverview } from '@haizhu/shared-types';
import type { ChartSpec } from './F2Chart';

/*
 * The dashboard's three charts as F2 element trees, built with F2's own `jsx` (its elements are
 * not React's, so no JSX syntax here). Colours match the app's palette.
 */

type Series = StatsOverview['series'];

/**
 * F2's `jsx`, typed loosely: its declared ElementType is what its JSX transform checks, and its
 * generic chart classes (Chart<TRecord>, Axis<TRecord>) don't match it outside that transform.
 */
const el = jsx as unknown as (type: unknown, props: Record<string, unknown>, ...children: unknown[]) => ChartSpec;

const PRIMARY = '#0b5ed7';
const SECONDARY = '#f39c12';
const LEVEL_COLORS = ['#1b7f3b', '#4caf50', '#8bc34a', '#ef8a3c', '#c62828'];
const AXIS_LABEL = { fontSize: 12, fill: '#4e5969' };

/** A count axis from 0 in four whole steps (no 0.4 of a case): its top, a multiple of 4. */
const countScale = (largest: number) => ({ min: 0, max: Math.max(4, Math.ceil(largest / 4) * 4), tickCount: 5 });

/** 11-05 for 2026-11-05: a day on a narrow axis. */
const shortDay = (date: string) => date.slice(5);

/** Stacked bars per day: cases submitted online, and tickets served at a hall window. */
export function applicationsChart(series: Series): ChartSpec {
  const data = series.applicationsByDay.flatMap((d) => [
    { day: shortDay(d.date), kind: '网上申办', count: d.online },
    { day: shortDay(d.date), kind: '大厅办理', count: d.hall },
  ]);
  return el(
    Chart,
    { data, scale: { count: countScale(Math.max(0, ...series.applicationsByDay.map((d) => d.online + d.hall))), day: { tickCount: 5 } } },
    el(Axis, { field: 'day', style: { label: AXIS_LABEL } }),
    el(Axis, { field: 'count', style: { label: AXIS_LABEL } }),
    el(Interval, { x: 'day', y: 'count', color: { field: 'kind', range: [PRIMARY, SECONDARY] }, adjust: 'stack' }),
    el(Legend, { position: 'top', style: { justifyContent: 'flex-start' }, nameStyle: AXIS_LABEL }),
  );
}

/** Ratings per level, 非常满意 to 非常不满意. */
export function satisfactionChart(series: Series): ChartSpec {
  const data = series.satisfactionByLevel.map((l) => ({ name: l.name, count: l.count }));
  return el(
    Chart,
    { data, scale: { count: countScale(Math.max(0, ...data.map((d) => d.count))) } },
    el(Axis, { field: 'name', style: { label: AXIS_LABEL } }),
    el(Axis, { field: 'count', style: { label: AXIS_LABEL } }),
    el(Interval, { x: 'name', y: 'count', color: { field: 'name', range: LEVEL_COLORS } }),
  );
}

/** Average and 90th-percentile waits per day (days without called tickets left out). */
export function waitsChart(series: Series): ChartSpec {
  const data = series.waitsByDay.flatMap((d) =>
    d.averageMinutes === null
      ? []
      : [
          { day: shortDay(d.date), kind: '平均', minutes: d.averageMinutes },
          { day: shortDay(d.date), kind: 'P90', minutes: d.p90Minutes ?? d.averageMinutes },
        ],
  );
  return el(
    Chart,
    { data, scale: { minutes: { min: 0, nice: true, tickCount: 4 }, day: { tickCount: 5 } } },
    el(Axis, { field: 'day', style: { label: AXIS_LABEL } }),
    el(Axis, { field: 'minutes', style: { label: AXIS_LABEL } }),
    el(Line, { x: 'day', y: 'minutes', color: { field: 'kind', range: [PRIMARY, SECONDARY] } }),
    el(Point, { x: 'day', y: 'minutes', color: { field: 'kind', range: [PRIMARY, SECONDARY] } }),
    el(Legend, { position: 'top', style: { justifyContent: 'flex-start' }, nameStyle: AXIS_LABEL }),
  );
}

/** Whether a series has anything to draw. */
export const hasApplications = (s: Series) => s.applicationsByDay.some((d) => d.online > 0 || d.hall > 0);
export const hasRatings = (s: Series) => s.satisfactionByLevel.some((l) => l.count > 0);
export const hasWaits = (s: Series) => s.waitsByDay.some((d) => d.averageMinutes !== null);
