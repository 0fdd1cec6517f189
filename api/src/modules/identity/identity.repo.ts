import type { Selectable } from 'kysely';
import type { Db } from '../../db/database';
import type { AgentAuthorisationsTable, ResidentsTable, SessionsTable, StaffAccountsTable } from '../../db/schema';

export type ResidentRow = Selectable<ResidentsTable>;
export type StaffRow = Selectable<StaffAccountsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AgentRow = Selectable<AgentAuthorisationsTable>;

/** SQL for residents, staff, sessions and agents. No rules here. */
export const identityRepo = {
  residentById(db: Db, id: string): Promise<ResidentRow | undefined> {
    return db.selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirst();
  },

  residentByOpenid(db: Db, openid: string): Promise<ResidentRow | undefined> {
    return db.selectFrom('residents').selectAll().where('openid', '=', openid).executeTakeFirst();
  },

  residentByIdNumberIndex(db: Db, bidx: string): Promise<ResidentRow | undefined> {
    return db.selectFrom('residents').selectAll().where('id_number_bidx', '=', bidx).executeTakeFirst();
  },

  /** Inserts unless the openid exists; returns the row only when this call created it. */
  async insertResidentIfNew(db: Db, row: { id: string; openid: string; unionid: string | null }): Promise<ResidentRow | undefined> {
    return db
      .insertInto('residents')
      .values(row)
      .onConflict((oc) => oc.column('openid').doNothing())
      .returningAll()
      .executeTakeFirst();
  },

  async updateResident(db: Db, id: string, patch: Partial<Omit<ResidentRow, 'id' | 'created_at'>>): Promise<void> {
    await db.updateTable('residents').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();
  },

  staffByUsername(db: Db, username: string): Promise<StaffRow | undefined> {
    return db.selectFrom('staff_accounts').selectAll().where('username', '=', username).executeTakeFirst();
  },

  staffById(db: Db, id: string): Promise<StaffRow | undefined> {
    return db.selectFrom('staff_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async updateStaff(db: Db, id: string, patch: Partial<Pick<StaffRow, 'failed_attempts' | 'locked_until' | 'password_hash' | 'roles' | 'hall_id' | 'department_code' | 'display_name' | 'disabled_at'>>): Promise<void> {
    await db.updateTable('staff_accounts').set(patch).where('id', '=', id).execute();
  },

  /** Counts a failed password and returns the new count, atomically across processes. */
  async incrementFailures(db: Db, id: string): Promise<number> {
    const row = await db
      .updateTable('staff_accounts')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', id)
      .returning('failed_attempts')
      .executeTakeFirstOrThrow();
    return row.failed_attempts;
  },

  async upsertStaff(db: Db, row: Pick<StaffRow, 'id' | 'username' | 'display_name' | 'password_hash' | 'roles' | 'hall_id' | 'department_code'>): Promise<void> {
    await db
      .insertInto('staff_accounts')
      .values(row)
      .onConflict((oc) =>
        oc.column('username').doUpdateSet({
          display_name: row.display_name,
          password_hash: row.password_hash,
          roles: row.roles,
          hall_id: row.hall_id,
          department_code: row.department_code,
        }),
      )
      .execute();
  },

  async insertSession(db: Db, row: Omit<SessionRow, 'created_at' | 'revoked_at'>): Promise<void> {
    await db.insertInto('sessions').values(row).execute();
  },

  sessionByTokenHash(db: Db, tokenHash: string): Promise<SessionRow | undefined> {
    return db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  },

  async revokeSession(db: Db, id: string, at: Date): Promise<void> {
    await db.updateTable('sessions').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  },

  async insertAgent(db: Db, row: Omit<AgentRow, 'created_at' | 'revoked_at'>): Promise<AgentRow> {
    return db.insertInto('agent_authorisations').values(row).returningAll().executeTakeFirstOrThrow();
  },

  agentsGrantedBy(db: Db, principalId: string): Promise<AgentRow[]> {
    return db.selectFrom('agent_authorisations').selectAll().where('principal_id', '=', principalId).orderBy('created_at', 'desc').execute();
  },

  agentsReceivedBy(db: Db, agentIdNumberBidx: string): Promise<AgentRow[]> {
    return db
      .selectFrom('agent_authorisations')
      .selectAll()
      .where('agent_id_number_bidx', '=', agentIdNumberBidx)
      .orderBy('created_at', 'desc')
      .execute();
  },

  agentById(db: Db, id: string): Promise<AgentRow | undefined> {
    return db.selectFrom('agent_authorisations').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async revokeAgent(db: Db, id: string, at: Date): Promise<void> {
    await db.updateTable('agent_authorisations').set({ revoked_at: at }).where('id', '=', id).execute();
  },
};
