import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/database';
import type { ConsultationMessagesTable, ConsultationStatusColumn, ConsultationsTable } from '../../db/schema';

export type ConsultationRow = Selectable<ConsultationsTable>;
export type MessageRow = Selectable<ConsultationMessagesTable>;

export type UnitScope = { unitType?: 'department' | 'hall'; unitId?: string };

/** The inbox order: 0 overdue, 1 awaiting an answer, 2 answered, 3 closed; newest first within. */
export type InboxKey = { b: number; id: string };

/** SQL for threads and their messages. No rules here. */
export const consultationRepo = {
  async insert(db: Db, row: Insertable<ConsultationsTable>): Promise<void> {
    await db.insertInto('consultations').values(row).execute();
  },

  byId(db: Db, id: string): Promise<ConsultationRow | undefined> {
    return db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
  },

  forUpdate(db: Db, id: string): Promise<ConsultationRow | undefined> {
    return db.selectFrom('consultations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async update(db: Db, id: string, patch: Updateable<ConsultationsTable>): Promise<void> {
    await db.updateTable('consultations').set(patch).where('id', '=', id).execute();
  },

  ofResident(db: Db, residentId: string, status: ConsultationStatusColumn | undefined, limit: number, beforeId: string | null): Promise<ConsultationRow[]> {
    let q = db.selectFrom('consultations').selectAll().where('resident_id', '=', residentId);
    if (status) q = q.where('status', '=', status);
    if (beforeId) q = q.where('id', '<', beforeId);
    return q.orderBy('id', 'desc').limit(limit).execute();
  },

  /**
   * A unit's threads (all when no unit), overdue first, then those awaiting an answer, answered
   * and closed; `today` decides what is overdue (due date passed with the answer still owed).
   */
  async inbox(
    db: Db,
    scope: UnitScope,
    filter: { status?: ConsultationStatusColumn; overdue?: boolean },
    today: string,
    limit: number,
    after: InboxKey | null,
  ): Promise<(ConsultationRow & { bucket: number })[]> {
    const bucket = sql<number>`(case when status = 'awaiting_answer' and due_date < ${today}::date then 0 when status = 'awaiting_answer' then 1 when status = 'answered' then 2 else 3 end)`;
    let q = db.selectFrom('consultations').selectAll().select(bucket.as('bucket'));
    if (scope.unitType) q = q.where('unit_type', '=', scope.unitType).where('unit_id', '=', scope.unitId ?? '-');
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.overdue === true) q = q.where('status', '=', 'awaiting_answer').where('due_date', '<', today);
    if (filter.overdue === false) q = q.where((eb) => eb.or([eb('status', '<>', 'awaiting_answer'), eb('due_date', '>=', today)]));
    if (after) q = q.where((eb) => eb.or([eb(bucket, '>', after.b), eb.and([eb(bucket, '=', after.b), eb('id', '<', after.id)])]));
    const rows = await q.orderBy(bucket).orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, bucket: Number(r.bucket) }));
  },

  async addMessage(db: Db, row: Insertable<ConsultationMessagesTable>): Promise<void> {
    await db.insertInto('consultation_messages').values(row).execute();
  },

  messages(db: Db, consultationId: string): Promise<MessageRow[]> {
    return db.selectFrom('consultation_messages').selectAll().where('consultation_id', '=', consultationId).orderBy('id').execute();
  },

  /** Whether a file is attached to a message of the thread. */
  async hasAttachment(db: Db, consultationId: string, fileId: string): Promise<boolean> {
    const row = await db
      .selectFrom('consultation_messages')
      .select('id')
      .where('consultation_id', '=', consultationId)
      .where(sql<boolean>`attachment_ids @> ${JSON.stringify([fileId])}::jsonb`)
      .executeTakeFirst();
    return !!row;
  },
};
