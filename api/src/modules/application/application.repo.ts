import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/database';
import type { ApplicationMaterialsTable, ApplicationsTable, ApplicationTimelineTable } from '../../db/schema';

export type ApplicationRow = Selectable<ApplicationsTable>;
export type ProvidedRow = Selectable<ApplicationMaterialsTable>;
export type TimelineRow = Selectable<ApplicationTimelineTable>;

/** SQL for applications, their materials and timelines. No rules here. */
export const applicationRepo = {
  async nextNumber(db: Db, day: string): Promise<number> {
    const row = await db
      .insertInto('application_counters')
      .values({ day, last: 1 })
      .onConflict((oc) => oc.column('day').doUpdateSet({ last: sql`application_counters.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow();
    return row.last;
  },

  async insert(db: Db, row: Insertable<ApplicationsTable>): Promise<void> {
    await db.insertInto('applications').values(row).execute();
  },

  byId(db: Db, id: string): Promise<ApplicationRow | undefined> {
    return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
  },

  forUpdate(db: Db, id: string): Promise<ApplicationRow | undefined> {
    return db.selectFrom('applications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  byNumber(db: Db, applicationNo: string): Promise<ApplicationRow | undefined> {
    return db.selectFrom('applications').selectAll().where('application_no', '=', applicationNo).executeTakeFirst();
  },

  group(db: Db, bundleGroup: string): Promise<ApplicationRow[]> {
    return db.selectFrom('applications').selectAll().where('bundle_group', '=', bundleGroup).orderBy('id').execute();
  },

  /** The resident's own applications and those they made as an agent. */
  ofResident(db: Db, residentId: string, limit: number, beforeCreatedAt: Date | null): Promise<ApplicationRow[]> {
    let q = db.selectFrom('applications').selectAll().where((eb) => eb.or([eb('resident_id', '=', residentId), eb('submitted_by', '=', residentId)]));
    if (beforeCreatedAt) q = q.where('created_at', '<', beforeCreatedAt);
    return q.orderBy('created_at', 'desc').limit(limit).execute();
  },

  workList(
    db: Db,
    scope: { departmentCode?: string | null; hallId?: string | null },
    filter: { status?: string; light?: string },
    limit: number,
    beforeCreatedAt: Date | null,
  ): Promise<ApplicationRow[]> {
    let q = db.selectFrom('applications').selectAll().where('status', '!=', 'draft');
    if (scope.departmentCode) q = q.where('department_code', '=', scope.departmentCode);
    if (scope.hallId) q = q.where('hall_id', '=', scope.hallId);
    if (filter.status) q = q.where('status', '=', filter.status as ApplicationRow['status']);
    if (filter.light) q = q.where('light', '=', filter.light as 'green');
    if (beforeCreatedAt) q = q.where('created_at', '<', beforeCreatedAt);
    return q.orderBy('created_at', 'desc').limit(limit).execute();
  },

  async update(db: Db, id: string, patch: Updateable<ApplicationsTable>): Promise<void> {
    await db.updateTable('applications').set(patch).where('id', '=', id).execute();
  },

  provided(db: Db, applicationId: string): Promise<ProvidedRow[]> {
    return db.selectFrom('application_materials').selectAll().where('application_id', '=', applicationId).execute();
  },

  async provide(db: Db, row: Insertable<ApplicationMaterialsTable>): Promise<void> {
    await db
      .insertInto('application_materials')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['application_id', 'material_code']).doUpdateSet({ source: row.source, file_id: row.file_id ?? null, e_licence_type: row.e_licence_type ?? null, provided_at: row.provided_at }),
      )
      .execute();
  },

  async addTimeline(db: Db, row: Insertable<ApplicationTimelineTable>): Promise<void> {
    await db.insertInto('application_timeline').values(row).execute();
  },

  timeline(db: Db, applicationId: string): Promise<TimelineRow[]> {
    return db.selectFrom('application_timeline').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
  },

  clockRunning(db: Db): Promise<ApplicationRow[]> {
    return db.selectFrom('applications').selectAll().where('status', 'in', ['accepted', 'accepted_deficient', 'forwarded', 'in_review']).execute();
  },
};
