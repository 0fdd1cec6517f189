import type { StaffRole } from '@haizhu/shared-types';

/** Who works on cases (the API's CASE_ROLES in application.controller.ts). */
const CASE_ROLES: ReadonlySet<StaffRole> = new Set(['dept_reviewer', 'hall_window', 'hall_admin', 'district_admin']);

export function canReviewCases(roles: readonly StaffRole[]): boolean {
  return roles.some((r) => CASE_ROLES.has(r));
}

/** Who may refund a payment (the API's refund route). */
const REFUND_ROLES: ReadonlySet<StaffRole> = new Set(['hall_admin', 'district_admin', 'dept_reviewer']);

export function canRefund(roles: readonly StaffRole[]): boolean {
  return roles.some((r) => REFUND_ROLES.has(r));
}

/** Who follows up shipments that ran into trouble (the API's courier task routes). */
const COURIER_TASK_ROLES: ReadonlySet<StaffRole> = new Set(['hall_window', 'hall_admin', 'district_admin']);

export function canHandleCourierTasks(roles: readonly StaffRole[]): boolean {
  return roles.some((r) => COURIER_TASK_ROLES.has(r));
}

/** Who answers for a 差评: the department's reviewers, the hall's staff, the district (the API's TASK_ROLES in evaluation.controller.ts). */
const RECTIFICATION_ROLES: ReadonlySet<StaffRole> = new Set(['dept_reviewer', 'hall_reception', 'hall_window', 'hall_admin', 'district_admin']);

export function canHandleRectifications(roles: readonly StaffRole[]): boolean {
  return roles.some((r) => RECTIFICATION_ROLES.has(r));
}
