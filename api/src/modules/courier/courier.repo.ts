import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database';
import type { AddressesTable, CourierEventsTable, CourierOrdersTable, CourierOrphanRoutesTable, CourierTasksTable } from '../../db/schema';

export type CourierOrderRow = Selectable<CourierOrdersTable>;
type TaskRow = Selectable<CourierTasksTable>;

export const courierRepo = {
  addresses(db: Db, residentId: string) {
    return db.selectFrom('addresses').selectAll().where('resident_id', '=', residentId).where('deleted', '=', false).orderBy('created_at', 'desc').execute();
  },

  address(db: Db, residentId: string, id: string) {
    return db.selectFrom('addresses').selectAll().where('id', '=', id).where('resident_id', '=', residentId).where('deleted', '=', false).executeTakeFirst();
  },

  insertAddress(db: Db, row: Insertable<AddressesTable>) {
    return db.insertInto('addresses').values(row).execute();
  },

  /** Soft delete: orders keep their own encrypted copy, so nothing else refers to the row. */
  async removeAddress(db: Db, residentId: string, id: string): Promise<boolean> {
    const res = await db.updateTable('addresses').set({ deleted: true }).where('id', '=', id).where('resident_id', '=', residentId).where('deleted', '=', false).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  },

  byId(db: Db, id: string): Promise<CourierOrderRow | undefined> {
    return db.selectFrom('courier_orders').selectAll().where('id', '=', id).executeTakeFirst();
  },

  forUpdate(db: Db, id: string): Promise<CourierOrderRow | undefined> {
    return db.selectFrom('courier_orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  byWaybill(db: Db, waybillNo: string): Promise<CourierOrderRow | undefined> {
    return db.selectFrom('courier_orders').selectAll().where('waybill_no', '=', waybillNo).executeTakeFirst();
  },

  ofApplication(db: Db, applicationId: string): Promise<CourierOrderRow[]> {
    return db.selectFrom('courier_orders').selectAll().where('application_id', '=', applicationId).orderBy('created_at').execute();
  },

  insert(db: Db, row: Insertable<CourierOrdersTable>) {
    return db.insertInto('courier_orders').values(row).execute();
  },

  update(db: Db, id: string, patch: Partial<Omit<CourierOrderRow, 'id'>>) {
    return db.updateTable('courier_orders').set(patch).where('id', '=', id).execute();
  },

  /** Orders on the move whose tracking we haven't refreshed for a while. */
  tracking(db: Db, statuses: CourierOrderRow['status'][], before: Date, limit: number): Promise<CourierOrderRow[]> {
    return db.selectFrom('courier_orders').selectAll().where('status', 'in', statuses).where('updated_at', '<', before).orderBy('updated_at').limit(limit).execute();
  },

  /** Stored once per (carrier, route id): a duplicate push adds nothing. */
  insertEvent(db: Db, row: Insertable<CourierEventsTable>) {
    return db.insertInto('courier_events').values(row).onConflict((oc) => oc.columns(['carrier', 'route_id']).doNothing()).execute();
  },

  events(db: Db, orderId: string) {
    return db.selectFrom('courier_events').selectAll().where('order_id', '=', orderId).orderBy('accept_time').orderBy('received_at').execute();
  },

  orphan(db: Db, row: Insertable<CourierOrphanRoutesTable>) {
    return db.insertInto('courier_orphan_routes').values(row).onConflict((oc) => oc.column('route_id').doNothing()).execute();
  },

  /** One open task per order and kind (partial unique index): a repeat is a no-op. */
  insertTask(db: Db, row: Insertable<CourierTasksTable>) {
    return db.insertInto('courier_tasks').values(row).onConflict((oc) => oc.columns(['order_id', 'kind']).where('status', '=', 'open').doNothing()).execute();
  },

  task(db: Db, id: string): Promise<TaskRow | undefined> {
    return db.selectFrom('courier_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  },

  tasks(db: Db, status: 'open' | 'resolved', hallId: string | null): Promise<TaskRow[]> {
    let q = db.selectFrom('courier_tasks').innerJoin('courier_orders', 'courier_orders.id', 'courier_tasks.order_id').selectAll('courier_tasks').where('courier_tasks.status', '=', status);
    if (hallId) q = q.where('courier_orders.hall_id', '=', hallId);
    return q.orderBy('courier_tasks.created_at', 'desc').limit(200).execute();
  },

  updateTask(db: Db, id: string, patch: Partial<Omit<TaskRow, 'id'>>) {
    return db.updateTable('courier_tasks').set(patch).where('id', '=', id).execute();
  },
};
