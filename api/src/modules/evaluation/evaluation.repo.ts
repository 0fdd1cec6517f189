import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database';
import type {
  EvaluationPendingTable,
  EvaluationReviewsTable,
  EvaluationsTable,
  EvaluationTargetTypeColumn,
  RectificationAppealsTable,
  RectificationHandlingsTable,
  RectificationRatingsTable,
  RectificationRevisitsTable,
  RectificationTasksTable,
} from '../../db/schema';

export type EvaluationRow = Selectable<EvaluationsTable>;
export type ReviewRow = Selectable<EvaluationReviewsTable>;
export type PendingRow = Selectable<EvaluationPendingTable>;
export type TaskRow = Selectable<RectificationTasksTable>;
export type HandlingRow = Selectable<RectificationHandlingsTable>;
export type RevisitRow = Selectable<RectificationRevisitsTable>;
export type AppealRow = Selectable<RectificationAppealsTable>;
export type RatingRow = Selectable<RectificationRatingsTable>;

export type UnitScope = { unitType?: 'department' | 'hall'; unitId?: string };

/** SQL for ratings, pending targets, rectification tasks and their records. No rules here. */
export const evaluationRepo = {
  byId(db: Db, id: string): Promise<EvaluationRow | undefined> {
    return db.selectFrom('evaluations').selectAll().where('id', '=', id).executeTakeFirst();
  },

  forUpdate(db: Db, id: string): Promise<EvaluationRow | undefined> {
    return db.selectFrom('evaluations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  byTarget(db: Db, targetType: EvaluationTargetTypeColumn, targetId: string): Promise<EvaluationRow | undefined> {
    return db.selectFrom('evaluations').selectAll().where('target_type', '=', targetType).where('target_id', '=', targetId).executeTakeFirst();
  },

  ofResident(db: Db, residentId: string, target?: { type?: EvaluationTargetTypeColumn; id?: string }): Promise<EvaluationRow[]> {
    let q = db.selectFrom('evaluations').selectAll().where('resident_id', '=', residentId);
    if (target?.type) q = q.where('target_type', '=', target.type);
    if (target?.id) q = q.where('target_id', '=', target.id);
    return q.orderBy('id', 'desc').limit(100).execute();
  },

  /** Inserts unless the target is already rated; true when this call's row went in. */
  async insert(db: Db, row: Insertable<EvaluationsTable>): Promise<boolean> {
    const res = await db.insertInto('evaluations').values(row).onConflict((oc) => oc.constraint('evaluations_one_per_target').doNothing()).executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  async update(db: Db, id: string, patch: Updateable<EvaluationsTable>): Promise<void> {
    await db.updateTable('evaluations').set(patch).where('id', '=', id).execute();
  },

  list(db: Db, filter: { level?: number; source?: 'resident' | 'default'; excluded?: boolean }, limit: number, beforeId: string | null): Promise<EvaluationRow[]> {
    let q = db.selectFrom('evaluations').selectAll();
    if (filter.level) q = q.where('level', '=', filter.level);
    if (filter.source) q = q.where('source', '=', filter.source);
    if (filter.excluded !== undefined) q = q.where('excluded', '=', filter.excluded);
    if (beforeId) q = q.where('id', '<', beforeId);
    return q.orderBy('id', 'desc').limit(limit).execute();
  },

  // ---- reviews ----

  async insertReview(db: Db, row: Insertable<EvaluationReviewsTable>): Promise<number> {
    const r = await db.insertInto('evaluation_reviews').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  reviews(db: Db, evaluationId: string): Promise<ReviewRow[]> {
    return db.selectFrom('evaluation_reviews').selectAll().where('evaluation_id', '=', evaluationId).orderBy('id').execute();
  },

  // ---- pending (the 7-day default) ----

  async addPending(db: Db, row: Insertable<EvaluationPendingTable>): Promise<void> {
    await db.insertInto('evaluation_pending').values(row).onConflict((oc) => oc.columns(['target_type', 'target_id']).doNothing()).execute();
  },

  pendingOf(db: Db, residentId: string): Promise<PendingRow[]> {
    return db.selectFrom('evaluation_pending').selectAll().where('resident_id', '=', residentId).orderBy('completed_at', 'desc').limit(100).execute();
  },

  pending(db: Db, targetType: EvaluationTargetTypeColumn, targetId: string): Promise<PendingRow | undefined> {
    return db.selectFrom('evaluation_pending').selectAll().where('target_type', '=', targetType).where('target_id', '=', targetId).executeTakeFirst();
  },

  /** Targets whose rating window ended before `today`, oldest first, locked so two runs don't race. */
  overdueForUpdate(db: Db, today: string, limit: number): Promise<PendingRow[]> {
    return db.selectFrom('evaluation_pending').selectAll().where('rate_by', '<', today).orderBy('rate_by').limit(limit).forUpdate().skipLocked().execute();
  },

  async removePending(db: Db, targetType: EvaluationTargetTypeColumn, targetId: string): Promise<void> {
    await db.deleteFrom('evaluation_pending').where('target_type', '=', targetType).where('target_id', '=', targetId).execute();
  },

  // ---- rectification tasks ----

  async insertTask(db: Db, row: Insertable<RectificationTasksTable>): Promise<void> {
    await db.insertInto('rectification_tasks').values(row).execute();
  },

  task(db: Db, id: string): Promise<TaskRow | undefined> {
    return db.selectFrom('rectification_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  },

  taskForUpdate(db: Db, id: string): Promise<TaskRow | undefined> {
    return db.selectFrom('rectification_tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  taskOf(db: Db, evaluationId: string): Promise<TaskRow | undefined> {
    return db.selectFrom('rectification_tasks').selectAll().where('evaluation_id', '=', evaluationId).executeTakeFirst();
  },

  async updateTask(db: Db, id: string, patch: Updateable<RectificationTasksTable>): Promise<void> {
    await db.updateTable('rectification_tasks').set(patch).where('id', '=', id).execute();
  },

  /** Tasks in a unit (all when no unit), newest first; `overdueBefore`: deadline passed with work still owed. */
  tasks(db: Db, scope: UnitScope, filter: { status?: TaskRow['status']; overdueBefore?: string; notOverdueFrom?: string; running: readonly TaskRow['status'][] }, limit: number, beforeId: string | null): Promise<TaskRow[]> {
    let q = db.selectFrom('rectification_tasks').selectAll();
    if (scope.unitType) q = q.where('unit_type', '=', scope.unitType).where('unit_id', '=', scope.unitId ?? '-');
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.overdueBefore) q = q.where('due_date', '<', filter.overdueBefore).where('status', 'in', filter.running);
    if (filter.notOverdueFrom) {
      const from = filter.notOverdueFrom;
      q = q.where((eb) => eb.or([eb('due_date', '>=', from), eb('status', 'not in', filter.running)]));
    }
    if (beforeId) q = q.where('id', '<', beforeId);
    return q.orderBy('id', 'desc').limit(limit).execute();
  },

  async insertHandling(db: Db, row: Insertable<RectificationHandlingsTable>): Promise<void> {
    await db.insertInto('rectification_handlings').values(row).execute();
  },

  handlings(db: Db, taskId: string): Promise<HandlingRow[]> {
    return db.selectFrom('rectification_handlings').selectAll().where('task_id', '=', taskId).orderBy('id').execute();
  },

  async insertRevisit(db: Db, row: Insertable<RectificationRevisitsTable>): Promise<void> {
    await db.insertInto('rectification_revisits').values(row).execute();
  },

  revisits(db: Db, taskId: string): Promise<RevisitRow[]> {
    return db.selectFrom('rectification_revisits').selectAll().where('task_id', '=', taskId).orderBy('id').execute();
  },

  async insertAppeal(db: Db, row: Insertable<RectificationAppealsTable>): Promise<void> {
    await db.insertInto('rectification_appeals').values(row).execute();
  },

  appeals(db: Db, taskId: string): Promise<AppealRow[]> {
    return db.selectFrom('rectification_appeals').selectAll().where('task_id', '=', taskId).orderBy('id').execute();
  },

  async insertRating(db: Db, row: Insertable<RectificationRatingsTable>): Promise<void> {
    await db.insertInto('rectification_ratings').values(row).execute();
  },

  rating(db: Db, taskId: string): Promise<RatingRow | undefined> {
    return db.selectFrom('rectification_ratings').selectAll().where('task_id', '=', taskId).executeTakeFirst();
  },
};
