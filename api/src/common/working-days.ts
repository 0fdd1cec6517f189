/**
 * Working-day arithmetic over the official holiday calendar (国务院办公厅 notices): a day is a
 * working day when it is a weekday that isn't an off day, or a weekend day named a makeup working
 * day (调休上班). Every deadline in the system counts with these functions. Dates are
 * `YYYY-MM-DD` in Asia/Shanghai.
 */

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface HolidayCalendar {
  /** off days named by a notice (including weekend days inside a holiday) → holiday name */
  offDays: Map<string, string>;
  /** weekend days that are working days (调休) → the holiday they make up for */
  makeupWorkdays: Map<string, string>;
}

export const EMPTY_CALENDAR: HolidayCalendar = { offDays: new Map(), makeupWorkdays: new Map() };

const DAY_MS = 86_400_000;

export function parseDate(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a date: ${date}`);
  return ms;
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return formatDate(parseDate(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(date: string): number {
  return new Date(parseDate(date)).getUTCDay();
}

export function dayKind(cal: HolidayCalendar, date: string): DayKind {
  if (cal.makeupWorkdays.has(date)) return 'makeup_workday';
  if (cal.offDays.has(date)) return 'holiday';
  const wd = weekday(date);
  return wd === 0 || wd === 6 ? 'weekend' : 'workday';
}

export function isWorkingDay(cal: HolidayCalendar, date: string): boolean {
  const kind = dayKind(cal, date);
  return kind === 'workday' || kind === 'makeup_workday';
}

/**
 * The working day `days` working days after `from` (`from` itself not counted). With days = 0,
 * `from` itself when it is a working day, else the next one.
 */
export function addWorkingDays(cal: HolidayCalendar, from: string, days: number): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError('days must be a non-negative integer');
  let date = from;
  if (days === 0) {
    while (!isWorkingDay(cal, date)) date = addDays(date, 1);
    return date;
  }
  let left = days;
  while (left > 0) {
    date = addDays(date, 1);
    if (isWorkingDay(cal, date)) left -= 1;
  }
  return date;
}

/** Working days in (from, to]: how many working days pass from `from` until `to`; negative when `to` is earlier. */
export function workingDaysBetween(cal: HolidayCalendar, from: string, to: string): number {
  if (to < from) return -workingDaysBetween(cal, to, from);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(cal, d)) count += 1;
  return count;
}

/** Every date from `from` to `to` inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
