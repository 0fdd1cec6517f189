import { type Kysely, sql } from 'kysely';

export const COURIER_ORDER_STATUSES = ['requested', 'created', 'picked_up', 'in_transit', 'delivering', 'signed', 'returning', 'returned', 'cancelled'] as const;

/**
 * Residents' addresses (contact, phone and street encrypted; the district in clear for routing),
 * courier orders (our id is the carrier's orderId, so a repeated create is recognised), their
 * tracking events stored once per carrier route id, pushes for waybills we don't know (kept for
 * review), and tasks for staff when a shipment runs into trouble.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('addresses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('label', 'text')
    .addColumn('contact_enc', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().check(sql`region_code ~ '^\\d{6}$'`))
    .addColumn('detail_enc', 'text', (c) => c.notNull())
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('addresses_resident_idx').on('addresses').column('resident_id').execute();

  await db.schema
    .createTable('courier_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('pickup', 'delivery')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in (${COURIER_ORDER_STATUSES.map((s) => `'${s}'`).join(', ')})`)))
    .addColumn('exception', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('carrier', 'text', (c) => c.notNull().defaultTo('SF'))
    .addColumn('waybill_no', 'text', (c) => c.unique())
    .addColumn('window_start', 'timestamptz')
    .addColumn('window_end', 'timestamptz')
    .addColumn('address_enc', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('postage_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('payment_id', 'text')
    .addColumn('handed_over', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('courier_orders_application_idx').on('courier_orders').column('application_id').execute();
  // One live order of each kind per case.
  await sql`create unique index courier_orders_one_live_idx on courier_orders (application_id, kind) where status not in ('cancelled', 'returned')`.execute(db);

  await db.schema
    .createTable('courier_events')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('courier_orders.id'))
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('route_id', 'text', (c) => c.notNull())
    .addColumn('op_code', 'text', (c) => c.notNull())
    .addColumn('canonical', 'text')
    .addColumn('accept_time', 'timestamptz', (c) => c.notNull())
    .addColumn('accept_address', 'text')
    .addColumn('remark', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('push', 'query')`))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('courier_events_route_unique', ['carrier', 'route_id'])
    .execute();
  await db.schema.createIndex('courier_events_order_idx').on('courier_events').column('order_id').execute();

  await db.schema
    .createTable('courier_orphan_routes')
    .addColumn('route_id', 'text', (c) => c.primaryKey())
    .addColumn('mailno', 'text')
    .addColumn('orderid', 'text')
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('courier_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('courier_orders.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('exception', 'returned', 'create_failed')`))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'resolved')`))
    .addColumn('resolution', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // At most one open task of a kind per order: a repeated exception doesn't pile up tasks.
  await sql`create unique index courier_tasks_one_open_idx on courier_tasks (order_id, kind) where status = 'open'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['courier_tasks', 'courier_orphan_routes', 'courier_events', 'courier_orders', 'addresses']) await db.schema.dropTable(t).execute();
}
