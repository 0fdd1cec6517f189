import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { type ConsoleTicket, type Hall, type HallDisplay, type TicketView } from '@haizhu/shared-types';
import type { StaffActor } from '../../common/actor';
import { shanghaiDate, toShanghaiIso } from '../../common/clock';
import { AppError, notFound } from '../../common/errors';
import { newId } from '../../common/ids';
import { maskName } from '../../common/mask';
import { Platform } from '../../common/platform';
import { isWorkingDay } from '../../common/working-days';
import { type Db, inTransaction } from '../../db/database';
import { type AuditActor, AuditService } from '../audit';
import { CatalogService } from '../catalog';
import { IdentityService } from '../identity';
import { appointmentRepo, type TicketRow } from './appointment.repo';
import { canTransition, skipOutcome, TICKET_TRANSITIONS } from './appointment.state';
import { CalendarService } from './calendar.service';

/** Staff roles that work a window or the hall floor. */
export const QUEUE_ROLES = ['hall_window', 'hall_reception', 'hall_admin', 'district_admin'] as const;

/** How many places from the front a resident is told to come to the window (an event for notification). */
export const NEAR_FRONT = 3;

/** A ticket that came within NEAR_FRONT places of the window, as other contexts hear of it. */
export interface NearFrontTicket {
  ticketId: string;
  residentId: string | null;
  number: string;
  hallId: string;
  hallName: string;
  category: string;
  /** people still before it */
  ahead: number;
}
/** Hooks run inside the caller's transaction and must not reach for another connection (a rush would exhaust the pool). */
type NearFrontHook = (tx: Db, ticket: NearFrontTicket) => Promise<void>;

/** A booked visit served at a window (好差评: 一次一评 from here), as other contexts hear of it. */
export interface ServedAppointment {
  id: string;
  residentId: string;
  hallId: string;
  category: string;
  itemCode: string | null;
  /** the booked day, YYYY-MM-DD */
  date: string;
  servedAt: Date;
}
type ServedHook = (tx: Db, visit: ServedAppointment) => Promise<void>;

export interface TicketIssue {
  hallId: string;
  category: string;
  residentId: string | null;
  source: 'remote' | 'walk_in' | 'appointment';
  itemCode?: string | null;
  appointment?: { id: string; startsAt: Date; endsAt: Date };
}

/**
 * 取号 and 叫号: tickets per hall and category, called in order (appointment holders within their
 * slot first), with a live position and a wait predicted from measured service times and the
 * windows open now (《广州市政务服务条例》: waits predictable, progress shown).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class QueueService {
  @Inject()
  platform!: Platform;

  @Inject()
  audit!: AuditService;

  @Inject()
  catalog!: CatalogService;

  @Inject()
  calendar!: CalendarService;

  @Inject()
  identity!: IdentityService;

  /** Hooks other contexts add (notification: 排队叫号提醒), run inside the transaction that raised the event. */
  private readonly onNearFront: NearFrontHook[] = [];

  afterNearFront(hook: NearFrontHook): void {
    this.onNearFront.push(hook);
  }

  /** Run inside the transaction in which a booked visit becomes served (once per visit). */
  private readonly onServed: ServedHook[] = [];

  afterAppointmentServed(hook: ServedHook): void {
    this.onServed.push(hook);
  }

  /** A resident takes a number remotely, or reception issues one to a walk-in. */
  async take(issue: TicketIssue, actor: AuditActor): Promise<TicketView> {
    const hall = await this.hallServing(issue.hallId, issue.category);
    await this.assertOpen(hall);
    const id = await inTransaction(this.platform.db, (tx) => this.issue(tx, issue, actor, hall)).catch(async (err: unknown) => {
      if ((err as { code?: string }).code !== '23505') throw err;
      const open = issue.residentId ? (await this.mine(issue.residentId)).find((t) => t.hallId === issue.hallId && t.category === issue.category && ['waiting', 'called', 'serving'].includes(t.status)) : undefined;
      throw new AppError('ALREADY_QUEUED', open ? `您已在排队，号码 ${open.number}` : undefined, open ? { ticketId: open.id } : undefined);
    });
    return this.view(id);
  }

  /** Reception gives a walk-in a number at their own hall. */
  async walkIn(actor: StaffActor, hallId: string, category: string, itemCode?: string): Promise<TicketView> {
    this.assertHallStaff(actor, hallId);
    return this.take({ hallId, category, residentId: null, source: 'walk_in', itemCode }, { type: 'staff', id: actor.staffId, role: actor.roles[0] ?? 'hall_reception', unit: actor.hallId });
  }

  /** Issues a ticket inside the caller's transaction (check-in uses it too). */
  async issue(tx: Db, issue: TicketIssue, actor: AuditActor, hall?: Hall): Promise<string> {
    const h = hall ?? (await this.hallServing(issue.hallId, issue.category));
    const now = this.platform.clock.now();
    const date = shanghaiDate(now);
    const seq = await appointmentRepo.nextNumber(tx, issue.hallId, issue.category, date);
    const id = newId('tkt');
    await appointmentRepo.insertTicket(tx, {
      id,
      hall_id: issue.hallId,
      category: issue.category,
      date,
      number: `${prefixOf(h, issue.category)}${String(seq).padStart(3, '0')}`,
      resident_id: issue.residentId,
      appointment_id: issue.appointment?.id ?? null,
      slot_starts_at: issue.appointment?.startsAt ?? null,
      slot_ends_at: issue.appointment?.endsAt ?? null,
      item_code: issue.itemCode ?? null,
      source: issue.source,
      status: 'waiting',
      queued_at: now,
    });
    await this.audit.append(tx, {
      actor,
      action: 'queue.ticket_issued',
      subjectType: 'queue_ticket',
      subjectId: id,
      residentId: issue.residentId,
      data: { hallId: issue.hallId, category: issue.category, source: issue.source },
    });
    await this.raiseNearFront(tx, h, date, issue.category);
    return id;
  }

  /** The resident's tickets today, newest first, with live positions. */
  async mine(residentId: string): Promise<TicketView[]> {
    const rows = await appointmentRepo.ticketsOfResident(this.platform.db, residentId, shanghaiDate(this.platform.clock.now()));
    return Promise.all(rows.map((r) => this.viewOf(r)));
  }

  /** The ticket with its live position; only its owner (or anyone, for an anonymous walk-in ticket). */
  async residentView(residentId: string | null, id: string): Promise<TicketView> {
    const t = await appointmentRepo.ticket(this.platform.db, id);
    if (!t || (t.resident_id !== null && t.resident_id !== residentId)) throw notFound();
    return this.view(id);
  }

  async view(id: string): Promise<TicketView> {
    const t = await appointmentRepo.ticket(this.platform.db, id);
    if (!t) throw notFound();
    return this.viewOf(t);
  }

  private async viewOf(t: TicketRow): Promise<TicketView> {
    const hall = await this.catalog.hall(t.hall_id);
    const { ahead, etaMinutes } = t.status === 'waiting' ? await this.position(t) : { ahead: 0, etaMinutes: 0 };
    return {
      id: t.id,
      number: t.number,
      status: t.status,
      hallId: t.hall_id,
      hallName: hall.name,
      category: t.category,
      categoryName: hall.categories.find((c) => c.code === t.category)?.name ?? t.category,
      source: t.source,
      ahead,
      etaMinutes,
      window: t.window_code,
      windowName: t.window_code ? (hall.windows.find((w) => w.code === t.window_code)?.name ?? t.window_code) : null,
      calledAt: t.called_at ? toShanghaiIso(t.called_at) : null,
      queuedAt: toShanghaiIso(t.queued_at),
    };
  }

  /** People before this ticket, and the predicted wait from measured service times and open windows. */
  async position(t: TicketRow): Promise<{ ahead: number; etaMinutes: number }> {
    const db = this.platform.db;
    const now = this.platform.clock.now();
    const line = await appointmentRepo.waitingLine(db, t.hall_id, t.date, [t.category], now, this.earlyEdge(now));
    const ahead = Math.max(0, line.findIndex((x) => x.id === t.id));
    const since30d = new Date(now.getTime() - 30 * 86400_000);
    const measured = await appointmentRepo.averageServiceMinutes(db, t.hall_id, t.category, since30d);
    const perPerson = measured ?? this.platform.config.queue.defaultServiceMinutes;
    const windows = Math.max(1, await appointmentRepo.activeWindows(db, t.hall_id, t.category, new Date(now.getTime() - 30 * 60_000)));
    return { ahead, etaMinutes: Math.ceil(((ahead + 1) * perPerson) / windows) };
  }

  /** A window calls the next person (204 in the controller when nobody waits). */
  async callNext(actor: StaffActor, windowId: string, categories?: string[]): Promise<ConsoleTicket | null> {
    const { hallId, windowCode } = parseWindowId(windowId);
    this.assertHallStaff(actor, hallId);
    const hall = await this.catalog.hall(hallId);
    if (!hall.windows.some((w) => w.code === windowCode)) throw notFound();
    const served = categories?.length ? categories : hall.categories.map((c) => c.code);
    const now = this.platform.clock.now();
    const date = shanghaiDate(now);
    const id = await inTransaction(this.platform.db, async (tx) => {
      const next = await appointmentRepo.nextWaitingForUpdate(tx, hallId, date, served, now, this.earlyEdge(now));
      if (!next) return null;
      await appointmentRepo.updateTicket(tx, next.id, { status: 'called', window_code: windowCode, called_at: now });
      await this.audit.append(tx, this.staffEntry(actor, next, 'queue.ticket_called', { window: windowCode }));
      await appointmentRepo.insertEvent(tx, 'queue.ticket_called', next.id, next.resident_id, { number: next.number, window: windowCode, hallId });
      await this.raiseNearFront(tx, hall, date, next.category);
      return next.id;
    });
    return id ? this.consoleView((await appointmentRepo.ticket(this.platform.db, id)) as TicketRow, hall) : null;
  }

  /** recall / skip / serve / done on a called or serving ticket. */
  async act(actor: StaffActor | null, ticketId: string, action: 'recall' | 'skip' | 'serve' | 'done'): Promise<ConsoleTicket> {
    const now = this.platform.clock.now();
    const hallId = await inTransaction(this.platform.db, async (tx) => {
      const t = await appointmentRepo.ticketForUpdate(tx, ticketId);
      if (!t) throw notFound();
      if (actor) this.assertHallStaff(actor, t.hall_id);
      const event = action === 'skip' ? skipOutcome(t.skip_count) : action;
      if (!canTransition(TICKET_TRANSITIONS, event, t.status)) throw new AppError('INVALID_STATE', `号码 ${t.number} 当前状态不能${ACTION_NAMES[action]}`);
      if (event === 'recall') await appointmentRepo.updateTicket(tx, t.id, { called_at: now, recall_count: t.recall_count + 1 });
      if (event === 'requeue') await appointmentRepo.updateTicket(tx, t.id, { status: 'waiting', window_code: null, called_at: null, queued_at: now, skip_count: 1 });
      if (event === 'skip') await appointmentRepo.updateTicket(tx, t.id, { status: 'skipped', skip_count: t.skip_count + 1 });
      if (event === 'serve') await appointmentRepo.updateTicket(tx, t.id, { status: 'serving', serving_at: now });
      if (event === 'done') await appointmentRepo.updateTicket(tx, t.id, { status: 'done', done_at: now });
      if (t.appointment_id && (event === 'serve' || event === 'done')) {
        const served = await tx.updateTable('appointments').set({ status: 'served' }).where('id', '=', t.appointment_id).where('status', 'in', ['checked_in', 'called']).returningAll().executeTakeFirst();
        if (served) for (const hook of this.onServed) await hook(tx, { id: served.id, residentId: served.resident_id, hallId: served.hall_id, category: served.category, itemCode: served.item_code, date: served.date, servedAt: now });
      }
      await this.audit.append(tx, actor ? this.staffEntry(actor, t, `queue.ticket_${event}`) : { actor: { type: 'system' }, action: `queue.ticket_${event}`, subjectType: 'queue_ticket', subjectId: t.id, residentId: t.resident_id });
      return t.hall_id;
    });
    return this.consoleView((await appointmentRepo.ticket(this.platform.db, ticketId)) as TicketRow, await this.catalog.hall(hallId));
  }

  /** Called tickets nobody answered within the timeout are skipped (requeued once). */
  async timeOutCalls(): Promise<number> {
    const cutoff = new Date(this.platform.clock.now().getTime() - this.platform.config.queue.callTimeoutMinutes * 60_000);
    const stale = await appointmentRepo.calledBefore(this.platform.db, cutoff);
    for (const t of stale) await this.act(null, t.id, 'skip').catch(() => undefined);
    return stale.length;
  }

  /** The window console's view of the hall today: names masked, items named. */
  async console(actor: StaffActor, hallId: string): Promise<ConsoleTicket[]> {
    this.assertHallStaff(actor, hallId);
    const hall = await this.catalog.hall(hallId);
    const rows = await appointmentRepo.ticketsOfHall(this.platform.db, hallId, shanghaiDate(this.platform.clock.now()), ['waiting', 'called', 'serving']);
    return Promise.all(rows.map((r) => this.consoleView(r, hall)));
  }

  /** The hall's big screen: numbers being called per window and how many wait. No names. */
  async display(hallId: string): Promise<HallDisplay> {
    const hall = await this.catalog.hall(hallId);
    const rows = await appointmentRepo.ticketsOfHall(this.platform.db, hallId, shanghaiDate(this.platform.clock.now()), ['waiting', 'called']);
    const calling = rows
      .filter((r) => r.status === 'called')
      .sort((a, b) => (b.called_at?.getTime() ?? 0) - (a.called_at?.getTime() ?? 0))
      .map((r) => ({
        number: r.number,
        window: r.window_code ?? '',
        windowName: hall.windows.find((w) => w.code === r.window_code)?.name ?? r.window_code ?? '',
        calledAt: toShanghaiIso(r.called_at as Date),
        recall: r.recall_count,
      }));
    const waiting = hall.categories.map((c) => ({ category: c.code, categoryName: c.name, count: rows.filter((r) => r.status === 'waiting' && r.category === c.code).length }));
    return { hallId, hallName: hall.name, calling, waiting };
  }

  private async consoleView(t: TicketRow, hall: Hall): Promise<ConsoleTicket> {
    const view = await this.viewOf(t);
    const who = t.resident_id ? await this.identity.identityOf(t.resident_id) : undefined;
    const item = t.item_code ? await this.catalog.getItem(t.item_code).catch(() => null) : null;
    return { ...view, hallName: hall.name, residentName: who?.name ? maskName(who.name) : null, itemName: item?.name ?? null };
  }

  /** Writes a `queue.ticket_near` event, once per ticket, for everyone now within NEAR_FRONT places. */
  private async raiseNearFront(tx: Db, hall: Hall, date: string, category: string): Promise<void> {
    const hallId = hall.id;
    const now = this.platform.clock.now();
    const line = await appointmentRepo.waitingLine(tx, hallId, date, [category], now, this.earlyEdge(now));
    for (const [ahead, t] of line.slice(0, NEAR_FRONT + 1).entries()) {
      if (t.near_notified_at) continue;
      await appointmentRepo.updateTicket(tx, t.id, { near_notified_at: now });
      await appointmentRepo.insertEvent(tx, 'queue.ticket_near', t.id, t.resident_id, { number: t.number, hallId, ahead });
      for (const hook of this.onNearFront) await hook(tx, { ticketId: t.id, residentId: t.resident_id, number: t.number, hallId, hallName: hall.name, category, ahead });
    }
  }

  private async hallServing(hallId: string, category: string): Promise<Hall> {
    const hall = await this.catalog.hall(hallId);
    if (!hall.categories.some((c) => c.code === category)) throw new AppError('CATEGORY_NOT_SERVED');
    return hall;
  }

  /** Numbers are given on working days (and 错时 weekends where offered) until the hall closes. */
  private async assertOpen(hall: Hall): Promise<void> {
    const now = this.platform.clock.now();
    const date = shanghaiDate(now);
    const hhmm = toShanghaiIso(now).slice(11, 16);
    const cal = await this.calendar.calendar();
    const working = isWorkingDay(cal, date);
    const ranges = working
      ? [...hall.hours.weekdays, ...(hall.extendedHours.delayed ? [hall.extendedHours.delayed] : [])]
      : cal.offDays.has(date)
        ? []
        : hall.extendedHours.weekend;
    const open = ranges.some((r) => hhmm >= subtractMinutes(r.start, 30) && hhmm < r.end);
    if (!open) throw new AppError('QUEUE_CLOSED', ranges.length ? `取号时间：${ranges.map((r) => `${r.start}-${r.end}`).join('、')}` : '今天大厅不开放，请在工作日前来');
  }

  /** An appointment ticket counts as "within its slot" from this much before the slot starts. */
  private earlyEdge(now: Date): Date {
    return new Date(now.getTime() + this.platform.config.booking.checkInEarlyMinutes * 60_000);
  }

  private assertHallStaff(actor: StaffActor, hallId: string): void {
    if (!actor.roles.some((r) => (QUEUE_ROLES as readonly string[]).includes(r))) throw new AppError('FORBIDDEN');
    if (!actor.roles.includes('district_admin') && actor.hallId !== hallId) throw notFound();
  }

  private staffEntry(actor: StaffActor, t: TicketRow, action: string, data: Record<string, unknown> = {}) {
    return {
      actor: { type: 'staff' as const, id: actor.staffId, role: actor.roles[0] ?? 'hall_window', unit: actor.hallId },
      action,
      subjectType: 'queue_ticket',
      subjectId: t.id,
      residentId: t.resident_id,
      data: { number: t.number, ...data },
    };
  }
}

const ACTION_NAMES = { recall: '重新叫号', skip: '过号', serve: '开始办理', done: '办结' } as const;

export function parseWindowId(windowId: string): { hallId: string; windowCode: string } {
  const dot = windowId.lastIndexOf('.');
  if (dot <= 0 || dot === windowId.length - 1) throw notFound();
  return { hallId: windowId.slice(0, dot), windowCode: windowId.slice(dot + 1) };
}

/** A letter per category in the hall's order: A for the first, B for the second … */
function prefixOf(hall: Hall, category: string): string {
  const i = hall.categories.findIndex((c) => c.code === category);
  return 'ABCDEFGHJKLMNPQRSTUVWXYZ'[Math.max(0, i)] as string;
}

function subtractMinutes(hhmm: string, minutes: number): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const total = Math.max(0, h * 60 + m - minutes);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
