import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/database';
import type { AppointmentsTable, QueueTicketsTable, SlotsTable } from '../../db/schema';

export type SlotRow = Selectable<SlotsTable>;
export type AppointmentRow = Selectable<AppointmentsTable>;
export type TicketRow = Selectable<QueueTicketsTable>;

/** SQL for slots, appointments, tickets and the context's events. No rules here. */
export const appointmentRepo = {
  async insertSlots(db: Db, rows: Insertable<SlotsTable>[]): Promise<number> {
    if (!rows.length) return 0;
    const inserted = await db
      .insertInto('slots')
      .values(rows)
      .onConflict((oc) => oc.constraint('slots_unique_time').doNothing())
      .returning('id')
      .execute();
    return inserted.length;
  },

  slot(db: Db, id: string): Promise<SlotRow | undefined> {
    return db.selectFrom('slots').selectAll().where('id', '=', id).executeTakeFirst();
  },

  slotsOn(db: Db, hallId: string, date: string, category: string): Promise<SlotRow[]> {
    return db.selectFrom('slots').selectAll().where('hall_id', '=', hallId).where('date', '=', date).where('category', '=', category).orderBy('starts_at').execute();
  },

  remainingByDate(db: Db, hallId: string, category: string, from: string, to: string): Promise<{ date: string; remaining: number }[]> {
    return db
      .selectFrom('slots')
      .select(['date', sql<number>`sum(capacity - booked)::int`.as('remaining')])
      .where('hall_id', '=', hallId)
      .where('category', '=', category)
      .where('status', '=', 'open')
      .where('date', '>=', from)
      .where('date', '<=', to)
      .groupBy('date')
      .execute();
  },

  /** Takes one place if the slot still has room: the only way `booked` grows. */
  async takePlace(db: Db, slotId: string): Promise<boolean> {
    const row = await db
      .updateTable('slots')
      .set((eb) => ({ booked: eb('booked', '+', 1) }))
      .where('id', '=', slotId)
      .where('status', '=', 'open')
      .where(sql<boolean>`booked < capacity`)
      .returning('id')
      .executeTakeFirst();
    return !!row;
  },

  async releasePlace(db: Db, slotId: string): Promise<void> {
    await db.updateTable('slots').set((eb) => ({ booked: eb('booked', '-', 1) })).where('id', '=', slotId).where('booked', '>', 0).execute();
  },

  async insertAppointment(db: Db, row: Insertable<AppointmentsTable>): Promise<void> {
    await db.insertInto('appointments').values(row).execute();
  },

  appointmentForUpdate(db: Db, id: string): Promise<AppointmentRow | undefined> {
    return db.selectFrom('appointments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  appointmentByCodeForUpdate(db: Db, code: string): Promise<AppointmentRow | undefined> {
    return db.selectFrom('appointments').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
  },

  appointmentOf(db: Db, residentId: string, id: string): Promise<(AppointmentRow & { starts_at: Date; ends_at: Date; kind: string }) | undefined> {
    return db
      .selectFrom('appointments as a')
      .innerJoin('slots as s', 's.id', 'a.slot_id')
      .selectAll('a')
      .select(['s.starts_at', 's.ends_at', 's.kind'])
      .where('a.id', '=', id)
      .where('a.resident_id', '=', residentId)
      .executeTakeFirst();
  },

  appointmentsOf(db: Db, residentId: string, limit: number): Promise<(AppointmentRow & { starts_at: Date; ends_at: Date; kind: string })[]> {
    return db
      .selectFrom('appointments as a')
      .innerJoin('slots as s', 's.id', 'a.slot_id')
      .selectAll('a')
      .select(['s.starts_at', 's.ends_at', 's.kind'])
      .where('a.resident_id', '=', residentId)
      .orderBy('s.starts_at', 'desc')
      .limit(limit)
      .execute();
  },

  async setAppointmentStatus(db: Db, id: string, status: AppointmentsTable['status'], at: Date): Promise<void> {
    const stamp = status === 'cancelled' ? { cancelled_at: at } : status === 'checked_in' ? { checked_in_at: at } : status === 'no_show' ? { no_show_at: at } : {};
    await db.updateTable('appointments').set({ status, ...stamp }).where('id', '=', id).execute();
  },

  /** Bookings whose slot ended before `cutoff` without a check-in. */
  async markNoShows(db: Db, cutoff: Date, at: Date): Promise<{ id: string; resident_id: string }[]> {
    return db
      .updateTable('appointments as a')
      .from('slots as s')
      .set({ status: 'no_show', no_show_at: at })
      .whereRef('s.id', '=', 'a.slot_id')
      .where('a.status', '=', 'booked')
      .where('s.ends_at', '<', cutoff)
      .returning(['a.id', 'a.resident_id'])
      .execute();
  },

  bookedOn(db: Db, date: string) {
    return db
      .selectFrom('appointments')
      .innerJoin('slots', 'slots.id', 'appointments.slot_id')
      .select(['appointments.id', 'appointments.resident_id', 'appointments.hall_id', 'appointments.category', 'appointments.item_code', 'slots.starts_at', 'slots.ends_at'])
      .where('appointments.date', '=', date)
      .where('appointments.status', '=', 'booked')
      .orderBy('appointments.id')
      .execute();
  },

  noShowsSince(db: Db, residentId: string, since: string): Promise<{ date: string; hall_id: string }[]> {
    return db
      .selectFrom('appointments')
      .select(['date', 'hall_id'])
      .where('resident_id', '=', residentId)
      .where('status', '=', 'no_show')
      .where('date', '>=', since)
      .orderBy('date', 'desc')
      .execute();
  },

  async nextNumber(db: Db, hallId: string, category: string, date: string): Promise<number> {
    const row = await db
      .insertInto('queue_counters')
      .values({ hall_id: hallId, category, date, last: 1 })
      .onConflict((oc) => oc.columns(['hall_id', 'category', 'date']).doUpdateSet({ last: sql`queue_counters.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow();
    return row.last;
  },

  async insertTicket(db: Db, row: Insertable<QueueTicketsTable>): Promise<void> {
    await db.insertInto('queue_tickets').values(row).execute();
  },

  ticket(db: Db, id: string): Promise<TicketRow | undefined> {
    return db.selectFrom('queue_tickets').selectAll().where('id', '=', id).executeTakeFirst();
  },

  ticketForUpdate(db: Db, id: string): Promise<TicketRow | undefined> {
    return db.selectFrom('queue_tickets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  ticketsOfResident(db: Db, residentId: string, date: string): Promise<TicketRow[]> {
    return db.selectFrom('queue_tickets').selectAll().where('resident_id', '=', residentId).where('date', '=', date).orderBy('queued_at', 'desc').execute();
  },

  ticketOfAppointment(db: Db, appointmentId: string): Promise<TicketRow | undefined> {
    return db.selectFrom('queue_tickets').selectAll().where('appointment_id', '=', appointmentId).executeTakeFirst();
  },

  /**
   * The waiting line of a hall's categories, in calling order: appointment holders within their
   * slot (from `early` before it starts) first, then by when they joined the line.
   */
  waitingLine(db: Db, hallId: string, date: string, categories: string[], now: Date, early: Date): Promise<TicketRow[]> {
    return db
      .selectFrom('queue_tickets')
      .selectAll()
      .where('hall_id', '=', hallId)
      .where('date', '=', date)
      .where('status', '=', 'waiting')
      .where('category', 'in', categories.length ? categories : [''])
      .orderBy(sql`case when appointment_id is not null and slot_starts_at <= ${early} and slot_ends_at >= ${now} then 0 else 1 end`)
      .orderBy('queued_at')
      .orderBy('id')
      .execute();
  },

  /** The first ticket in calling order, locked so two windows never call the same person. */
  nextWaitingForUpdate(db: Db, hallId: string, date: string, categories: string[], now: Date, early: Date): Promise<TicketRow | undefined> {
    return db
      .selectFrom('queue_tickets')
      .selectAll()
      .where('hall_id', '=', hallId)
      .where('date', '=', date)
      .where('status', '=', 'waiting')
      .where('category', 'in', categories.length ? categories : [''])
      .orderBy(sql`case when appointment_id is not null and slot_starts_at <= ${early} and slot_ends_at >= ${now} then 0 else 1 end`)
      .orderBy('queued_at')
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
  },

  async updateTicket(db: Db, id: string, patch: Updateable<QueueTicketsTable>): Promise<void> {
    await db.updateTable('queue_tickets').set(patch).where('id', '=', id).execute();
  },

  ticketsOfHall(db: Db, hallId: string, date: string, statuses: TicketRow['status'][]): Promise<TicketRow[]> {
    return db.selectFrom('queue_tickets').selectAll().where('hall_id', '=', hallId).where('date', '=', date).where('status', 'in', statuses).orderBy('queued_at').execute();
  },

  calledBefore(db: Db, cutoff: Date): Promise<TicketRow[]> {
    return db.selectFrom('queue_tickets').selectAll().where('status', '=', 'called').where('called_at', '<', cutoff).execute();
  },

  /** Mean minutes from serving to done for a hall and category over the last 30 days. */
  async averageServiceMinutes(db: Db, hallId: string, category: string, since: Date): Promise<number | null> {
    const row = await db
      .selectFrom('queue_tickets')
      .select(sql<number | null>`avg(extract(epoch from done_at - serving_at) / 60.0)::float`.as('avg'))
      .where('hall_id', '=', hallId)
      .where('category', '=', category)
      .where('status', '=', 'done')
      .where('done_at', '>=', since)
      .executeTakeFirst();
    return row?.avg ?? null;
  },

  /** Windows that called this category lately: the ones open now. */
  async activeWindows(db: Db, hallId: string, category: string, since: Date): Promise<number> {
    const row = await db
      .selectFrom('queue_tickets')
      .select(sql<number>`count(distinct window_code)::int`.as('n'))
      .where('hall_id', '=', hallId)
      .where('category', '=', category)
      .where('called_at', '>=', since)
      .executeTakeFirst();
    return row?.n ?? 0;
  },

  async insertEvent(db: Db, type: string, subjectId: string, residentId: string | null, payload: Record<string, unknown>): Promise<void> {
    await db.insertInto('appointment_events').values({ type, subject_id: subjectId, resident_id: residentId, payload: JSON.stringify(payload) }).execute();
  },

  events(db: Db, subjectId: string): Promise<{ type: string; payload: unknown }[]> {
    return db.selectFrom('appointment_events').select(['type', 'payload']).where('subject_id', '=', subjectId).orderBy('id').execute();
  },
};
