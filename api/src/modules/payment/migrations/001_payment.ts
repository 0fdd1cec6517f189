import { type Kysely, sql } from 'kysely';

/** The payment order's statuses (ARCHITECTURE.md §4); the CHECK keeps anything else out. */
export const PAYMENT_STATUSES = ['created', 'paid', 'closed', 'refunded', 'partially_refunded'] as const;
export const REFUND_STATUSES = ['requested', 'processing', 'succeeded', 'closed', 'abnormal'] as const;

/**
 * Payment orders (our id is WeChat Pay's out_trade_no), refunds (our id is out_refund_no), every
 * notification received with what became of it (deduplication and the review log for forgeries),
 * and the daily reconciliation reports against the trade bill.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('fee', 'postage')`))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in (${PAYMENT_STATUSES.map((s) => `'${s}'`).join(', ')})`)))
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('mchid', 'text', (c) => c.notNull())
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('prepay_id', 'text')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('transaction_id', 'text', (c) => c.unique())
    .addColumn('paid_at', 'timestamptz')
    .addColumn('refunded_fen', 'integer', (c) => c.notNull().defaultTo(0).check(sql`refunded_fen >= 0`))
    .addColumn('closed_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('payments_refund_within_amount', sql`refunded_fen <= amount_fen`)
    .addCheckConstraint('payments_paid_has_transaction', sql`status in ('created', 'closed') or transaction_id is not null`)
    .execute();
  await db.schema.createIndex('payments_application_idx').on('payments').columns(['application_id', 'purpose']).execute();
  await db.schema.createIndex('payments_open_idx').on('payments').columns(['status', 'created_at']).where(sql.ref('status'), '=', 'created').execute();
  // One live order per case and purpose: a second tap re-opens the same order instead of charging twice.
  await sql`create unique index payments_one_live_idx on payments (application_id, purpose) where status <> 'closed'`.execute(db);

  await db.schema
    .createTable('payment_refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('amount_fen', 'integer', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in (${REFUND_STATUSES.map((s) => `'${s}'`).join(', ')})`)))
    .addColumn('refund_id', 'text')
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('succeeded_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_refunds_payment_idx').on('payment_refunds').column('payment_id').execute();

  await db.schema
    .createTable('payment_notifications')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('notification_id', 'text')
    .addColumn('event_type', 'text')
    .addColumn('out_trade_no', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('applied', 'duplicate', 'rejected')`))
    .addColumn('problem', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // Applied at most once per notification id, whatever the number of deliveries.
  await sql`create unique index payment_notifications_applied_idx on payment_notifications (notification_id) where outcome = 'applied'`.execute(db);

  await db.schema
    .createTable('payment_reconciliations')
    .addColumn('bill_date', 'date', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('balanced', 'differences', 'failed')`))
    .addColumn('bill_rows', 'integer', (c) => c.notNull())
    .addColumn('differences', 'jsonb', (c) => c.notNull())
    .addColumn('checked_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['payment_reconciliations', 'payment_notifications', 'payment_refunds', 'payments']) await db.schema.dropTable(t).execute();
}
