import type { AppointmentStatus, TicketStatus } from '../../db/schema';

/**
 * The two state machines of this context as data (ARCHITECTURE.md §4). A transition not in a
 * table is refused with 409 INVALID_STATE; the database CHECKs list the same states.
 */
export const APPOINTMENT_TRANSITIONS: Record<string, { from: AppointmentStatus[]; to: AppointmentStatus }> = {
  check_in: { from: ['booked'], to: 'checked_in' },
  call: { from: ['checked_in'], to: 'called' },
  serve: { from: ['called', 'checked_in'], to: 'served' },
  cancel: { from: ['booked'], to: 'cancelled' },
  mark_no_show: { from: ['booked'], to: 'no_show' },
};

export const TICKET_TRANSITIONS: Record<string, { from: TicketStatus[]; to: TicketStatus }> = {
  call: { from: ['waiting'], to: 'called' },
  recall: { from: ['called'], to: 'called' },
  /** no answer: back to waiting once (requeue), skipped for good the second time */
  skip: { from: ['called'], to: 'skipped' },
  requeue: { from: ['called'], to: 'waiting' },
  serve: { from: ['called'], to: 'serving' },
  done: { from: ['serving'], to: 'done' },
  cancel: { from: ['waiting'], to: 'cancelled' },
};

export function canTransition<S extends string>(table: Record<string, { from: S[]; to: S }>, event: string, from: S): boolean {
  return table[event]?.from.includes(from) ?? false;
}

/** A skipped ticket goes back to the queue once; the second skip is final. */
export function skipOutcome(skipCount: number): 'requeue' | 'skip' {
  return skipCount === 0 ? 'requeue' : 'skip';
}
