import type { StaffRole } from '@haizhu/shared-types';

/** Who answers consultations: the department's reviewers, the hall's staff, the district (the API's ANSWER_ROLES in consultation.controller.ts). */
const ANSWER_ROLES: ReadonlySet<StaffRole> = new Set(['dept_reviewer', 'hall_reception', 'hall_window', 'hall_admin', 'district_admin']);

export function canAnswerConsultations(roles: readonly StaffRole[]): boolean {
  return roles.some((r) => ANSWER_ROLES.has(r));
}
