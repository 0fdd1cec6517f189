import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, addWorkingDays, dayKind, type HolidayCalendar, isWorkingDay, workingDaysBetween } from './working-days';

/** The real 2024–2026 calendars from the committed seed (copied from shared/data/holidays-cn.json). */
function realCalendar(): HolidayCalendar {
  const data = JSON.parse(readFileSync(join(__dirname, '..', 'modules', 'appointment', 'seed', 'holidays-cn.json'), 'utf8')) as Record<
    string,
    { holidays?: { name: string; off_days: string[]; makeup_workdays: { date: string }[] }[] }
  >;
  const cal: HolidayCalendar = { offDays: new Map(), makeupWorkdays: new Map() };
  for (const [year, y] of Object.entries(data)) {
    if (year.startsWith('_')) continue;
    for (const h of y.holidays ?? []) {
      h.off_days.forEach((d) => cal.offDays.set(d, h.name));
      h.makeup_workdays.forEach((m) => cal.makeupWorkdays.set(m.date, h.name));
    }
  }
  return cal;
}

const cal = realCalendar();
const date = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2026, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));

describe('working days on the official calendars', () => {
  it('knows holidays, weekends and 调休 makeup working days', () => {
    expect(dayKind(cal, '2024-10-01')).toBe('holiday');
    expect(dayKind(cal, '2024-10-12')).toBe('makeup_workday');
    expect(isWorkingDay(cal, '2024-10-12')).toBe(true);
    expect(dayKind(cal, '2024-10-13')).toBe('weekend');
    expect(dayKind(cal, '2024-10-08')).toBe('workday');
    expect(isWorkingDay(cal, '2024-02-18')).toBe(true); // 春节调休, a Sunday
  });

  it('adds working days across the National Day holiday', () => {
    // 2024-09-30 (Mon) + 1 working day: Oct 1-7 off, so Oct 8.
    expect(addWorkingDays(cal, '2024-09-30', 1)).toBe('2024-10-08');
    // From Friday 2024-09-27: Sun 9-29 is a makeup working day.
    expect(addWorkingDays(cal, '2024-09-27', 1)).toBe('2024-09-29');
    expect(addWorkingDays(cal, '2024-09-27', 2)).toBe('2024-09-30');
    // A 5-working-day promise accepted on 2025-09-30 (国庆中秋 Oct 1-8; Sep 28 & Oct 11 makeup).
    expect(addWorkingDays(cal, '2025-09-30', 5)).toBe('2025-10-14');
  });

  it('counts working days between two dates', () => {
    expect(workingDaysBetween(cal, '2024-09-30', '2024-10-08')).toBe(1);
    expect(workingDaysBetween(cal, '2024-10-08', '2024-09-30')).toBe(-1);
    expect(workingDaysBetween(cal, '2024-10-08', '2024-10-08')).toBe(0);
  });
});

describe('working-day properties', () => {
  it('lands on a working day, strictly after the start, exactly n working days later', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 60 }), (from, n) => {
        const due = addWorkingDays(cal, from, n);
        expect(isWorkingDay(cal, due)).toBe(true);
        expect(due > from).toBe(true);
        expect(workingDaysBetween(cal, from, due)).toBe(n);
      }),
    );
  });

  it('is monotonic and composes: (d + a) + b = d + (a + b)', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (from, a, b) => {
        expect(addWorkingDays(cal, addWorkingDays(cal, from, a), b)).toBe(addWorkingDays(cal, from, a + b));
        expect(addWorkingDays(cal, from, a) <= addWorkingDays(cal, from, a + 1)).toBe(true);
      }),
    );
  });

  it('never needs more than a fortnight of calendar days for one working day', () => {
    fc.assert(
      fc.property(date, (from) => {
        expect(addWorkingDays(cal, from, 1) <= addDays(from, 14)).toBe(true);
      }),
    );
  });

  it('adds 0 working days as "today, or the next working day"', () => {
    fc.assert(
      fc.property(date, (from) => {
        const d = addWorkingDays(cal, from, 0);
        expect(isWorkingDay(cal, d)).toBe(true);
        expect(isWorkingDay(cal, from) ? d === from : d > from).toBe(true);
      }),
    );
  });
});
