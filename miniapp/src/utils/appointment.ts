import type { AppointmentView, RestrictionView, SlotView, TicketView } from '@haizhu/shared-types';
import type { HallDate } from '../api/appointment';
import { monthDay } from './datetime';

/** 延时 / 错时 slots say so; regular ones need no label. */
export const SLOT_KIND_NAMES: Record<SlotView['kind'], string | null> = {
  regular: null,
  delayed: '延时服务',
  weekend: '错时服务',
};

/** Tag colour per appointment status. */
export function appointmentTone(status: AppointmentView['status']): 'success' | 'warning' | 'plain' | 'danger' | 'primary' {
  if (status === 'booked') return 'primary';
  if (status === 'checked_in' || status === 'called') return 'success';
  if (status === 'no_show') return 'danger';
  return 'plain';
}

export function ticketTone(status: TicketView['status']): 'success' | 'warning' | 'plain' | 'danger' | 'primary' {
  if (status === 'waiting') return 'primary';
  if (status === 'called') return 'warning';
  if (status === 'serving') return 'success';
  if (status === 'skipped') return 'danger';
  return 'plain';
}

export type DayState = 'open' | 'holiday' | 'rest' | 'full' | 'not_yet';

/**
 * What a date cell says under the date: places left, 休 / the holiday's name, 无号, 未开放.
 * `remaining > 0` but not bookable means outside the booking window (today, or too far ahead).
 */
export function dayState(d: HallDate): { state: DayState; text: string } {
  if (d.bookable) return { state: 'open', text: `余${d.remaining}` };
  if (d.kind === 'holiday') return { state: 'holiday', text: d.name ?? '休' };
  if (!d.working && d.remaining === 0) return { state: 'rest', text: '休' };
  if (d.remaining === 0) return { state: 'full', text: '无号' };
  return { state: 'not_yet', text: '未开放' };
}

/** "09:00-09:30". */
export function slotRange(start: string, end: string): string {
  return `${start.slice(11, 16)}-${end.slice(11, 16)}`;
}

/** 因爽约2次，3月5日前暂停网上预约，可到大厅现场取号. */
export function restrictionText(r: RestrictionView): string {
  const until = r.until ? `${monthDay(r.until)}前` : '';
  return `因爽约${r.noShows.length}次，${until}暂停网上预约，可到大厅现场取号`;
}

/** 请到 A01 号窗口 (codes are short; a name without a code is used as it is). */
export function windowLine(window: string | null | undefined, windowName: string | null | undefined): string {
  if (window) return `请到 ${window} 号窗口`;
  if (windowName) return `请到 ${windowName}`;
  return '请到窗口办理';
}
