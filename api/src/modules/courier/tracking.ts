import type { CourierStatus } from '@haizhu/shared-types';

/*
 * Canonical tracking (courier.md §4): SF opCodes map to canonical events; the order's status is
 * the highest-ranked event (ties: the latest), a late low-rank event never moves it back,
 * terminal states stick, and an 异常 is a flag that any later progress clears.
 */

export type Canonical = 'PICKED_UP' | 'IN_TRANSIT' | 'OUT_FOR_DELIVERY' | 'DELIVERED' | 'RETURNING' | 'RETURNED' | 'EXCEPTION';

const OP_CODES: Record<string, Canonical> = {
  '50': 'PICKED_UP',
  '54': 'PICKED_UP',
  '30': 'IN_TRANSIT',
  '31': 'IN_TRANSIT',
  '36': 'IN_TRANSIT',
  '407': 'IN_TRANSIT',
  '501': 'IN_TRANSIT',
  '44': 'OUT_FOR_DELIVERY',
  '204': 'OUT_FOR_DELIVERY',
  '80': 'DELIVERED',
  '8000': 'DELIVERED',
  '33': 'EXCEPTION',
  '70': 'EXCEPTION',
  '99': 'EXCEPTION',
  '648': 'RETURNING',
  '631': 'RETURNED',
};

const RANK: Record<Exclude<Canonical, 'EXCEPTION'>, number> = { PICKED_UP: 10, IN_TRANSIT: 20, OUT_FOR_DELIVERY: 30, RETURNING: 35, DELIVERED: 40, RETURNED: 45 };

const STATUS_OF: Record<Exclude<Canonical, 'EXCEPTION'>, CourierStatus> = {
  PICKED_UP: 'picked_up',
  IN_TRANSIT: 'in_transit',
  OUT_FOR_DELIVERY: 'delivering',
  DELIVERED: 'signed',
  RETURNING: 'returning',
  RETURNED: 'returned',
};

export interface RouteEvent {
  opCode: string;
  acceptTime: Date;
  /** position in the list it arrived in, for ties */
  order: number;
}

/** Unknown opCodes count as 运输中 once the parcel is picked up; before that they are only logged (null). */
export function canonicalOf(opCode: string, pickedUp: boolean): Canonical | null {
  return OP_CODES[opCode] ?? (pickedUp ? 'IN_TRANSIT' : null);
}

/** What one event says on its own, for the tracking list (an exception is a flag, not a status). */
export function eventStatus(opCode: string): CourierStatus | 'exception' {
  const c = canonicalOf(opCode, true);
  return c === null || c === 'EXCEPTION' ? 'exception' : STATUS_OF[c];
}

/**
 * The order's status from all its events in any order of arrival. `base` is the status before
 * any tracking (created, or cancelled, which only the order itself can reach).
 */
export function deriveStatus(events: RouteEvent[], base: CourierStatus): { status: CourierStatus; exception: boolean } {
  if (base === 'cancelled' || base === 'requested') return { status: base, exception: false };
  const sorted = [...events].sort((a, b) => a.acceptTime.getTime() - b.acceptTime.getTime() || a.order - b.order);
  let best: { rank: number; canonical: Exclude<Canonical, 'EXCEPTION'> } | null = null;
  let exception = false;
  let pickedUp = false;
  let returning = false;
  for (const e of sorted) {
    let c = canonicalOf(e.opCode, pickedUp);
    if (!c) continue;
    if (c === 'EXCEPTION') {
      exception = true;
      continue;
    }
    // Once on its way back, a sign-off is the return being signed for, not a delivery.
    if (c === 'DELIVERED' && returning) c = 'RETURNED';
    if (c === 'RETURNING') returning = true;
    pickedUp = true;
    const rank = RANK[c];
    const terminal = best && (best.canonical === 'DELIVERED' || best.canonical === 'RETURNED');
    if (!terminal && (!best || rank >= best.rank)) best = { rank, canonical: c };
    // Progress past the trouble clears the flag (a later event of a higher or equal rank).
    if (best && best.canonical === c) exception = false;
  }
  return { status: best ? STATUS_OF[best.canonical] : base, exception };
}
