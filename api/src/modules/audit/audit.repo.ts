import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { AuditRecordsTable } from '../../db/schema';

export type AuditRow = Omit<AuditRecordsTable, 'at' | 'data'> & { at: Date; data: unknown };

/** SQL for the audit trail; the chain rules live in the service. */
export const auditRepo = {
  /** Serialises appenders across processes for the rest of the transaction. */
  async lockChain(tx: Db): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext('audit_records.chain'))`.execute(tx);
  },

  async last(tx: Db): Promise<{ seq: number; hash: string } | undefined> {
    return tx.selectFrom('audit_records').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  },

  async insert(tx: Db, row: Omit<AuditRow, 'data'> & { data: string }): Promise<void> {
    await tx.insertInto('audit_records').values(row).execute();
  },

  async batchAfter(db: Db, afterSeq: number, size: number): Promise<AuditRow[]> {
    return db.selectFrom('audit_records').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(size).execute() as Promise<AuditRow[]>;
  },

  async byResidentAndAction(db: Db, residentId: string, action: string, beforeSeq: number | null, limit: number): Promise<AuditRow[]> {
    let q = db.selectFrom('audit_records').selectAll().where('resident_id', '=', residentId).where('action', '=', action);
    if (beforeSeq !== null) q = q.where('seq', '<', beforeSeq);
    return q.orderBy('seq', 'desc').limit(limit).execute() as Promise<AuditRow[]>;
  },

  async bySubject(db: Db, subjectType: string, subjectId: string): Promise<AuditRow[]> {
    return db
      .selectFrom('audit_records')
      .selectAll()
      .where('subject_type', '=', subjectType)
      .where('subject_id', '=', subjectId)
      .orderBy('seq')
      .execute() as Promise<AuditRow[]>;
  },
};
