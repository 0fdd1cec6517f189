import { hallDisplay, ticketView, type HallDisplay, type TicketView } from '@haizhu/shared-types';
import { currentResidentToken } from '../store/session';
import { apiRequest } from './client';

/** 远程取号. 409 ALREADY_QUEUED, 422 QUEUE_CLOSED (message names the hours), 422 CATEGORY_NOT_SERVED. */
export function takeTicket(hallId: string, category: string, itemCode?: string | null): Promise<TicketView> {
  return apiRequest({
    method: 'POST',
    path: '/api/v1/queue/tickets',
    auth: 'resident',
    body: itemCode ? { hallId, category, itemCode } : { hallId, category },
    schema: ticketView,
    idempotent: true,
  });
}

/**
 * A ticket's live position. A resident's own ticket needs their token; a walk-in's paper ticket
 * (no owner) can be followed without logging in, so the token goes along only when there is one.
 */
export function getTicket(id: string): Promise<TicketView> {
  return apiRequest({
    method: 'GET',
    path: `/api/v1/queue/tickets/${encodeURIComponent(id)}`,
    auth: currentResidentToken() ? 'resident' : 'none',
    schema: ticketView,
  });
}

/** The hall's big screen: numbers being called and how many wait per category; never names. */
export function getHallDisplay(hallId: string): Promise<HallDisplay> {
  return apiRequest({ method: 'GET', path: `/api/v1/halls/${encodeURIComponent(hallId)}/queue/display`, auth: 'none', schema: hallDisplay });
}
