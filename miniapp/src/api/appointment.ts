import {
  appointmentView,
  hallDate,
  pageOf,
  restrictionView,
  slotView,
  ticketView,
  type AppointmentView,
  type RestrictionView,
  type SlotView,
  type TicketView,
} from '@haizhu/shared-types';
import { z } from 'zod';
import { apiRequest } from './client';

/*
 * 预约: the date picker and slots are public; booking and everything about the resident's own
 * appointments needs the resident's token.
 */

export type HallDate = z.infer<typeof hallDate>;

const hallDates = z.object({ items: z.array(hallDate) });
const slotList = z.array(slotView);
const appointmentPage = pageOf(appointmentView);
const checkInResult = z.object({ ticket: ticketView });

function hallPath(hallId: string, rest: string): string {
  return `/api/v1/halls/${encodeURIComponent(hallId)}/${rest}`;
}

function appointmentPath(id: string, rest = ''): string {
  return `/api/v1/appointments/${encodeURIComponent(id)}${rest}`;
}

/** The date picker: each day's kind (holidays closed, 调休 working Saturdays) and places left. */
export async function getHallDates(hallId: string, category: string, days = 21): Promise<HallDate[]> {
  const res = await apiRequest({ method: 'GET', path: hallPath(hallId, 'dates'), auth: 'none', query: { category, days }, schema: hallDates });
  return res.items;
}

/** One day's slots with their remaining places (a bare array). */
export function getSlots(hallId: string, date: string, category: string): Promise<SlotView[]> {
  return apiRequest({ method: 'GET', path: hallPath(hallId, 'slots'), auth: 'none', query: { date, category }, schema: slotList });
}

/** 409 SLOT_FULL / ALREADY_BOOKED, 403 BOOKING_RESTRICTED (message names the end date), 422 SLOT_NOT_BOOKABLE. */
export function bookSlot(slotId: string, itemCode?: string | null): Promise<AppointmentView> {
  return apiRequest({
    method: 'POST',
    path: '/api/v1/appointments',
    auth: 'resident',
    body: itemCode ? { slotId, itemCode } : { slotId },
    schema: appointmentView,
    idempotent: true,
  });
}

/** The resident's appointments, newest first. */
export async function listAppointments(): Promise<AppointmentView[]> {
  const res = await apiRequest({ method: 'GET', path: '/api/v1/appointments', auth: 'resident', schema: appointmentPage });
  return res.items;
}

export function getAppointment(id: string): Promise<AppointmentView> {
  return apiRequest({ method: 'GET', path: appointmentPath(id), auth: 'resident', schema: appointmentView });
}

/** 422 TOO_LATE_TO_CANCEL (message names the cut-off), 409 INVALID_STATE. */
export function cancelAppointment(id: string): Promise<AppointmentView> {
  return apiRequest({ method: 'POST', path: appointmentPath(id, '/cancel'), auth: 'resident', schema: appointmentView });
}

/** 到厅签到: a ticket with appointment priority. 422 CHECK_IN_NOT_OPEN (message names the times). */
export async function checkInAppointment(id: string): Promise<TicketView> {
  const res = await apiRequest({ method: 'POST', path: appointmentPath(id, '/check-in'), auth: 'resident', schema: checkInResult });
  return res.ticket;
}

/** The no-show record and whether online booking is suspended now. */
export function getRestriction(): Promise<RestrictionView> {
  return apiRequest({ method: 'GET', path: '/api/v1/appointments/restriction', auth: 'resident', schema: restrictionView });
}
