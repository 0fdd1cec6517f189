import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { CalendarDay } from '@haizhu/shared-types';
import type { StaffActor } from '../../common/actor';
import { shanghaiDate } from '../../common/clock';
import { validationError } from '../../common/errors';
import { Platform } from '../../common/platform';
import { addWorkingDays, datesBetween, dayKind, type HolidayCalendar, isWorkingDay } from '../../common/working-days';
import { type Db, inTransaction } from '../../db/database';
import { AuditService } from '../audit';

/** The official notices as published (../shared/data/holidays-cn.json, committed beside this file). */
/** Other processes see an admin's calendar edit within this long. */
const CACHE_MS = 10_000;

export const HOLIDAY_NOTICES = join(__dirname, '..', '..', '..', 'src', 'modules', 'appointment', 'seed', 'holidays-cn.json');

/**
 * The holiday calendar (放假与调休) every deadline counts with. It is a few dozen rows, read
 * whole on use, so an admin's edit is seen by every process at once.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class CalendarService {
  @Inject()
  platform!: Platform;

  @Inject()
  audit!: AuditService;

  /** Read often (every booking, every deadline), changed a few times a year: cached for seconds. */
  private cached: { at: number; cal: HolidayCalendar } | null = null;

  async calendar(db: Db = this.platform.db): Promise<HolidayCalendar> {
    if (db === this.platform.db && this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.cal;
    const rows = await db.selectFrom('calendar_days').select(['date', 'kind', 'name']).execute();
    const cal: HolidayCalendar = { offDays: new Map(), makeupWorkdays: new Map() };
    for (const r of rows) (r.kind === 'holiday' ? cal.offDays : cal.makeupWorkdays).set(r.date, r.name);
    if (db === this.platform.db) this.cached = { at: Date.now(), cal };
    return cal;
  }

  async days(from: string, to: string): Promise<CalendarDay[]> {
    if (datesBetween(from, to).length > 366) throw validationError({ to: '一次最多查询 366 天' });
    const cal = await this.calendar();
    return datesBetween(from, to).map((date) => {
      const kind = dayKind(cal, date);
      const name = cal.offDays.get(date) ?? cal.makeupWorkdays.get(date);
      return { date, working: isWorkingDay(cal, date), kind, ...(name ? { name } : {}) };
    });
  }

  async addWorkingDays(from: string, days: number): Promise<string> {
    return addWorkingDays(await this.calendar(), from, days);
  }

  today(): string {
    return shanghaiDate(this.platform.clock.now());
  }

  /** A district admin records a future notice's day (audited). Past days are history: refused. */
  async setDay(actor: StaffActor, date: string, kind: 'holiday' | 'makeup_workday', name: string): Promise<CalendarDay> {
    if (date <= this.today()) throw validationError({ date: '只能修改今天以后的日期' });
    await inTransaction(this.platform.db, async (tx) => {
      await tx
        .insertInto('calendar_days')
        .values({ date, kind, name, source: `staff:${actor.staffId}` })
        .onConflict((oc) => oc.column('date').doUpdateSet({ kind, name, source: `staff:${actor.staffId}`, updated_at: new Date() }))
        .execute();
      await this.audit.append(tx, {
        actor: { type: 'staff', id: actor.staffId, role: 'district_admin', unit: null },
        action: 'calendar.day_set',
        subjectType: 'calendar_day',
        subjectId: date,
        data: { kind, name },
      });
    });
    this.cached = null;
    return (await this.days(date, date))[0] as CalendarDay;
  }

  async clearDay(actor: StaffActor, date: string): Promise<CalendarDay> {
    if (date <= this.today()) throw validationError({ date: '只能修改今天以后的日期' });
    await inTransaction(this.platform.db, async (tx) => {
      await tx.deleteFrom('calendar_days').where('date', '=', date).execute();
      await this.audit.append(tx, {
        actor: { type: 'staff', id: actor.staffId, role: 'district_admin', unit: null },
        action: 'calendar.day_cleared',
        subjectType: 'calendar_day',
        subjectId: date,
      });
    });
    this.cached = null;
    return (await this.days(date, date))[0] as CalendarDay;
  }

  /** Loads the official notices; idempotent, and never overwrites an admin's later edit. */
  async loadNotices(file: string = HOLIDAY_NOTICES): Promise<number> {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { notice?: { doc_number?: string }; holidays?: { name: string; off_days: string[]; makeup_workdays: { date: string }[] }[] }>;
    const rows: { date: string; kind: 'holiday' | 'makeup_workday'; name: string; source: string }[] = [];
    for (const [year, y] of Object.entries(data)) {
      if (year.startsWith('_')) continue;
      const source = y.notice?.doc_number ?? `notice ${year}`;
      for (const h of y.holidays ?? []) {
        for (const date of h.off_days) rows.push({ date, kind: 'holiday', name: h.name, source });
        for (const m of h.makeup_workdays) rows.push({ date: m.date, kind: 'makeup_workday', name: h.name, source });
      }
    }
    if (rows.length) await this.platform.db.insertInto('calendar_days').values(rows).onConflict((oc) => oc.column('date').doNothing()).execute();
    this.cached = null;
    return rows.length;
  }
}
