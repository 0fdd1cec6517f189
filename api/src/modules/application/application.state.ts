import type { ApplicationStatus } from '@haizhu/shared-types';

/**
 * The case (申办) state machine of ARCHITECTURE.md §4, as data. Each event names where it may
 * start and where it ends; guards are named as the sentence they check and live in the service.
 * The database refuses any status change not listed here (trigger `applications_transition`).
 */
export const APPLICATION_TRANSITIONS = {
  submit: { from: ['draft', 'supplement_requested'], to: 'submitted' },
  withdraw: { from: ['draft', 'submitted', 'supplement_requested'], to: 'withdrawn' },
  accept: { from: ['submitted'], to: 'accepted' },
  accept_deficient: { from: ['submitted'], to: 'accepted_deficient' },
  refuse: { from: ['submitted'], to: 'refused' },
  request_supplement: { from: ['submitted', 'in_review'], to: 'supplement_requested' },
  forward: { from: ['accepted', 'accepted_deficient'], to: 'forwarded' },
  start_review: { from: ['forwarded'], to: 'in_review' },
  approve: { from: ['forwarded', 'in_review'], to: 'approved' },
  deny: { from: ['forwarded', 'in_review'], to: 'denied' },
  deliver_result: { from: ['approved'], to: 'result_delivered' },
  complete: { from: ['result_delivered', 'denied'], to: 'completed' },
} as const satisfies Record<string, { from: readonly ApplicationStatus[]; to: ApplicationStatus }>;

export type ApplicationEvent = keyof typeof APPLICATION_TRANSITIONS;

export function canApply(event: ApplicationEvent, from: ApplicationStatus): boolean {
  return (APPLICATION_TRANSITIONS[event].from as readonly ApplicationStatus[]).includes(from);
}

/** Every (from, to) pair the machine allows; the migration's trigger lists the same pairs. */
export function allowedPairs(): [ApplicationStatus, ApplicationStatus][] {
  const pairs = new Map<string, [ApplicationStatus, ApplicationStatus]>();
  for (const t of Object.values(APPLICATION_TRANSITIONS)) for (const f of t.from) pairs.set(`${f}>${t.to}`, [f, t.to]);
  return [...pairs.values()];
}

/** Statuses in which the resident can still change the application. */
export const EDITABLE: readonly ApplicationStatus[] = ['draft', 'supplement_requested'];
/** Statuses whose clock runs (the promise counts from acceptance). */
export const CLOCK_RUNNING: readonly ApplicationStatus[] = ['accepted', 'accepted_deficient', 'forwarded', 'in_review'];
