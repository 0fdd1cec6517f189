import type { Selectable } from 'kysely';
import type { Db } from '../../db/database';
import type { PaymentRefundsTable, PaymentsTable } from '../../db/schema';

export type PaymentRow = Selectable<PaymentsTable>;
export type RefundRow = Selectable<PaymentRefundsTable>;

export const paymentRepo = {
  byId(db: Db, id: string): Promise<PaymentRow | undefined> {
    return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
  },

  forUpdate(db: Db, id: string): Promise<PaymentRow | undefined> {
    return db.selectFrom('payments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  /** The live (not closed) order of a case for a purpose: at most one, by index. */
  live(db: Db, applicationId: string, purpose: PaymentRow['purpose']): Promise<PaymentRow | undefined> {
    return db.selectFrom('payments').selectAll().where('application_id', '=', applicationId).where('purpose', '=', purpose).where('status', '<>', 'closed').executeTakeFirst();
  },

  ofApplication(db: Db, applicationId: string): Promise<PaymentRow[]> {
    return db.selectFrom('payments').selectAll().where('application_id', '=', applicationId).orderBy('created_at').execute();
  },

  insert(db: Db, row: Omit<PaymentRow, 'refunded_fen' | 'prepay_id' | 'transaction_id' | 'paid_at' | 'closed_reason'>): Promise<unknown> {
    return db.insertInto('payments').values(row).execute();
  },

  update(db: Db, id: string, patch: Partial<Omit<PaymentRow, 'id'>>): Promise<unknown> {
    return db.updateTable('payments').set(patch).where('id', '=', id).execute();
  },

  /** Orders still waiting for a word from WeChat Pay, oldest first. */
  unsettled(db: Db, before: Date, limit: number): Promise<PaymentRow[]> {
    return db.selectFrom('payments').selectAll().where('status', '=', 'created').where('created_at', '<', before).orderBy('created_at').limit(limit).execute();
  },

  paidOn(db: Db, from: Date, to: Date): Promise<PaymentRow[]> {
    return db.selectFrom('payments').selectAll().where('paid_at', '>=', from).where('paid_at', '<', to).execute();
  },

  refunds(db: Db, paymentId: string): Promise<RefundRow[]> {
    return db.selectFrom('payment_refunds').selectAll().where('payment_id', '=', paymentId).orderBy('created_at').execute();
  },

  refundById(db: Db, id: string, lock = false): Promise<RefundRow | undefined> {
    const q = db.selectFrom('payment_refunds').selectAll().where('id', '=', id);
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  },

  insertRefund(db: Db, row: Omit<RefundRow, 'refund_id' | 'succeeded_at'>): Promise<unknown> {
    return db.insertInto('payment_refunds').values(row).execute();
  },

  updateRefund(db: Db, id: string, patch: Partial<Omit<RefundRow, 'id'>>): Promise<unknown> {
    return db.updateTable('payment_refunds').set(patch).where('id', '=', id).execute();
  },

  refundsInFlight(db: Db, before: Date, limit: number): Promise<RefundRow[]> {
    return db.selectFrom('payment_refunds').selectAll().where('status', 'in', ['requested', 'processing']).where('created_at', '<', before).orderBy('created_at').limit(limit).execute();
  },

  refundsSucceededOn(db: Db, from: Date, to: Date): Promise<RefundRow[]> {
    return db.selectFrom('payment_refunds').selectAll().where('succeeded_at', '>=', from).where('succeeded_at', '<', to).execute();
  },

  logNotification(db: Db, row: { notification_id: string | null; event_type: string | null; out_trade_no: string | null; outcome: 'applied' | 'duplicate' | 'rejected'; problem: string | null; received_at: Date }): Promise<unknown> {
    return db.insertInto('payment_notifications').values(row).execute();
  },

  async wasApplied(db: Db, notificationId: string): Promise<boolean> {
    const row = await db.selectFrom('payment_notifications').select('seq').where('notification_id', '=', notificationId).where('outcome', '=', 'applied').executeTakeFirst();
    return !!row;
  },
};
