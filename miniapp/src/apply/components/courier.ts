import type { ApplicationStatus, ApplicationView, CourierOrderView, CourierStatus, PaymentView } from '@haizhu/shared-types';
import { addDays, clockTime, fullDate, monthDay, shanghaiToday, weekdayOf } from '../../utils/datetime';

/*
 * The rules the case, pickup, delivery and tracking pages share: when a courier may be booked,
 * which pickup days and windows are offered, and how an order's progress reads.
 */

/** An order that still counts: the API allows one of each kind per case until it is cancelled or back. */
export function isLive(order: CourierOrderView): boolean {
  return order.status !== 'cancelled' && order.status !== 'returned';
}

export function liveOrder(view: ApplicationView, kind: CourierOrderView['kind']): CourierOrderView | null {
  return view.courierOrders.find((o) => o.kind === kind && isLive(o)) ?? null;
}

/** Originals are useful to the window from submission until the department has decided (the API's PICKUP_OPEN). */
const PICKUP_STATUSES: readonly ApplicationStatus[] = ['submitted', 'supplement_requested', 'accepted', 'accepted_deficient', 'forwarded', 'in_review'];
/** Nothing will be sent: the case ended without a result, or the result already reached the resident. */
const NO_DELIVERY: readonly ApplicationStatus[] = ['draft', 'refused', 'withdrawn', 'denied', 'result_delivered', 'completed'];

export function canBookPickup(view: ApplicationView): boolean {
  return view.originalsNeeded && PICKUP_STATUSES.includes(view.status) && !liveOrder(view, 'pickup');
}

export function canRequestDelivery(view: ApplicationView): boolean {
  return view.resultDelivery.includes('courier') && !NO_DELIVERY.includes(view.status) && !liveOrder(view, 'delivery');
}

/** The payment an order's postage is owed on, if it is still unpaid. */
export function unpaidPostage(order: CourierOrderView, payments: readonly PaymentView[]): PaymentView | null {
  if (order.postage <= 0 || !order.paymentId) return null;
  const p = payments.find((x) => x.id === order.paymentId);
  return p && (p.status === 'created' || p.status === 'closed') ? p : null;
}

export type WindowCode = 'am' | 'pm';
export const PICKUP_WINDOWS: readonly { code: WindowCode; name: string; start: string; end: string }[] = [
  { code: 'am', name: '上午', start: '09:00', end: '12:00' },
  { code: 'pm', name: '下午', start: '14:00', end: '18:00' },
];



export function pickupWindowOf(date: string, code: WindowCode): { start: string; end: string } {
  const w = PICKUP_WINDOWS.find((x) => x.code === code) ?? PICKUP_WINDOWS[0];
  return { start: `${date}T${w?.start ?? '09:00'}:00+08:00`, end: `${date}T${w?.end ?? '12:00'}:00+08:00` };
}

/** The API takes windows starting within 7 × 24 hours of now: on the last day, a later window may be past that. */
const PICKUP_HORIZON_MS = 7 * 24 * 3600_000;

export function windowOpen(date: string, code: WindowCode, now: number = Date.now()): boolean {
  return Date.parse(pickupWindowOf(date, code).start) <= now + PICKUP_HORIZON_MS;
}

/** The next 7 days from tomorrow (a courier can't be sent for today at short notice), each with a window left. */
export function pickupDays(now: number = Date.now()): { date: string; label: string; sub: string }[] {
  const today = shanghaiToday(now);
  return Array.from({ length: 7 }, (_, i) => {
    const date = addDays(today, i + 1);
    const near = i === 0 ? '明天' : i === 1 ? '后天' : weekdayOf(date);
    return { date, label: near, sub: monthDay(date) };
  }).filter((d) => PICKUP_WINDOWS.some((w) => windowOpen(d.date, w.code, now)));
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

function shanghaiDateOf(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso.slice(0, 10) : new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 2025年3月5日 周三 09:00–12:00. */
export function windowText(window: { start: string; end: string }): string {
  return `${fullDate(shanghaiDateOf(window.start))} ${clockTime(window.start)}–${clockTime(window.end)}`;
}

/** 广州市海珠区 xx路 (masked by the API). */
export function addressText(a: { city: string; county: string; detail: string }): string {
  return `${a.city}${a.county} ${a.detail}`;
}

/** The four milestones of a shipment, in order. */
export const TRACKING_STEPS = ['揽收', '运输', '派送', '签收'] as const;

/** Index in TRACKING_STEPS of the milestone reached, -1 before pickup; a parcel on its way back stops at 运输. */
export function reachedStep(order: CourierOrderView): number {
  const byStatus: Record<CourierStatus, number> = {
    requested: -1,
    created: -1,
    cancelled: -1,
    picked_up: 0,
    in_transit: 1,
    returning: 1,
    returned: 1,
    delivering: 2,
    signed: 3,
  };
  return byStatus[order.status];
}

export const FINAL_COURIER: readonly CourierStatus[] = ['signed', 'returned', 'cancelled'];
