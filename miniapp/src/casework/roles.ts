import type { StaffRole } from '@haizhu/shared-types';

/** Who works on cases (the API's CASE_ROLES in application.controller.ts). */
const CASE_ROLES: ReadonlySet<StaffRole> = new Set(['dept_reviewer', 'hall_window', 'hall_admin', 'district_admin']);

export function canReviewCases(roles: readonly StaffRole[]): boolean {
  return roles.some((r) => CASE_ROLES.has(r));
}
