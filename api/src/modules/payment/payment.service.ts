import { Inject, Init, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import {
  type CreatedPayment,
  PAYMENT_PURPOSE_NAMES,
  PAYMENT_STATUS_NAMES,
  type PaymentPurpose,
  type PaymentView,
  REFUND_STATUS_NAMES,
  type ReconciliationView,
  type ServiceItem,
  yuan,
} from '@haizhu/shared-types';
import type { StaffActor } from '../../common/actor';
import { shanghaiDate, toShanghaiIso } from '../../common/clock';
import { AppError, notFound } from '../../common/errors';
import { crashPoint } from '../../common/faults';
import { newId } from '../../common/ids';
import { Jobs } from '../../common/jobs';
import { Platform } from '../../common/platform';
import { type Db, inTransaction } from '../../db/database';
import { type ApplicationRow, ApplicationService } from '../application';
import { type AuditActor, AuditService } from '../audit';
import { IdentityService } from '../identity';
import { parseTradeBill } from './trade-bill';
import { type PaymentRow, paymentRepo, type RefundRow } from './payment.repo';
import { type Refund, type Transaction, WechatPayClient, WechatPayRejected, WechatPayUnavailable } from './wechatpay.client';
import { decryptResource, type EncryptedResource, signedHeaders, verifySignature } from './wechatpay.crypto';

export const REFUND_TASK = 'payment_refund';
export const SWEEP_TASK = 'payment_sweep';
export const RECONCILE_TASK = 'payment_reconcile';

const SYSTEM: AuditActor = { type: 'system', id: 'wechatpay' };
/** Orders and refunds younger than this are left to their notification before we ask. */
const QUIET_MS = 60_000;
const REFUND_STATUS: Record<Refund['status'], RefundRow['status']> = { SUCCESS: 'succeeded', CLOSED: 'closed', PROCESSING: 'processing', ABNORMAL: 'abnormal' };

type Outcome = { ok: true } | { ok: false; problem: string };

/** A payment that was just paid or refunded (once, whichever way we learnt it), as other contexts hear of it. */
export interface PaymentSettled {
  paymentId: string;
  applicationId: string;
  purpose: PaymentPurpose;
  description: string;
  result: 'paid' | 'refunded';
  /** paid: the order's amount; refunded: this refund's amount (fen) */
  amountFen: number;
  at: Date;
}
type SettledHook = (tx: Db, settled: PaymentSettled) => Promise<void>;
type RefundNotice = { out_refund_no: string; out_trade_no: string; refund_id?: string; refund_status?: Refund['status']; status?: Refund['status']; mchid?: string; success_time?: string; amount?: { refund?: number } };

/** Refunds asked for and not failed: what is no longer refundable (fen). */
function committedRefunds(refunds: RefundRow[]): number {
  return refunds.filter((r) => r.status !== 'closed').reduce((sum, r) => sum + r.amount_fen, 0);
}

/** The fee a case owes by its item's guide, in fen; 0 when free. */
export function feeOf(item: ServiceItem): number {
  return item.guide.fee.free ? 0 : (item.guide.fee.amountFen ?? 0);
}

/**
 * 缴费 through WeChat Pay, never wrong about whether a resident paid: an order exists here before
 * WeChat Pay hears of it; a verified notification or our own query settles it, once; orders
 * nobody settles are queried on a schedule and closed when they expire; refunds go out by job;
 * every day's trade bill is reconciled against what we recorded.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class PaymentService {
  @Inject()
  platform!: Platform;

  @Inject()
  wxpay!: WechatPayClient;

  @Inject()
  applications!: ApplicationService;

  @Inject()
  identity!: IdentityService;

  @Inject()
  audit!: AuditService;

  @Inject()
  jobs!: Jobs;

  /** Hooks other contexts add (notification: 缴费结果), run inside the transaction that records the result. */
  private readonly onSettled: SettledHook[] = [];

  afterSettled(hook: SettledHook): void {
    this.onSettled.push(hook);
  }

  @Init()
  init(): void {
    this.applications.provideViewPart('payments', (id) => this.viewsOf(id));
    // 出件 waits for the fee: a result is not handed over while it is owed.
    this.applications.guardTransition(async (tx, app, event) => {
      if (event !== 'deliver_result' || feeOf(await this.applications.itemOfCase(app)) === 0) return;
      const fee = await paymentRepo.live(tx, app.id, 'fee');
      if (!fee || fee.status === 'created') throw new AppError('FEE_UNPAID');
    });
  }

  /** Opens (or re-opens) the case's order for a purpose and returns what wx.requestPayment needs. */
  async open(actorId: string, applicationId: string, purpose: PaymentPurpose): Promise<CreatedPayment> {
    if (!this.wxpay.configured) throw new AppError('PAYMENT_UNAVAILABLE');
    const app = await this.applications.caseOf(actorId, applicationId);
    if (app.status === 'draft' || app.status === 'withdrawn' || app.status === 'refused') throw new AppError('INVALID_STATE', '提交申请后才能缴费');
    let order = await paymentRepo.live(this.platform.db, app.id, purpose);
    // An order about to expire can't be paid in time: settle it, and start a new one if it closed.
    if (order?.status === 'created' && order.expires_at.getTime() - this.platform.clock.now().getTime() < 60_000) {
      await this.settle(order.id, true);
      order = await paymentRepo.live(this.platform.db, app.id, purpose);
    }
    if (order && order.status !== 'created') throw new AppError('ALREADY_PAID');
    if (!order) {
      if (purpose === 'postage') throw new AppError('NOTHING_TO_PAY', '请先选择快递寄送，再支付快递费');
      const item = await this.applications.itemOfCase(app);
      const fen = feeOf(item);
      if (fen === 0) throw new AppError('NOTHING_TO_PAY');
      order = await this.createOrder(this.platform.db, app, 'fee', fen, `${item.name}（${PAYMENT_PURPOSE_NAMES.fee}）`);
    }
    return this.prepay(order);
  }

  /**
   * An order another context owes us (courier postage), inside its transaction: created once per
   * case and purpose, then paid by the resident through `open`.
   */
  async ensureOrder(tx: Db, applicationId: string, purpose: PaymentPurpose, amountFen: number, description: string): Promise<PaymentRow> {
    const app = await this.applications.byId(applicationId);
    if (!app) throw notFound();
    return (await paymentRepo.live(tx, applicationId, purpose)) ?? this.createOrder(tx, app, purpose, amountFen, description);
  }

  /** Whether the case's order for a purpose is paid (refunds aside). */
  async isPaid(applicationId: string, purpose: PaymentPurpose): Promise<boolean> {
    const order = await paymentRepo.live(this.platform.db, applicationId, purpose);
    return !!order && order.status !== 'created';
  }

  /** The resident's view of an order; one still open is checked with WeChat Pay first, so paid reads as paid. */
  async residentView(actorId: string, id: string): Promise<PaymentView> {
    const order = await paymentRepo.byId(this.platform.db, id);
    if (!order) throw notFound();
    await this.applications.caseOf(actorId, order.application_id);
    if (order.status === 'created') await this.settle(order.id, true).catch(() => undefined);
    return this.view((await paymentRepo.byId(this.platform.db, id)) as PaymentRow);
  }

  async staffView(staff: StaffActor, id: string): Promise<PaymentView> {
    const order = await paymentRepo.byId(this.platform.db, id);
    if (!order) throw notFound();
    await this.applications.staffCaseOf(staff, order.application_id);
    return this.view(order);
  }

  /**
   * A notification from WeChat Pay (§10): signature and timestamp, then decryption (tag checked),
   * then appid, mchid and amount against our order; applied once however often it comes.
   * Anything that fails changes nothing, is logged for review and answered as a failure.
   */
  async handleNotification(rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<{ status: number; body?: { code: string; message: string } }> {
    const received = this.platform.clock.now();
    const refuse = async (problem: string, status: number, meta: { id?: string; eventType?: string; outTradeNo?: string } = {}) => {
      this.platform.logger.warn('refused a WeChat Pay notification', { problem, notificationId: meta.id, outTradeNo: meta.outTradeNo });
      await paymentRepo.logNotification(this.platform.db, { notification_id: meta.id ?? null, event_type: meta.eventType ?? null, out_trade_no: meta.outTradeNo ?? null, outcome: 'rejected', problem, received_at: received });
      return { status, body: { code: 'FAIL', message: '失败' } };
    };
    if (!this.wxpay.configured) return refuse('not_configured', 503);
    const h = signedHeaders(headers);
    const nowSec = Math.floor(received.getTime() / 1000);
    let check = verifySignature(h, rawBody, this.wxpay.platformKeys(), nowSec);
    if (!check.ok && check.problem === 'unknown_serial' && !h.serial?.startsWith('PUB_KEY_ID_')) {
      await this.wxpay.refreshCertificates();
      check = verifySignature(h, rawBody, this.wxpay.platformKeys(), nowSec);
    }
    if (!check.ok) return refuse(check.problem, 401);
    let envelope: { id?: string; event_type?: string; resource?: EncryptedResource };
    try {
      envelope = JSON.parse(rawBody) as typeof envelope;
    } catch {
      return refuse('malformed_json', 400);
    }
    const meta = { id: envelope.id, eventType: envelope.event_type };
    if (!envelope.id || !envelope.resource) return refuse('malformed_envelope', 400, meta);
    let plain: Record<string, unknown>;
    try {
      plain = JSON.parse(decryptResource(this.wxpay.apiV3Key, envelope.resource)) as Record<string, unknown>;
    } catch {
      return refuse('bad_ciphertext', 400, meta);
    }
    const outTradeNo = typeof plain.out_trade_no === 'string' ? plain.out_trade_no : undefined;
    if (await paymentRepo.wasApplied(this.platform.db, envelope.id)) {
      await paymentRepo.logNotification(this.platform.db, { notification_id: envelope.id, event_type: envelope.event_type ?? null, out_trade_no: outTradeNo ?? null, outcome: 'duplicate', problem: null, received_at: received });
      return { status: 204 };
    }
    let outcome: Outcome;
    if (envelope.event_type === 'TRANSACTION.SUCCESS') outcome = await this.applyTransaction(plain as unknown as Transaction, envelope.id);
    else if (envelope.event_type?.startsWith('REFUND.')) outcome = await this.applyRefund(plain as unknown as RefundNotice, envelope.id);
    else outcome = { ok: false, problem: `unexpected_event:${envelope.event_type ?? ''}` };
    if (!outcome.ok) return refuse(outcome.problem, 400, { ...meta, outTradeNo });
    return { status: 204 };
  }

  /**
   * Asks WeChat Pay where an open order stands and records it: paid, or closed once expired
   * (closing it there first, so it can't be paid after we gave up on it).
   */
  async settle(id: string, quick = false): Promise<PaymentRow['status'] | undefined> {
    const order = await paymentRepo.byId(this.platform.db, id);
    if (!order || order.status !== 'created') return order?.status;
    const expired = this.platform.clock.now() >= order.expires_at;
    let trade: Transaction | null;
    try {
      trade = await this.wxpay.query(order.id);
    } catch (err) {
      if (quick || err instanceof WechatPayUnavailable) {
        this.platform.logger.warn('payment query failed; will ask again', { paymentId: id, reason: String(err) });
        return 'created';
      }
      throw err;
    }
    if (!trade) {
      // WeChat Pay never heard of it (the prepay call never got through): nothing to pay there.
      if (expired) await this.closeLocally(order.id, 'not_at_wechatpay');
    } else if (trade.trade_state === 'SUCCESS' || trade.trade_state === 'REFUND') {
      const outcome = await this.applyTransaction(trade);
      if (!outcome.ok) this.platform.logger.error('payment query disagrees with our order', { paymentId: id, problem: outcome.problem });
    } else if (trade.trade_state === 'CLOSED' || trade.trade_state === 'REVOKED' || trade.trade_state === 'PAYERROR') {
      await this.closeLocally(order.id, trade.trade_state.toLowerCase());
    } else if (expired && !quick) {
      try {
        await this.wxpay.close(order.id);
        await this.closeLocally(order.id, 'expired');
      } catch {
        // Paid in the last moment, or WeChat Pay is away: the next round's query decides.
        return 'created';
      }
    }
    return (await paymentRepo.byId(this.platform.db, id))?.status;
  }

  /** The scheduled round: open orders past their quiet minute, refunds not yet final. */
  async sweep(): Promise<{ orders: number; refunds: number }> {
    const before = new Date(this.platform.clock.now().getTime() - QUIET_MS);
    const orders = await paymentRepo.unsettled(this.platform.db, before, 100);
    for (const o of orders) await this.settle(o.id).catch((err: unknown) => this.platform.logger.warn('payment settle failed', { paymentId: o.id, reason: String(err) }));
    const refunds = await paymentRepo.refundsInFlight(this.platform.db, before, 100);
    for (const r of refunds) await this.settleRefund(r).catch((err: unknown) => this.platform.logger.warn('refund settle failed', { refundId: r.id, reason: String(err) }));
    return { orders: orders.length, refunds: refunds.length };
  }

  /** 退款 by staff within their scope: recorded, then sent by job (out_refund_no = our id, so retries refund once). */
  async refund(staff: StaffActor, paymentId: string, amountFen: number, reason: string): Promise<PaymentView> {
    const order = await paymentRepo.byId(this.platform.db, paymentId);
    if (!order) throw notFound();
    await this.applications.staffCaseOf(staff, order.application_id);
    await inTransaction(this.platform.db, async (tx) => {
      const locked = (await paymentRepo.forUpdate(tx, paymentId)) as PaymentRow;
      if (locked.status !== 'paid' && locked.status !== 'partially_refunded') throw new AppError('INVALID_STATE', '只有已支付的订单可以退款');
      const left = locked.amount_fen - committedRefunds(await paymentRepo.refunds(tx, paymentId));
      if (amountFen > left) throw new AppError('REFUND_EXCEEDS_PAID', `最多可退 ¥${yuan(left)}`);
      await this.requestRefund(tx, locked, amountFen, reason, { type: 'staff', id: staff.staffId, role: staff.roles[0] ?? 'staff', unit: staff.departmentCode ?? staff.hallId }, staff.staffId);
    });
    return this.view((await paymentRepo.byId(this.platform.db, paymentId)) as PaymentRow);
  }

  /**
   * Gives back, in the caller's transaction, what is left of a paid order whose service will not
   * happen (the postage of a cancelled delivery). False when nothing was paid or nothing is left.
   */
  async refundRemaining(tx: Db, paymentId: string, reason: string): Promise<boolean> {
    const locked = await paymentRepo.forUpdate(tx, paymentId);
    if (!locked || (locked.status !== 'paid' && locked.status !== 'partially_refunded')) return false;
    const left = locked.amount_fen - committedRefunds(await paymentRepo.refunds(tx, paymentId));
    if (left <= 0) return false;
    await this.requestRefund(tx, locked, left, reason, SYSTEM, 'system');
    return true;
  }

  /** Records a refund and its job (WeChat Pay is asked by the job, idempotent by out_refund_no). */
  private async requestRefund(tx: Db, order: PaymentRow, amountFen: number, reason: string, actor: AuditActor, staffId: string): Promise<void> {
    const now = this.platform.clock.now();
    const id = newId('rfd');
    await paymentRepo.insertRefund(tx, { id, payment_id: order.id, amount_fen: amountFen, reason, status: 'requested', staff_id: staffId, created_at: now, updated_at: now });
    await this.audit.append(tx, { actor, action: 'payment.refund_requested', subjectType: 'payment', subjectId: order.id, residentId: order.resident_id, data: { refundId: id, amountFen, reason } });
    await this.jobs.add(tx, REFUND_TASK, { refundId: id }, `${REFUND_TASK}:${id}`);
  }

  /** The refund job: asks WeChat Pay to refund (idempotent by out_refund_no) and records its answer. */
  async sendRefund(refundId: string): Promise<void> {
    const r = await paymentRepo.refundById(this.platform.db, refundId);
    if (!r || r.status !== 'requested') return;
    const order = (await paymentRepo.byId(this.platform.db, r.payment_id)) as PaymentRow;
    try {
      const res = await this.wxpay.refund({ outRefundNo: r.id, outTradeNo: order.id, reason: r.reason, refundFen: r.amount_fen, totalFen: order.amount_fen });
      // WeChat Pay has the refund; dying here, the retry sends the same out_refund_no and gets it back.
      crashPoint(this.platform.config, 'payment_refund.after_call');
      await this.applyRefund({ ...res, refund_status: res.status, mchid: order.mchid });
    } catch (err) {
      // Too soon after the last refund of this order (§9: a minute apart): the job tries again later.
      if (!(err instanceof WechatPayRejected) || err.status === 429 || err.code === 'FREQUENCY_LIMITED') throw err;
      // Refused for good (e.g. over the refundable amount): the refund closes, staff see why.
      await paymentRepo.updateRefund(this.platform.db, r.id, { status: 'closed', updated_at: this.platform.clock.now() });
      this.platform.logger.warn('WeChat Pay refused a refund', { refundId, code: err.code });
    }
  }

  /** Compares a day's trade bill with what we recorded; differences are kept for the operator. */
  async reconcile(billDate: string): Promise<ReconciliationView> {
    const from = new Date(`${billDate}T00:00:00+08:00`);
    const to = new Date(from.getTime() + 24 * 3600_000);
    const differences: { kind: string; outTradeNo: string | null; detail: string }[] = [];
    let billRows = 0;
    let status: 'balanced' | 'differences' | 'failed' = 'balanced';
    try {
      const csv = await this.wxpay.tradeBill(billDate);
      const bill = csv ? parseTradeBill(csv) : [];
      billRows = bill.length;
      const paid = new Map((await paymentRepo.paidOn(this.platform.db, from, to)).map((p) => [p.id, p]));
      const refunds = new Map((await paymentRepo.refundsSucceededOn(this.platform.db, from, to)).map((r) => [r.id, r]));
      for (const row of bill) {
        if (row.outRefundNo) {
          const ours = refunds.get(row.outRefundNo);
          if (!ours) differences.push({ kind: 'refund_not_recorded', outTradeNo: row.outTradeNo, detail: `账单有退款 ${row.outRefundNo} ¥${yuan(row.refundFen)}，本系统未记为已退款` });
          else if (ours.amount_fen !== row.refundFen) differences.push({ kind: 'refund_amount_mismatch', outTradeNo: row.outTradeNo, detail: `退款 ${row.outRefundNo}：账单 ¥${yuan(row.refundFen)}，本系统 ¥${yuan(ours.amount_fen)}` });
          refunds.delete(row.outRefundNo);
          continue;
        }
        const ours = paid.get(row.outTradeNo);
        if (!ours) {
          differences.push({ kind: 'payment_not_recorded', outTradeNo: row.outTradeNo, detail: `账单有支付 ¥${yuan(row.amountFen)}，本系统未记为当日已支付` });
          // The resident paid and we missed it: settle now rather than wait for a person.
          await this.settle(row.outTradeNo).catch(() => undefined);
        } else if (ours.amount_fen !== row.amountFen) differences.push({ kind: 'amount_mismatch', outTradeNo: row.outTradeNo, detail: `账单 ¥${yuan(row.amountFen)}，本系统 ¥${yuan(ours.amount_fen)}` });
        paid.delete(row.outTradeNo);
      }
      for (const p of paid.values()) differences.push({ kind: 'payment_not_in_bill', outTradeNo: p.id, detail: `本系统记为已支付 ¥${yuan(p.amount_fen)}，账单中没有` });
      for (const r of refunds.values()) differences.push({ kind: 'refund_not_in_bill', outTradeNo: r.payment_id, detail: `本系统记为已退款 ${r.id} ¥${yuan(r.amount_fen)}，账单中没有` });
      if (differences.length) status = 'differences';
    } catch (err) {
      status = 'failed';
      differences.push({ kind: 'bill_unavailable', outTradeNo: null, detail: `无法获取对账单：${err instanceof Error ? err.message : String(err)}` });
    }
    const checkedAt = this.platform.clock.now();
    const row = { bill_date: billDate, status, bill_rows: billRows, differences: JSON.stringify(differences), checked_at: checkedAt };
    await this.platform.db
      .insertInto('payment_reconciliations')
      .values(row)
      .onConflict((oc) => oc.column('bill_date').doUpdateSet({ status, bill_rows: billRows, differences: row.differences, checked_at: checkedAt }))
      .execute();
    if (status !== 'balanced') this.platform.logger.warn('payment reconciliation found differences', { billDate, status, count: differences.length });
    return { billDate, status, billRows, differences, checkedAt: toShanghaiIso(checkedAt) };
  }

  async reconciliations(limit = 30): Promise<ReconciliationView[]> {
    const rows = await this.platform.db.selectFrom('payment_reconciliations').selectAll().orderBy('bill_date', 'desc').limit(limit).execute();
    return rows.map((r) => ({ billDate: r.bill_date, status: r.status, billRows: r.bill_rows, differences: r.differences as ReconciliationView['differences'], checkedAt: toShanghaiIso(r.checked_at) }));
  }

  /** Yesterday in Beijing: the bill WeChat Pay publishes in the morning. */
  yesterday(): string {
    return shanghaiDate(new Date(this.platform.clock.now().getTime() - 24 * 3600_000));
  }

  async viewsOf(applicationId: string): Promise<PaymentView[]> {
    return Promise.all((await paymentRepo.ofApplication(this.platform.db, applicationId)).map((p) => this.view(p)));
  }

  // ---- internals ----

  private async createOrder(db: Db, app: ApplicationRow, purpose: PaymentPurpose, amountFen: number, description: string): Promise<PaymentRow> {
    const cfg = this.platform.config.wxpay;
    const now = this.platform.clock.now();
    const row = {
      id: newId('pay'),
      application_id: app.id,
      resident_id: app.resident_id,
      purpose,
      description: `海珠政务-${description}`.slice(0, 127),
      amount_fen: amountFen,
      status: 'created' as const,
      appid: cfg.appid,
      mchid: cfg.mchid,
      openid: await this.identity.openidOf(app.submitted_by),
      expires_at: new Date(now.getTime() + cfg.expireMinutes * 60_000),
      created_at: now,
      updated_at: now,
    };
    const write = async (tx: Db) => {
      await paymentRepo.insert(tx, row);
      await this.audit.append(tx, { actor: { type: 'resident', id: app.submitted_by }, action: 'payment.created', subjectType: 'payment', subjectId: row.id, residentId: app.resident_id, data: { applicationNo: app.application_no, purpose, amountFen } });
    };
    // Inside a caller's transaction (courier postage) the order commits with the caller's change.
    if (db.isTransaction) {
      await write(db);
      return (await paymentRepo.byId(db, row.id)) as PaymentRow;
    }
    try {
      await inTransaction(db, write);
    } catch (err) {
      // Two taps at once: the other one's order is the live one.
      const live = await paymentRepo.live(db, app.id, purpose);
      if (live) return live;
      throw err;
    }
    return (await paymentRepo.byId(db, row.id)) as PaymentRow;
  }

  private async prepay(order: PaymentRow): Promise<CreatedPayment> {
    try {
      const payParams = await this.wxpay.prepay({ outTradeNo: order.id, description: order.description, amountFen: order.amount_fen, openid: order.openid, expiresAt: order.expires_at, attach: order.application_id });
      const prepayId = payParams.package.replace(/^prepay_id=/, '');
      await paymentRepo.update(this.platform.db, order.id, { prepay_id: prepayId, updated_at: this.platform.clock.now() });
      return { id: order.id, amount: order.amount_fen, payParams, devCashierUrl: this.devCashierUrl(prepayId) };
    } catch (err) {
      if (err instanceof WechatPayRejected) {
        // Closed or already paid at WeChat Pay: our record follows theirs, and the resident hears which.
        const status = await this.settle(order.id, true);
        if (status === 'paid') throw new AppError('ALREADY_PAID');
        this.platform.logger.warn('WeChat Pay refused a prepay', { paymentId: order.id, code: err.code });
        throw new AppError('PAYMENT_UNAVAILABLE', '微信支付未能下单，请稍后再试或到窗口缴费');
      }
      this.platform.logger.warn('WeChat Pay unreachable for a prepay', { paymentId: order.id, reason: String(err) });
      throw new AppError('PAYMENT_UNAVAILABLE');
    }
  }

  /** The simulator's cashier page stands in for wx.requestPayment in the H5 build, never in production. */
  private devCashierUrl(prepayId: string): string | null {
    const base = this.platform.config.wxpay.apiBase;
    const loopback = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(base);
    return this.platform.config.env !== 'production' && loopback ? `${base}/__sim/cashier?prepay_id=${encodeURIComponent(prepayId)}` : null;
  }

  /** A verified SUCCESS (notification or query) against our order; applied once. */
  private async applyTransaction(trade: Transaction, notificationId?: string): Promise<Outcome> {
    const order = await paymentRepo.byId(this.platform.db, trade.out_trade_no);
    if (!order) return { ok: false, problem: 'unknown_order' };
    if (trade.appid !== order.appid) return { ok: false, problem: 'appid_mismatch' };
    if (trade.mchid !== order.mchid) return { ok: false, problem: 'mchid_mismatch' };
    if (trade.amount?.total !== order.amount_fen) return { ok: false, problem: 'amount_mismatch' };
    if ((trade.trade_state !== 'SUCCESS' && trade.trade_state !== 'REFUND') || !trade.transaction_id) return { ok: false, problem: 'not_paid' };
    const now = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      const locked = (await paymentRepo.forUpdate(tx, order.id)) as PaymentRow;
      const fresh = locked.status === 'created' || locked.status === 'closed';
      if (fresh) {
        await paymentRepo.update(tx, order.id, { status: 'paid', transaction_id: trade.transaction_id, paid_at: trade.success_time ? new Date(trade.success_time) : now, closed_reason: null, updated_at: now });
        await this.audit.append(tx, { actor: SYSTEM, action: 'payment.paid', subjectType: 'payment', subjectId: order.id, residentId: order.resident_id, data: { amountFen: order.amount_fen, transactionId: trade.transaction_id, via: notificationId ? 'notification' : 'query' } });
        await this.applications.addNote(order.application_id, `已缴纳${PAYMENT_PURPOSE_NAMES[order.purpose]} ¥${yuan(order.amount_fen)}`, undefined, tx);
        const settled = { paymentId: order.id, applicationId: order.application_id, purpose: order.purpose, description: order.description, result: 'paid' as const, amountFen: order.amount_fen, at: now };
        for (const hook of this.onSettled) await hook(tx, settled);
      }
      if (notificationId) {
        await paymentRepo.logNotification(tx, { notification_id: notificationId, event_type: 'TRANSACTION.SUCCESS', out_trade_no: order.id, outcome: fresh ? 'applied' : 'duplicate', problem: null, received_at: now });
      }
    });
    return { ok: true };
  }

  private async applyRefund(notice: RefundNotice, notificationId?: string): Promise<Outcome> {
    const r = await paymentRepo.refundById(this.platform.db, notice.out_refund_no);
    if (!r) return { ok: false, problem: 'unknown_refund' };
    const order = (await paymentRepo.byId(this.platform.db, r.payment_id)) as PaymentRow;
    if (notice.out_trade_no !== order.id) return { ok: false, problem: 'order_mismatch' };
    if (notice.mchid !== undefined && notice.mchid !== order.mchid) return { ok: false, problem: 'mchid_mismatch' };
    if (notice.amount?.refund !== r.amount_fen) return { ok: false, problem: 'amount_mismatch' };
    const status = REFUND_STATUS[(notice.refund_status ?? notice.status) as Refund['status']];
    if (!status) return { ok: false, problem: 'unknown_refund_status' };
    const now = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      const locked = (await paymentRepo.forUpdate(tx, order.id)) as PaymentRow;
      const current = (await paymentRepo.refundById(tx, r.id, true)) as RefundRow;
      const final = current.status === 'succeeded' || current.status === 'closed';
      if (!final && current.status !== status) {
        await paymentRepo.updateRefund(tx, r.id, { status, refund_id: notice.refund_id ?? current.refund_id, succeeded_at: status === 'succeeded' ? (notice.success_time ? new Date(notice.success_time) : now) : null, updated_at: now });
        if (status === 'succeeded') {
          const refunded = locked.refunded_fen + r.amount_fen;
          await paymentRepo.update(tx, order.id, { refunded_fen: refunded, status: refunded === locked.amount_fen ? 'refunded' : 'partially_refunded', updated_at: now });
          await this.audit.append(tx, { actor: SYSTEM, action: 'payment.refunded', subjectType: 'payment', subjectId: order.id, residentId: order.resident_id, data: { refundId: r.id, amountFen: r.amount_fen } });
          await this.applications.addNote(order.application_id, `已退款 ¥${yuan(r.amount_fen)}（${r.reason}），原路退回`, undefined, tx);
          const settled = { paymentId: order.id, applicationId: order.application_id, purpose: order.purpose, description: order.description, result: 'refunded' as const, amountFen: r.amount_fen, at: now };
          for (const hook of this.onSettled) await hook(tx, settled);
        }
      }
      if (notificationId) {
        await paymentRepo.logNotification(tx, { notification_id: notificationId, event_type: `REFUND.${notice.refund_status ?? ''}`, out_trade_no: order.id, outcome: final ? 'duplicate' : 'applied', problem: null, received_at: now });
      }
    });
    return { ok: true };
  }

  private async settleRefund(r: RefundRow): Promise<void> {
    if (r.status === 'requested') return this.sendRefund(r.id);
    const res = await this.wxpay.findRefund(r.id);
    if (res) await this.applyRefund({ ...res, refund_status: res.status });
  }

  private async closeLocally(id: string, reason: string): Promise<void> {
    await inTransaction(this.platform.db, async (tx) => {
      const order = (await paymentRepo.forUpdate(tx, id)) as PaymentRow;
      if (order.status !== 'created') return;
      await paymentRepo.update(tx, id, { status: 'closed', closed_reason: reason, updated_at: this.platform.clock.now() });
      await this.audit.append(tx, { actor: SYSTEM, action: 'payment.closed', subjectType: 'payment', subjectId: id, residentId: order.resident_id, data: { reason } });
    });
  }

  private async view(p: PaymentRow): Promise<PaymentView> {
    const refunds = await paymentRepo.refunds(this.platform.db, p.id);
    return {
      id: p.id,
      applicationId: p.application_id,
      purpose: p.purpose,
      purposeName: PAYMENT_PURPOSE_NAMES[p.purpose],
      description: p.description,
      amount: p.amount_fen,
      refunded: p.refunded_fen,
      refundable: p.status === 'paid' || p.status === 'partially_refunded' ? p.amount_fen - committedRefunds(refunds) : 0,
      status: p.status,
      statusName: PAYMENT_STATUS_NAMES[p.status],
      expiresAt: toShanghaiIso(p.expires_at),
      paidAt: p.paid_at ? toShanghaiIso(p.paid_at) : null,
      transactionId: p.transaction_id,
      refunds: refunds.map((r) => ({ id: r.id, amount: r.amount_fen, reason: r.reason, status: r.status, statusName: REFUND_STATUS_NAMES[r.status], createdAt: toShanghaiIso(r.created_at), succeededAt: r.succeeded_at ? toShanghaiIso(r.succeeded_at) : null })),
    };
  }
}
