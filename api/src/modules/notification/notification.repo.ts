import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/database';
import type { NotificationsTable, NotificationStatusColumn, NotificationSubscriptionsTable } from '../../db/schema';

export type SubscriptionRow = Selectable<NotificationSubscriptionsTable>;
export type NotificationRow = Selectable<NotificationsTable>;

/** SQL for consents and notifications. No rules here. */
export const notificationRepo = {
  subscriptions(db: Db, residentId: string): Promise<SubscriptionRow[]> {
    return db.selectFrom('notification_subscriptions').selectAll().where('resident_id', '=', residentId).execute();
  },

  subscriptionForUpdate(db: Db, residentId: string, templateId: string): Promise<SubscriptionRow | undefined> {
    return db.selectFrom('notification_subscriptions').selectAll().where('resident_id', '=', residentId).where('template_id', '=', templateId).forUpdate().executeTakeFirst();
  },

  async upsertSubscription(db: Db, row: Insertable<NotificationSubscriptionsTable>): Promise<void> {
    await db
      .insertInto('notification_subscriptions')
      .values(row)
      .onConflict((oc) => oc.columns(['resident_id', 'template_id']).doUpdateSet({ kind: row.kind, status: row.status, credits: row.credits ?? 0, updated_at: row.updated_at }))
      .execute();
  },

  async updateSubscription(db: Db, residentId: string, templateId: string, patch: Updateable<NotificationSubscriptionsTable>): Promise<void> {
    await db.updateTable('notification_subscriptions').set(patch).where('resident_id', '=', residentId).where('template_id', '=', templateId).execute();
  },

  /** Spends one credit; never below zero (the check constraint would refuse it). */
  async spendCredit(db: Db, residentId: string, templateId: string, at: Date): Promise<void> {
    await db
      .updateTable('notification_subscriptions')
      .set({ credits: sql`greatest(credits - 1, 0)`, updated_at: at })
      .where('resident_id', '=', residentId)
      .where('template_id', '=', templateId)
      .execute();
  },

  /** Messages still waiting to go out with this template, younger than `since` (older ones are stuck, not waiting). */
  async pendingCount(db: Db, residentId: string, templateId: string, since: Date): Promise<number> {
    const row = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('resident_id', '=', residentId)
      .where('template_id', '=', templateId)
      .where('status', '=', 'pending')
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Inserts unless a row with the same dedupe key exists; true when inserted. */
  async insert(db: Db, row: Insertable<NotificationsTable>): Promise<boolean> {
    const inserted = await db
      .insertInto('notifications')
      .values(row)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return !!inserted;
  },

  byId(db: Db, id: string): Promise<NotificationRow | undefined> {
    return db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  },

  forUpdate(db: Db, id: string): Promise<NotificationRow | undefined> {
    return db.selectFrom('notifications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async update(db: Db, id: string, patch: Updateable<NotificationsTable>): Promise<void> {
    await db.updateTable('notifications').set(patch).where('id', '=', id).execute();
  },

  ofResident(db: Db, residentId: string, limit: number, after: { at: Date; id: string } | null): Promise<NotificationRow[]> {
    let q = db.selectFrom('notifications').selectAll().where('resident_id', '=', residentId);
    if (after) q = q.where((eb) => eb.or([eb('created_at', '<', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)])]));
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  },

  /** Messages by status created since `since` (the operator's metric). */
  async countsByStatus(db: Db, since: Date): Promise<{ status: NotificationStatusColumn; n: number }[]> {
    const rows = await db
      .selectFrom('notifications')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('created_at', '>', since)
      .groupBy('status')
      .execute();
    return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
  },
};
