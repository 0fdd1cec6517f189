/**
 * Domestic refunds (spec §9). Acceptance answers PROCESSING; the result arrives later, by
 * `/__sim/refunds/…/resolve` or by itself after `refundAutoSucceedMs`, with a REFUND.* notification.
 */
import { ControlError } from '../lib/controls';
import type { Merchant } from './config';
import { PayError, paramError } from './errors';
import { compactTime, DAY_MS, digits, rfc3339 } from './format';
import { findOrder, orderByTransactionId, refreshExpiry } from './orders';
import type { Runtime } from './runtime';
import type { Order, Refund, RefundStatus, SimState } from './state';
import { currency, notifyUrl, optString, reqObject, reqPositiveInt, reqString, type Obj } from './validate';

const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
export const MAX_REFUNDS_PER_ORDER = 50;
const REFUNDABLE_FOR_MS = 365 * DAY_MS;
/** §9: refunds of the same order at least 1 minute apart. */
export const MIN_REFUND_GAP_MS = 60_000;
/** Where refunds of a 零钱 payment land; bank cards are not simulated. */
const RECEIVED_ACCOUNT = '支付用户零钱';

/** 29 digits like `50000000382019052709732678859`. */
function newRefundId(nowMs: number): string {
  return `50${digits(9)}${compactTime(nowMs).slice(0, 8)}${digits(10)}`;
}

export function findRefund(state: SimState, mchid: string, outRefundNo: string): Refund | undefined {
  return state.refunds.get(state.refundKey(mchid, outRefundNo));
}

function refundsOf(state: SimState, order: Order): Refund[] {
  return order.refundNos.map((no) => findRefund(state, order.mchid, no)).filter((r): r is Refund => r !== undefined);
}

/** The §9 response body (create and query). */
export function refundView(refund: Refund): Record<string, unknown> {
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: RECEIVED_ACCOUNT,
    ...(refund.successAt === undefined ? {} : { success_time: rfc3339(refund.successAt) }),
    create_time: rfc3339(refund.createdAt),
    status: refund.status,
    funds_account: refund.fundsAccount,
    amount: {
      total: refund.total,
      refund: refund.refund,
      payer_total: refund.total,
      payer_refund: refund.refund,
      settlement_refund: refund.refund,
      settlement_total: refund.total,
      discount_refund: 0,
      currency: 'CNY',
    },
  };
}

/** The REFUND.* notification resource (§10). */
export function refundResource(refund: Refund): Record<string, unknown> {
  return {
    mchid: refund.mchid,
    out_trade_no: refund.outTradeNo,
    transaction_id: refund.transactionId,
    out_refund_no: refund.outRefundNo,
    refund_id: refund.refundId,
    refund_status: refund.status,
    ...(refund.successAt === undefined ? {} : { success_time: rfc3339(refund.successAt) }),
    user_received_account: RECEIVED_ACCOUNT,
    amount: { total: refund.total, refund: refund.refund, payer_total: refund.total, payer_refund: refund.refund },
  };
}

function locateOrder(state: SimState, merchant: Merchant, transactionId: string | undefined, outTradeNo: string | undefined): Order {
  const byId = transactionId === undefined ? undefined : orderByTransactionId(state, merchant.mchid, transactionId);
  const byNo = outTradeNo === undefined ? undefined : findOrder(state, merchant.mchid, outTradeNo);
  if (transactionId !== undefined && outTradeNo !== undefined && byId !== byNo) {
    throw new PayError('INVALID_REQUEST', 'transaction_id与out_trade_no不属于同一笔订单');
  }
  const order = byId ?? byNo;
  if (!order) throw new PayError('RESOURCE_NOT_EXISTS', '订单不存在');
  return order;
}

/** `POST /v3/refund/domestic/refunds`. */
export function createRefund(rt: Runtime, merchant: Merchant, body: Obj): Refund {
  const { state } = rt;
  const transactionId = optString(body, 'transaction_id', '/transaction_id', { max: 32 });
  const outTradeNo = optString(body, 'out_trade_no', '/out_trade_no', { max: 32 });
  if (!transactionId && !outTradeNo) throw paramError('/out_trade_no', 'transaction_id or out_trade_no is required');
  const outRefundNo = reqString(body, 'out_refund_no', '/out_refund_no', { max: 64, pattern: OUT_REFUND_NO, patternIssue: 'out_refund_no must be 1-64 characters of [0-9A-Za-z_-|*@]' });
  const reason = optString(body, 'reason', '/reason', { max: 80 });
  const notify = notifyUrl(body, 'notify_url', '/notify_url', false);
  const fundsAccount = optString(body, 'funds_account', '/funds_account', { max: 32, pattern: /^AVAILABLE$/, patternIssue: 'funds_account must be AVAILABLE' });
  const amount = reqObject(body, 'amount', '/amount');
  const refundFen = reqPositiveInt(amount, 'refund', '/amount/refund');
  const totalFen = reqPositiveInt(amount, 'total', '/amount/total');
  currency(amount, '/amount/currency', true);

  const order = locateOrder(state, merchant, transactionId || undefined, outTradeNo || undefined);
  const existing = findRefund(state, merchant.mchid, outRefundNo);
  if (existing) {
    // The same out_refund_no refunds only once: a retry gets the refund that exists.
    if (existing.outTradeNo === order.outTradeNo && existing.refund === refundFen && existing.total === totalFen) return existing;
    throw new PayError('INVALID_REQUEST', '退款单号已存在，且请求参数与原退款不一致');
  }

  refreshExpiry(state, order);
  if (order.state !== 'SUCCESS' || order.transactionId === undefined || order.successAt === undefined) throw new PayError('INVALID_REQUEST', '订单未支付，不能退款');
  if (totalFen !== order.total) throw new PayError('INVALID_REQUEST', '原订单金额与实际支付金额不一致', { field: '/amount/total', value: totalFen, location: 'body' });
  const now = state.now();
  if (now - order.successAt > REFUNDABLE_FOR_MS) throw new PayError('INVALID_REQUEST', '订单已超过退款期限（1年）');
  if (order.refundNos.length >= MAX_REFUNDS_PER_ORDER) throw new PayError('INVALID_REQUEST', `订单退款次数已达上限（${MAX_REFUNDS_PER_ORDER}次）`);
  // CLOSED refunds failed and gave the money back; PROCESSING and ABNORMAL still hold it.
  const held = refundsOf(state, order)
    .filter((r) => r.status !== 'CLOSED')
    .reduce((sum, r) => sum + r.refund, 0);
  if (held + refundFen > order.total) throw new PayError('INVALID_REQUEST', '申请退款金额超过订单可退金额', { field: '/amount/refund', value: refundFen, location: 'body' });
  if (order.lastRefundAt !== undefined && now - order.lastRefundAt < MIN_REFUND_GAP_MS) {
    throw new PayError('FREQUENCY_LIMITED', '同一笔订单的退款请求需间隔1分钟');
  }

  const refund: Refund = {
    mchid: merchant.mchid,
    outRefundNo,
    refundId: newRefundId(now),
    outTradeNo: order.outTradeNo,
    transactionId: order.transactionId,
    reason,
    notifyUrl: notify,
    fundsAccount: fundsAccount ?? 'AVAILABLE',
    refund: refundFen,
    total: order.total,
    status: 'PROCESSING',
    createdAt: now,
  };
  state.refunds.set(state.refundKey(merchant.mchid, outRefundNo), refund);
  order.refundNos.push(outRefundNo);
  order.lastRefundAt = now;
  rt.refundCreated(refund);
  return refund;
}

const FINAL: readonly RefundStatus[] = ['SUCCESS', 'CLOSED'];

/** PROCESSING/ABNORMAL → `status`, with its REFUND.* notification. */
export function resolveRefund(rt: Runtime, refund: Refund, status: Exclude<RefundStatus, 'PROCESSING'>): void {
  if (FINAL.includes(refund.status)) throw new ControlError(409, `refund ${refund.outRefundNo} is already ${refund.status}`);
  if (refund.status === status) throw new ControlError(409, `refund ${refund.outRefundNo} is already ${status}`);
  refund.status = status;
  if (status === 'SUCCESS') refund.successAt = rt.state.now();
  rt.notifyRefund(refund);
}

/** Where a refund's notification goes: its own notify_url, else the order's (the simulator's "platform setting"). */
export function refundNotifyUrl(state: SimState, refund: Refund): string | undefined {
  return refund.notifyUrl ?? findOrder(state, refund.mchid, refund.outTradeNo)?.notifyUrl;
}
