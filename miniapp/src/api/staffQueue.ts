import { consoleTicket, ticketView, type ConsoleTicket, type ScheduleBody, type TicketView } from '@haizhu/shared-types';
import { z } from 'zod';
import { apiRequest } from './client';

/* The hall floor for staff: window console, reception 取号, check-in by code, schedules. */

export type TicketAction = 'recall' | 'skip' | 'serve' | 'done';

const consoleList = z.object({ items: z.array(consoleTicket) });
const scheduleResult = z.object({ created: z.number(), skippedDays: z.array(z.string()) });
export type ScheduleResult = z.infer<typeof scheduleResult>;
const checkInResult = z.object({ ticket: ticketView });

/** Today's waiting, called and serving tickets at the hall: names masked, items named. */
export async function getHallQueue(hallId: string): Promise<ConsoleTicket[]> {
  const res = await apiRequest({ method: 'GET', path: `/api/v1/staff/halls/${encodeURIComponent(hallId)}/queue`, auth: 'staff', schema: consoleList });
  return res.items;
}

/** 叫下一位 at window `<hallId>.<windowCode>`; null (204) when nobody waits. */
export function callNext(hallId: string, windowCode: string, categories?: string[]): Promise<ConsoleTicket | null> {
  return apiRequest({
    method: 'POST',
    path: `/api/v1/staff/windows/${encodeURIComponent(`${hallId}.${windowCode}`)}/call-next`,
    auth: 'staff',
    body: categories?.length ? { categories } : {},
    schema: consoleTicket.nullable(),
  });
}

/** 重呼 / 过号 / 开始办理 / 办结. 409 INVALID_STATE when the ticket has moved on. */
export function actOnTicket(ticketId: string, action: TicketAction): Promise<ConsoleTicket> {
  return apiRequest({ method: 'POST', path: `/api/v1/staff/tickets/${encodeURIComponent(ticketId)}/${action}`, auth: 'staff', schema: consoleTicket });
}

/** 现场取号 for a walk-in at reception. */
export function issueWalkInTicket(hallId: string, category: string): Promise<TicketView> {
  return apiRequest({
    method: 'POST',
    path: `/api/v1/staff/halls/${encodeURIComponent(hallId)}/tickets`,
    auth: 'staff',
    body: { category },
    schema: ticketView,
    idempotent: true,
  });
}

/** 扫码签到: the appointment's code turns into a priority ticket. */
export async function checkInByCode(code: string): Promise<TicketView> {
  const res = await apiRequest({ method: 'POST', path: '/api/v1/staff/appointments/check-in', auth: 'staff', body: { code }, schema: checkInResult });
  return res.ticket;
}

/** 按模板放号 (hall_admin for their hall, district_admin anywhere). */
export function openSchedule(hallId: string, body: ScheduleBody): Promise<ScheduleResult> {
  return apiRequest({
    method: 'POST',
    path: `/api/v1/staff/halls/${encodeURIComponent(hallId)}/schedules`,
    auth: 'staff',
    body,
    schema: scheduleResult,
    idempotent: true,
  });
}
