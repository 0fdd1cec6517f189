import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { knownStaffRoles, type ResidentDetail, type StaffLoginResult, type StaffRole } from '@haizhu/shared-types';
import type { StaffActor } from '../../common/actor';
import { toShanghaiIso } from '../../common/clock';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../../common/crypto';
import { AppError, notFound } from '../../common/errors';
import { newId } from '../../common/ids';
import { Platform } from '../../common/platform';
import { RateLimiter } from '../../common/rate-limit';
import { inTransaction } from '../../db/database';
import { AuditService, PERSONAL_DATA_VIEWED } from '../audit';
import { IdentityService } from './identity.service';
import { identityRepo, type StaffRow } from './identity.repo';
import { SessionService } from './session.service';

/** Roles entitled to see a resident's personal data unmasked (each view audited). */
export const PERSONAL_DATA_ROLES: readonly StaffRole[] = ['hall_reception', 'hall_window', 'hall_admin', 'dept_reviewer', 'district_admin'];

/** Staff accounts: password login with throttling and lockout, and audited views of residents. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class StaffService {
  @Inject()
  platform!: Platform;

  @Inject()
  sessions!: SessionService;

  @Inject()
  audit!: AuditService;

  @Inject()
  identity!: IdentityService;

  @Inject()
  rateLimiter!: RateLimiter;

  /**
   * Checks the password. Per IP and per username the attempts are throttled; after
   * `maxFailures` wrong passwords in a row the account is locked for `lockoutMinutes`.
   */
  async login(username: string, password: string, clientIp: string): Promise<StaffLoginResult> {
    await this.rateLimiter.hit(`staff-login:ip:${clientIp}`, this.platform.config.staffLogin.ratePerMinute, 60, 'TOO_MANY_ATTEMPTS');
    await this.rateLimiter.hit(`staff-login:user:${username.toLowerCase()}`, 20, 600, 'TOO_MANY_ATTEMPTS');
    const db = this.platform.db;
    const now = this.platform.clock.now();
    const staff = await identityRepo.staffByUsername(db, username);
    if (staff?.locked_until && staff.locked_until > now) throw lockedError(staff.locked_until);

    const ok = await verifyPassword(password, staff?.password_hash ?? DUMMY_PASSWORD_HASH);
    if (!staff || !ok) {
      if (staff) await this.recordFailure(staff);
      throw new AppError('BAD_CREDENTIALS');
    }
    if (staff.disabled_at) throw new AppError('ACCOUNT_DISABLED');

    return inTransaction(db, async (tx) => {
      await identityRepo.updateStaff(tx, staff.id, { failed_attempts: 0, locked_until: null });
      const session = await this.sessions.issue(tx, 'staff', staff.id);
      await this.audit.append(tx, {
        actor: { type: 'staff', id: staff.id, role: staff.roles[0] ?? '', unit: staff.hall_id ?? staff.department_code },
        action: 'staff.logged_in',
        subjectType: 'staff',
        subjectId: staff.id,
      });
      return { token: session.token, expiresAt: toShanghaiIso(session.expiresAt), staff: toSummary(staff) };
    });
  }

  private async recordFailure(staff: StaffRow): Promise<void> {
    const { maxFailures, lockoutMinutes } = this.platform.config.staffLogin;
    await inTransaction(this.platform.db, async (tx) => {
      const failures = await identityRepo.incrementFailures(tx, staff.id);
      if (failures < maxFailures) return;
      const until = new Date(this.platform.clock.now().getTime() + lockoutMinutes * 60_000);
      await identityRepo.updateStaff(tx, staff.id, { failed_attempts: 0, locked_until: until });
      await this.audit.append(tx, {
        actor: { type: 'system' },
        action: 'staff.locked',
        subjectType: 'staff',
        subjectId: staff.id,
        data: { failures, until: until.toISOString() },
      });
    });
  }

  /**
   * Finds a resident by ID number at the counter (e.g. to verify a walk-in's identity) and shows
   * their data unmasked. The view is audited with its purpose and shown to the resident.
   */
  async lookupResident(actor: StaffActor, idNumber: string, purpose: string): Promise<ResidentDetail> {
    const role = entitledRole(actor);
    await this.rateLimiter.hit(`resident-lookup:${actor.staffId}`, 120, 3600);
    const residentId = await this.identity.residentIdByIdNumber(idNumber);
    const who = residentId ? await this.identity.identityOf(residentId) : undefined;
    if (!who) throw notFound();
    await this.audit.append(this.platform.db, {
      actor: { type: 'staff', id: actor.staffId, role, unit: actor.hallId ?? actor.departmentCode },
      action: PERSONAL_DATA_VIEWED,
      subjectType: 'resident',
      subjectId: who.id,
      residentId: who.id,
      data: { purpose, fields: ['name', 'idNumber', 'phone'], via: 'id_number_lookup' },
    });
    return who;
  }

  /** Creates or updates an account (seeding and administration). */
  async upsertAccount(input: {
    username: string;
    displayName: string;
    password: string;
    roles: StaffRole[];
    hallId?: string | null;
    departmentCode?: string | null;
  }): Promise<void> {
    await identityRepo.upsertStaff(this.platform.db, {
      id: newId('stf'),
      username: input.username,
      display_name: input.displayName,
      password_hash: await hashPassword(input.password),
      roles: input.roles,
      hall_id: input.hallId ?? null,
      department_code: input.departmentCode ?? null,
    });
  }
}

/** The role a staff member acts in when viewing personal data; FORBIDDEN when none entitles them. */
function entitledRole(actor: StaffActor): StaffRole {
  const role = actor.roles.find((r) => PERSONAL_DATA_ROLES.includes(r));
  if (!role) throw new AppError('FORBIDDEN');
  return role;
}

function lockedError(until: Date): AppError {
  const hhmm = toShanghaiIso(until).slice(11, 16);
  return new AppError('TOO_MANY_ATTEMPTS', `密码错误次数过多，账号已锁定，请于 ${hhmm} 后再试`, {
    retryAfterSeconds: Math.ceil((until.getTime() - Date.now()) / 1000),
  });
}

function toSummary(s: StaffRow): StaffLoginResult['staff'] {
  return {
    id: s.id,
    username: s.username,
    displayName: s.display_name,
    roles: knownStaffRoles(s.roles),
    hallId: s.hall_id,
    departmentCode: s.department_code,
  };
}
