import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { knownStaffRoles } from '@haizhu/shared-types';
import type { Actor } from '../../common/actor';
import { hashToken, newToken } from '../../common/crypto';
import { newId } from '../../common/ids';
import { Platform } from '../../common/platform';
import type { Db } from '../../db/database';
import { identityRepo } from './identity.repo';

export type Authentication = { actor: Actor } | { problem: 'expired' | 'invalid' };

/**
 * Bearer sessions: a random token shown once, stored as its SHA-256, expiring and revocable.
 * Every API process reads the same table, so a token works on any of them.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class SessionService {
  @Inject()
  platform!: Platform;

  async issue(db: Db, subjectType: 'resident' | 'staff', subjectId: string): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
    const hours = subjectType === 'resident' ? this.platform.config.sessions.residentHours : this.platform.config.sessions.staffHours;
    const { token, hash } = newToken(subjectType === 'resident' ? 'hzr' : 'hzs');
    const expiresAt = new Date(this.platform.clock.now().getTime() + hours * 3600_000);
    const sessionId = newId('ses');
    await identityRepo.insertSession(db, { id: sessionId, token_hash: hash, subject_type: subjectType, subject_id: subjectId, expires_at: expiresAt });
    return { token, expiresAt, sessionId };
  }

  async authenticate(token: string): Promise<Authentication> {
    const db = this.platform.db;
    const session = await identityRepo.sessionByTokenHash(db, hashToken(token));
    if (!session || session.revoked_at) return { problem: 'invalid' };
    if (session.expires_at.getTime() <= this.platform.clock.now().getTime()) return { problem: 'expired' };
    if (session.subject_type === 'resident') {
      return { actor: { type: 'resident', residentId: session.subject_id, sessionId: session.id } };
    }
    const staff = await identityRepo.staffById(db, session.subject_id);
    if (!staff || staff.disabled_at) return { problem: 'invalid' };
    return {
      actor: {
        type: 'staff',
        staffId: staff.id,
        username: staff.username,
        sessionId: session.id,
        roles: knownStaffRoles(staff.roles),
        hallId: staff.hall_id,
        departmentCode: staff.department_code,
        displayName: staff.display_name,
      },
    };
  }

  async revoke(sessionId: string): Promise<void> {
    await identityRepo.revokeSession(this.platform.db, sessionId, this.platform.clock.now());
  }
}
