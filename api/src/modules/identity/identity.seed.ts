import type { StaffRole } from '@haizhu/shared-types';
import { hashPassword } from '../../common/crypto';
import { newId } from '../../common/ids';
import type { Db } from '../../db/database';
import { identityRepo } from './identity.repo';

/** The development staff accounts (issue: foundation). Hall and department codes match the catalogue seed. */
export const DEV_STAFF: { username: string; displayName: string; roles: StaffRole[]; hallId?: string; departmentCode?: string }[] = [
  { username: 'admin', displayName: '区级管理员', roles: ['district_admin'] },
  { username: 'reception', displayName: '区中心导办员', roles: ['hall_reception'], hallId: 'HZ-DIST' },
  { username: 'window1', displayName: '区中心综合受理窗口1', roles: ['hall_window'], hallId: 'HZ-DIST' },
  { username: 'reviewer-rs', displayName: '区人社局审核员', roles: ['dept_reviewer'], departmentCode: 'HZ-RSJ' },
  { username: 'auditor', displayName: '审计员', roles: ['auditor'] },
];

/** Creates or refreshes the development accounts with `password`; idempotent. */
export async function seedDevStaff(db: Db, password: string): Promise<void> {
  for (const s of DEV_STAFF) {
    await identityRepo.upsertStaff(db, {
      id: newId('stf'),
      username: s.username,
      display_name: s.displayName,
      password_hash: await hashPassword(password),
      roles: s.roles,
      hall_id: s.hallId ?? null,
      department_code: s.departmentCode ?? null,
    });
  }
}
