import { randomInt } from 'node:crypto';
import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { AppointmentView, Hall, RestrictionView, ScheduleBody, SlotView, TicketView } from '@haizhu/shared-types';
import type { StaffActor } from '../../common/actor';
import { toShanghaiIso } from '../../common/clock';
import { AppError, notFound } from '../../common/errors';
import { newId } from '../../common/ids';
import { Platform } from '../../common/platform';
import { addDays, datesBetween, dayKind, type HolidayCalendar, isWorkingDay, addWorkingDays } from '../../common/working-days';
import { type Db, inTransaction } from '../../db/database';
import { AuditService } from '../audit';
import { CatalogService } from '../catalog';
import { type AppointmentRow, appointmentRepo, type SlotRow } from './appointment.repo';
import { APPOINTMENT_TRANSITIONS, canTransition } from './appointment.state';
import { CalendarService } from './calendar.service';
import { QueueService } from './queue.service';

const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A booking as other contexts hear of it (notification: 预约成功, and the reminder the day before). */
export interface BookedAppointment {
  id: string;
  residentId: string;
  hallId: string;
  category: string;
  itemCode: string | null;
  /** what is booked, in words: the item, or else the hall's category */
  subject: string;
  hallName: string;
  startsAt: Date;
  endsAt: Date;
}
/** Hooks run inside the booking's transaction and must not reach for another connection: in a rush on one slot the pool would run dry. */
type BookedHook = (tx: Db, booked: BookedAppointment) => Promise<void>;
const DEFAULT_HOURS = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
];

/**
 * 预约: staff open slots from a template; residents book within the bookable window; the database
 * keeps every slot within its capacity; no-shows restrict booking for a while; check-in at the
 * hall turns a booking into a queue ticket with appointment priority.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AppointmentService {
  @Inject()
  platform!: Platform;

  @Inject()
  audit!: AuditService;

  @Inject()
  catalog!: CatalogService;

  @Inject()
  calendar!: CalendarService;

  @Inject()
  queue!: QueueService;

  /** Hooks other contexts add, run inside the booking's transaction. */
  private readonly onBooked: BookedHook[] = [];

  afterBooked(hook: BookedHook): void {
    this.onBooked.push(hook);
  }

  /**
   * Opens slots for a date range: working days (调休 Saturdays included, holidays skipped) in the
   * given hours, plus 延时 slots after hours and 错时 weekend slots where the hall offers them.
   * Slots that already exist are left alone; the result counts the new ones.
   */
  async openSchedule(actor: StaffActor, hallId: string, body: Required<Omit<ScheduleBody, 'hours'>> & { hours?: ScheduleBody['hours'] }): Promise<{ created: number; skippedDays: string[] }> {
    this.assertScheduler(actor, hallId);
    const hall = await this.catalog.hall(hallId);
    if (!hall.categories.some((c) => c.code === body.category)) throw new AppError('CATEGORY_NOT_SERVED');
    const days = datesBetween(body.from, body.to);
    if (days.length > 92) throw new AppError('VALIDATION_FAILED', undefined, { fields: { to: '一次最多排 92 天' } });
    const cal = await this.calendar.calendar();
    const rows: Parameters<typeof appointmentRepo.insertSlots>[1] = [];
    const skippedDays: string[] = [];
    for (const date of days) {
      const ranges = this.rangesFor(cal, hall, date, body);
      if (!ranges.length) skippedDays.push(date);
      for (const { start, end, kind } of ranges) {
        for (const [s, e] of splitRange(start, end, body.slotMinutes)) {
          rows.push({
            id: newId('slt'),
            hall_id: hallId,
            category: body.category,
            date,
            starts_at: at(date, s),
            ends_at: at(date, e),
            kind,
            capacity: body.capacity,
            created_by: actor.staffId,
          });
        }
      }
    }
    const created = await inTransaction(this.platform.db, async (tx) => {
      const n = await appointmentRepo.insertSlots(tx, rows);
      await this.audit.append(tx, {
        actor: staffActor(actor),
        action: 'schedule.opened',
        subjectType: 'hall',
        subjectId: hallId,
        data: { from: body.from, to: body.to, category: body.category, created: n },
      });
      return n;
    });
    return { created, skippedDays };
  }

  /** The day's slots with their remaining places. */
  async slots(hallId: string, date: string, category: string): Promise<SlotView[]> {
    await this.catalog.hall(hallId);
    const rows = await appointmentRepo.slotsOn(this.platform.db, hallId, date, category);
    const window = await this.bookableWindow();
    return rows.map((s) => this.slotView(s, window));
  }

  /** The date picker: each day's kind (holidays shown closed) and remaining places. */
  async dates(hallId: string, category: string, from: string | undefined, days: number) {
    await this.catalog.hall(hallId);
    const start = from ?? this.calendar.today();
    const end = addDays(start, days - 1);
    const [calendarDays, remaining, window] = await Promise.all([
      this.calendar.days(start, end),
      appointmentRepo.remainingByDate(this.platform.db, hallId, category, start, end),
      this.bookableWindow(),
    ]);
    return calendarDays.map((d) => {
      const left = remaining.find((r) => r.date === d.date)?.remaining ?? 0;
      return { ...d, remaining: left, bookable: left > 0 && d.kind !== 'holiday' && d.date >= window.first && d.date <= window.last };
    });
  }

  /** Books a place. The conditional update on the slot row is what makes overbooking impossible. */
  async book(residentId: string, slotId: string, itemCode?: string): Promise<AppointmentView> {
    await this.assertNotRestricted(residentId);
    const slot = await appointmentRepo.slot(this.platform.db, slotId);
    if (!slot) throw notFound();
    const window = await this.bookableWindow();
    // A full slot is SLOT_FULL (from the conditional update below), not "not bookable".
    if (!this.slotView({ ...slot, booked: 0 }, window).bookable) {
      throw new AppError('SLOT_NOT_BOOKABLE', slot.status === 'closed' ? '该时段已关闭' : `只能预约 ${window.first} 至 ${window.last} 的时段`);
    }
    const item = itemCode
      ? await this.catalog.getItem(itemCode).catch(() => {
          throw new AppError('VALIDATION_FAILED', undefined, { fields: { itemCode: '事项不存在' } });
        })
      : null;
    const hall = await this.catalog.hall(slot.hall_id);
    const id = newId('apt');
    const now = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      if (!(await appointmentRepo.takePlace(tx, slotId))) throw new AppError('SLOT_FULL');
      await appointmentRepo.insertAppointment(tx, {
        id,
        resident_id: residentId,
        slot_id: slotId,
        hall_id: slot.hall_id,
        category: slot.category,
        item_code: itemCode ?? null,
        date: slot.date,
        code: checkInCode(),
        status: 'booked',
        created_at: now,
      });
      await this.audit.append(tx, {
        actor: { type: 'resident', id: residentId },
        action: 'appointment.booked',
        subjectType: 'appointment',
        subjectId: id,
        residentId,
        data: { slotId, hallId: slot.hall_id, date: slot.date },
      });
      await appointmentRepo.insertEvent(tx, 'appointment.booked', id, residentId, { hallId: slot.hall_id, startsAt: toShanghaiIso(slot.starts_at) });
      const booked = { id, residentId, hallId: slot.hall_id, category: slot.category, itemCode: itemCode ?? null, subject: item?.name ?? categoryName(hall, slot.category), hallName: hall.name, startsAt: slot.starts_at, endsAt: slot.ends_at };
      for (const hook of this.onBooked) await hook(tx, booked);
    }).catch((err: unknown) => {
      if ((err as { code?: string; constraint?: string }).constraint === 'appointments_one_active_per_day') throw new AppError('ALREADY_BOOKED');
      throw err;
    });
    return this.view(residentId, id);
  }

  async list(residentId: string): Promise<AppointmentView[]> {
    const rows = await appointmentRepo.appointmentsOf(this.platform.db, residentId, 100);
    return Promise.all(rows.map((r) => this.toView(r, r)));
  }

  async view(residentId: string, id: string): Promise<AppointmentView> {
    const row = await appointmentRepo.appointmentOf(this.platform.db, residentId, id);
    if (!row) throw notFound();
    return this.toView(row, row);
  }

  /** Cancels until the cut-off before the slot starts; the place goes back to the slot. */
  async cancel(residentId: string, id: string): Promise<AppointmentView> {
    const now = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      const a = await appointmentRepo.appointmentForUpdate(tx, id);
      if (!a || a.resident_id !== residentId) throw notFound();
      if (!canTransition(APPOINTMENT_TRANSITIONS, 'cancel', a.status)) throw new AppError('INVALID_STATE', '该预约已不能取消');
      const slot = (await appointmentRepo.slot(tx, a.slot_id)) as SlotRow;
      if (now.getTime() > this.cancellableUntil(slot).getTime()) throw new AppError('TOO_LATE_TO_CANCEL', `开始前 ${this.platform.config.booking.cancelCutoffMinutes} 分钟内不能取消`);
      await appointmentRepo.setAppointmentStatus(tx, id, 'cancelled', now);
      await appointmentRepo.releasePlace(tx, a.slot_id);
      await this.audit.append(tx, { actor: { type: 'resident', id: residentId }, action: 'appointment.cancelled', subjectType: 'appointment', subjectId: id, residentId });
    });
    return this.view(residentId, id);
  }

  /** Bookings still standing for a day (the notification context reminds their residents the day before). */
  async bookedOn(date: string): Promise<BookedAppointment[]> {
    const rows = await appointmentRepo.bookedOn(this.platform.db, date);
    const halls = await this.catalog.halls();
    const items = new Map<string, string | null>();
    for (const code of new Set(rows.map((r) => r.item_code).filter((c): c is string => !!c))) items.set(code, (await this.catalog.getItem(code).catch(() => null))?.name ?? null);
    return rows.map((r) => {
      const hall = halls.find((h) => h.id === r.hall_id);
      return {
        id: r.id,
        residentId: r.resident_id,
        hallId: r.hall_id,
        category: r.category,
        itemCode: r.item_code,
        subject: (r.item_code ? items.get(r.item_code) : null) ?? (hall ? categoryName(hall, r.category) : r.category),
        hallName: hall?.name ?? r.hall_id,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
      };
    });
  }

  /** The resident's no-show record and whether booking is restricted now. */
  async restriction(residentId: string): Promise<RestrictionView> {
    const { noShowLimit, noShowWindowDays } = this.platform.config.booking;
    const { until, rows } = await this.noShowRecord(residentId);
    const halls = await this.catalog.halls();
    return {
      restricted: until !== null,
      until,
      noShows: rows.map((r) => ({ date: r.date, hallName: halls.find((h) => h.id === r.hall_id)?.name ?? r.hall_id })),
      limit: noShowLimit,
      windowDays: noShowWindowDays,
    };
  }

  /** No-shows within the window, newest first, and the restriction's end when there are enough of them. */
  private async noShowRecord(residentId: string): Promise<{ until: string | null; rows: { date: string; hall_id: string }[] }> {
    const { noShowLimit, noShowWindowDays, noShowRestrictionDays } = this.platform.config.booking;
    const today = this.calendar.today();
    const rows = await appointmentRepo.noShowsSince(this.platform.db, residentId, addDays(today, -noShowWindowDays));
    const end = rows.length >= noShowLimit ? addDays((rows[0] as { date: string }).date, noShowRestrictionDays) : null;
    return { until: end && end > today ? end : null, rows };
  }

  /** Marks bookings not checked in by the end of their slot (plus grace) as no-shows. */
  async markNoShows(): Promise<number> {
    const now = this.platform.clock.now();
    const cutoff = new Date(now.getTime() - this.platform.config.booking.noShowGraceMinutes * 60_000);
    return inTransaction(this.platform.db, async (tx) => {
      const marked = await appointmentRepo.markNoShows(tx, cutoff, now);
      for (const m of marked) {
        await this.audit.append(tx, { actor: { type: 'system' }, action: 'appointment.no_show', subjectType: 'appointment', subjectId: m.id, residentId: m.resident_id });
      }
      return marked.length;
    });
  }

  /** The resident scans the hall's QR (or taps 签到 at the hall): a ticket with appointment priority. */
  async checkIn(residentId: string, id: string): Promise<TicketView> {
    return this.checkInWhere(residentId, (tx) => appointmentRepo.appointmentForUpdate(tx, id), { type: 'resident', id: residentId });
  }

  /** The window scans the appointment's QR code. */
  async checkInByCode(actor: StaffActor, code: string): Promise<TicketView> {
    return this.checkInWhere(
      null,
      async (tx) => {
        const a = await appointmentRepo.appointmentByCodeForUpdate(tx, code.toUpperCase());
        if (a && !actor.roles.includes('district_admin') && actor.hallId !== a.hall_id) return undefined;
        return a;
      },
      staffActor(actor),
    );
  }

  private async checkInWhere(
    residentId: string | null,
    find: (tx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => Promise<AppointmentRow | undefined>,
    actor: Parameters<AuditService['append']>[1]['actor'],
  ): Promise<TicketView> {
    const now = this.platform.clock.now();
    const ticketId = await inTransaction(this.platform.db, async (tx) => {
      const a = await find(tx);
      if (!a || (residentId && a.resident_id !== residentId)) throw notFound();
      if (a.status === 'checked_in') {
        const existing = await appointmentRepo.ticketOfAppointment(tx, a.id);
        if (existing) return existing.id;
      }
      if (!canTransition(APPOINTMENT_TRANSITIONS, 'check_in', a.status)) throw new AppError('INVALID_STATE', '该预约不能签到');
      const slot = (await appointmentRepo.slot(tx, a.slot_id)) as SlotRow;
      const opens = new Date(slot.starts_at.getTime() - this.platform.config.booking.checkInEarlyMinutes * 60_000);
      if (now < opens || now > slot.ends_at) {
        throw new AppError('CHECK_IN_NOT_OPEN', `请在 ${toShanghaiIso(opens).slice(11, 16)} 至 ${toShanghaiIso(slot.ends_at).slice(11, 16)} 之间签到`);
      }
      await appointmentRepo.setAppointmentStatus(tx, a.id, 'checked_in', now);
      await this.audit.append(tx, { actor, action: 'appointment.checked_in', subjectType: 'appointment', subjectId: a.id, residentId: a.resident_id });
      return this.queue.issue(tx, {
        hallId: a.hall_id,
        category: a.category,
        residentId: a.resident_id,
        source: 'appointment',
        itemCode: a.item_code,
        appointment: { id: a.id, startsAt: slot.starts_at, endsAt: slot.ends_at },
      }, actor);
    });
    return this.queue.view(ticketId);
  }

  private async assertNotRestricted(residentId: string): Promise<void> {
    const { until, rows } = await this.noShowRecord(residentId);
    if (until) {
      const [y, m, d] = until.split('-');
      const days = this.platform.config.booking.noShowWindowDays;
      throw new AppError('BOOKING_RESTRICTED', `您${days}天内爽约${rows.length}次，${y}年${Number(m)}月${Number(d)}日前暂停网上预约，可直接到大厅取号办理`, { until });
    }
  }

  /** From tomorrow to N working days ahead (BOOKING_WINDOW_WORKING_DAYS). */
  private async bookableWindow(): Promise<{ first: string; last: string; cal: HolidayCalendar }> {
    const cal = await this.calendar.calendar();
    const today = this.calendar.today();
    return { first: addDays(today, 1), last: addWorkingDays(cal, today, this.platform.config.booking.windowWorkingDays), cal };
  }

  private slotView(s: SlotRow, window: { first: string; last: string; cal: HolidayCalendar }): SlotView {
    const remaining = s.capacity - s.booked;
    const openDay = s.kind === 'weekend' ? dayKind(window.cal, s.date) !== 'holiday' : isWorkingDay(window.cal, s.date);
    return {
      id: s.id,
      start: toShanghaiIso(s.starts_at),
      end: toShanghaiIso(s.ends_at),
      capacity: s.capacity,
      remaining,
      kind: s.kind,
      bookable: s.status === 'open' && remaining > 0 && openDay && s.date >= window.first && s.date <= window.last,
    };
  }

  private cancellableUntil(slot: SlotRow): Date {
    return new Date(slot.starts_at.getTime() - this.platform.config.booking.cancelCutoffMinutes * 60_000);
  }

  private async toView(a: AppointmentRow, slot: { starts_at: Date; ends_at: Date; kind: string }): Promise<AppointmentView> {
    const hall = await this.catalog.hall(a.hall_id);
    const item = a.item_code ? await this.catalog.getItem(a.item_code).catch(() => null) : null;
    const ticket = await appointmentRepo.ticketOfAppointment(this.platform.db, a.id);
    return {
      id: a.id,
      status: a.status,
      code: a.code,
      hallId: a.hall_id,
      hallName: hall.name,
      category: a.category,
      categoryName: hall.categories.find((c) => c.code === a.category)?.name ?? a.category,
      itemCode: a.item_code,
      itemName: item?.name ?? null,
      slot: { id: a.slot_id, date: a.date, start: toShanghaiIso(slot.starts_at), end: toShanghaiIso(slot.ends_at), kind: slot.kind },
      cancellableUntil: toShanghaiIso(new Date(slot.starts_at.getTime() - this.platform.config.booking.cancelCutoffMinutes * 60_000)),
      ticketId: ticket?.id ?? null,
      createdAt: toShanghaiIso(a.created_at),
    };
  }

  private rangesFor(cal: HolidayCalendar, hall: Hall, date: string, body: { hours?: ScheduleBody['hours']; includeDelayed: boolean; includeWeekend: boolean }) {
    const kind = dayKind(cal, date);
    const out: { start: string; end: string; kind: 'regular' | 'delayed' | 'weekend' }[] = [];
    if (kind === 'workday' || kind === 'makeup_workday') {
      for (const r of body.hours ?? (hall.hours.weekdays.length ? hall.hours.weekdays : DEFAULT_HOURS)) out.push({ ...r, kind: 'regular' });
      if (body.includeDelayed && hall.extendedHours.delayed) out.push({ ...hall.extendedHours.delayed, kind: 'delayed' });
    } else if (kind === 'weekend' && body.includeWeekend) {
      for (const r of hall.extendedHours.weekend) out.push({ ...r, kind: 'weekend' });
    }
    return out;
  }

  private assertScheduler(actor: StaffActor, hallId: string): void {
    const roles = actor.roles;
    if (roles.includes('district_admin')) return;
    if (!roles.includes('hall_admin')) throw new AppError('FORBIDDEN');
    if (actor.hallId !== hallId) throw notFound();
  }
}

function categoryName(hall: Hall, category: string): string {
  return hall.categories.find((c) => c.code === category)?.name ?? category;
}

function staffActor(actor: StaffActor) {
  return { type: 'staff' as const, id: actor.staffId, role: actor.roles[0] ?? 'hall_admin', unit: actor.hallId };
}

/** `HH:mm` ranges cut into slots of `minutes`; a short remainder is dropped. */
export function splitRange(start: string, end: string, minutes: number): [string, string][] {
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const fmt = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const out: [string, string][] = [];
  for (let m = toMin(start); m + minutes <= toMin(end); m += minutes) out.push([fmt(m), fmt(m + minutes)]);
  return out;
}

function at(date: string, hhmm: string): Date {
  return new Date(`${date}T${hhmm}:00+08:00`);
}

function checkInCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += CODE_CHARS[randomInt(CODE_CHARS.length)];
  return code;
}

