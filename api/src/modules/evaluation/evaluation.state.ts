import type { RectificationStatus } from '@haizhu/shared-types';

/**
 * The rectification task (整改) of a 差评, as data. Staff handle it (整改 or 解释说明) and then
 * revisit the resident (回访); the resident may appeal a handling once (it goes back to the unit
 * with a fresh deadline) or rate the rectification, which closes the task; a review that excludes
 * the rating as malicious closes it too. The migration's CHECK lists the same statuses.
 */
export const RECTIFICATION_TRANSITIONS = {
  handle: { from: ['open', 'appealed'], to: 'handled' },
  revisit: { from: ['handled'], to: 'revisited' },
  appeal: { from: ['handled', 'revisited'], to: 'appealed' },
  rate: { from: ['handled', 'revisited'], to: 'closed' },
  void: { from: ['open', 'handled', 'revisited', 'appealed'], to: 'closed' },
} as const satisfies Record<string, { from: readonly RectificationStatus[]; to: RectificationStatus }>;

export type RectificationEvent = keyof typeof RECTIFICATION_TRANSITIONS;

export function canApply(event: RectificationEvent, from: RectificationStatus): boolean {
  return (RECTIFICATION_TRANSITIONS[event].from as readonly RectificationStatus[]).includes(from);
}

/** Statuses in which the unit still owes work, so the deadline is watched. */
export const DEADLINE_RUNNING: readonly RectificationStatus[] = ['open', 'appealed', 'handled'];

/** A handling can be appealed once; a second disagreement goes to 12345 or a formal remedy. */
export const MAX_APPEALS = 1;
