import { type Kysely, sql } from 'kysely';

/**
 * Calendar, slots, appointments and the queue. A slot can never hold more bookings than its
 * capacity: `booked` only moves through a conditional update, and a CHECK backs it up whatever
 * process or statement tries otherwise.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_days')
    .addColumn('date', 'date', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday', 'makeup_workday')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('slots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('regular', 'delayed', 'weekend')`))
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity > 0`))
    .addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'closed')`))
    .addColumn('created_by', 'text')
    .addCheckConstraint('slots_never_overbooked', sql`booked >= 0 and booked <= capacity`)
    .addCheckConstraint('slots_end_after_start', sql`ends_at > starts_at`)
    .addUniqueConstraint('slots_unique_time', ['hall_id', 'category', 'starts_at'])
    .execute();
  await db.schema.createIndex('slots_hall_date_idx').on('slots').columns(['hall_id', 'date', 'category']).execute();

  await db.schema
    .createTable('appointments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    .addColumn('slot_id', 'text', (c) => c.notNull().references('slots.id'))
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('item_code', 'text')
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('booked', 'checked_in', 'called', 'served', 'cancelled', 'no_show')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('checked_in_at', 'timestamptz')
    .addColumn('no_show_at', 'timestamptz')
    .execute();
  // One active booking per resident per item (or category) per day.
  await sql`create unique index appointments_one_active_per_day on appointments
            (resident_id, coalesce(item_code, 'category:' || category), date)
            where status in ('booked', 'checked_in', 'called')`.execute(db);
  await db.schema.createIndex('appointments_resident_idx').on('appointments').columns(['resident_id', 'date']).execute();
  await sql`create index appointments_open_by_end on appointments (status, slot_id) where status = 'booked'`.execute(db);

  await db.schema
    .createTable('queue_counters')
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('queue_counters_pk', ['hall_id', 'category', 'date'])
    .execute();

  await db.schema
    .createTable('queue_tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text')
    .addColumn('appointment_id', 'text', (c) => c.references('appointments.id'))
    .addColumn('slot_starts_at', 'timestamptz')
    .addColumn('slot_ends_at', 'timestamptz')
    .addColumn('item_code', 'text')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('remote', 'walk_in', 'appointment')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('waiting', 'called', 'serving', 'done', 'skipped', 'cancelled')`))
    .addColumn('window_code', 'text')
    .addColumn('skip_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recall_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('queued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('called_at', 'timestamptz')
    .addColumn('serving_at', 'timestamptz')
    .addColumn('done_at', 'timestamptz')
    .addColumn('near_notified_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('queue_tickets_number_per_day', ['hall_id', 'date', 'number'])
    .execute();
  await sql`create index queue_tickets_waiting on queue_tickets (hall_id, category, date, queued_at) where status = 'waiting'`.execute(db);
  await sql`create unique index queue_tickets_one_open_per_resident on queue_tickets (resident_id, hall_id, category, date)
            where status in ('waiting', 'called', 'serving') and resident_id is not null`.execute(db);

  // Events for other contexts (notification): written in the same transaction as the change.
  await db.schema
    .createTable('appointment_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text')
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('consumed_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['appointment_events', 'queue_tickets', 'queue_counters', 'appointments', 'slots', 'calendar_days']) await db.schema.dropTable(t).execute();
}
