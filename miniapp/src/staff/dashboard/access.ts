import type { StaffRole } from '@haizhu/shared-types';

/*
 * Who sees the dashboard, mirroring the API's stats roles so the home page shows the link only
 * to them (the API refuses the others anyway).
 */

const has = (roles: readonly StaffRole[], allowed: readonly StaffRole[]) => roles.some((r) => allowed.includes(r));

/** The district admin, a hall's admin (their hall), a department's reviewer (their department). */
export const canSeeStats = (roles: readonly StaffRole[]) => has(roles, ['district_admin', 'hall_admin', 'dept_reviewer']);
/** Only the district admin picks the hall and department; the others see their own unit. */
export const canChooseUnit = (roles: readonly StaffRole[]) => has(roles, ['district_admin']);
