import type { ConsultationStatus } from '@haizhu/shared-types';

/**
 * The thread's life, as data: a question waits for an answer; an answer (or another one) leaves it
 * answered; the resident's follow-up makes it wait again; the resident closes it (已解决). Nothing
 * closes it automatically. The migration's CHECK lists the same statuses.
 */
export const CONSULTATION_TRANSITIONS = {
  follow_up: { from: ['awaiting_answer', 'answered'], to: 'awaiting_answer' },
  answer: { from: ['awaiting_answer', 'answered'], to: 'answered' },
  close: { from: ['awaiting_answer', 'answered'], to: 'closed' },
} as const satisfies Record<string, { from: readonly ConsultationStatus[]; to: ConsultationStatus }>;

export type ConsultationEvent = keyof typeof CONSULTATION_TRANSITIONS;

export function canApply(event: ConsultationEvent, from: ConsultationStatus): boolean {
  return (CONSULTATION_TRANSITIONS[event].from as readonly ConsultationStatus[]).includes(from);
}
