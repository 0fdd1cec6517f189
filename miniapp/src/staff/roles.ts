import type { StaffRole } from '@haizhu/shared-types';

/*
 * What each role may do on the hall floor, mirroring the API's checks so a page hides what the
 * person can't do (the API refuses it anyway).
 */

const has = (roles: readonly StaffRole[], allowed: readonly StaffRole[]) => roles.some((r) => allowed.includes(r));

/** Any work in the hall's queue: the console, check-in by code. */
export const canWorkQueue = (roles: readonly StaffRole[]) => has(roles, ['hall_window', 'hall_reception', 'hall_admin', 'district_admin']);
/** 叫号 at a window. */
export const canCall = (roles: readonly StaffRole[]) => has(roles, ['hall_window', 'hall_admin', 'district_admin']);
/** 现场取号 for walk-ins (导办). */
export const canIssueWalkIn = (roles: readonly StaffRole[]) => has(roles, ['hall_reception', 'hall_admin', 'district_admin']);
/** 放号. */
export const canSchedule = (roles: readonly StaffRole[]) => has(roles, ['hall_admin', 'district_admin']);
