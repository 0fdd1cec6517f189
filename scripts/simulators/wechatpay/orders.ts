/**
 * JSAPI orders (spec §5, §7, §8) and what the resident does with them (§13 pay/fail/cancel/expire).
 * Expiry is applied lazily: an unpaid order whose time_expire has passed is closed the moment
 * anything looks at it, so moving `/__sim/clock` closes orders without a sweeper.
 */
import { randomBytes } from 'node:crypto';

import { ControlError } from '../lib/controls';
import type { Merchant } from './config';
import { PayError } from './errors';
import { compactTime, DAY_MS, digits, parseRfc3339, rfc3339 } from './format';
import type { Runtime } from './runtime';
import type { Order, SimState, TradeState } from './state';
import { currency, notifyUrl, optString, reqObject, reqPositiveInt, reqString, type Obj } from './validate';

export const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
export const PREPAY_TTL_MS = 2 * 3600_000;
const DEFAULT_PAYABLE_MS = 7 * DAY_MS;
const MIN_PAYABLE_MS = 60_000;
const DEFAULT_BANK_TYPE = 'OTHERS';

const TRADE_STATE_DESC: Readonly<Record<TradeState, string>> = {
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  NOTPAY: '未支付',
  CLOSED: '已关闭',
  PAYERROR: '支付失败',
};

function newPrepayId(nowMs: number): string {
  return `wx${compactTime(nowMs)}${randomBytes(10).toString('hex')}`;
}

/** 28 digits like `4200000985202501011234567890`: prefix, date of payment, serial. */
function newTransactionId(nowMs: number): string {
  return `42000${digits(5)}${compactTime(nowMs).slice(0, 8)}${digits(10)}`;
}

/** Closes an unpaid order whose time_expire has passed. */
export function refreshExpiry(state: SimState, order: Order): void {
  if ((order.state === 'NOTPAY' || order.state === 'PAYERROR') && state.now() >= order.timeExpire) {
    order.state = 'CLOSED';
    order.closedBy = 'expired';
  }
}

export function isPaid(order: Order): boolean {
  return order.state === 'SUCCESS';
}

export function tradeState(state: SimState, order: Order): TradeState {
  refreshExpiry(state, order);
  if (order.state !== 'SUCCESS') return order.state;
  const refunded = order.refundNos.some((no) => state.refunds.get(state.refundKey(order.mchid, no))?.status === 'SUCCESS');
  return refunded ? 'REFUND' : 'SUCCESS';
}

/** The §7 query response (also the TRANSACTION.SUCCESS resource): paid-only fields appear once paid. */
export function orderView(state: SimState, order: Order): Record<string, unknown> {
  const tradeStateNow = tradeState(state, order);
  const paid = order.transactionId !== undefined;
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    ...(paid ? { transaction_id: order.transactionId } : {}),
    trade_type: 'JSAPI',
    trade_state: tradeStateNow,
    trade_state_desc: TRADE_STATE_DESC[tradeStateNow],
    ...(paid ? { bank_type: order.bankType } : {}),
    attach: order.attach ?? '',
    ...(paid && order.successAt !== undefined ? { success_time: rfc3339(order.successAt) } : {}),
    ...(paid ? { payer: { openid: order.payerOpenid ?? order.openid } } : {}),
    amount: { total: order.total, ...(paid ? { payer_total: order.total } : {}), currency: 'CNY', payer_currency: 'CNY' },
  };
}

/** The merchant a request names must be the one that signed it. */
export function requireOwnMchid(state: SimState, merchant: Merchant, value: string, field: string, location: 'body' | 'query'): void {
  if (value === merchant.mchid) return;
  if (!state.config.merchants.has(value)) throw new PayError('MCH_NOT_EXISTS', undefined, { field, value, issue: 'unknown mchid', location });
  throw new PayError('INVALID_REQUEST', '请求中的mchid与Authorization中的商户号不一致', { field, value, location });
}

export function findOrder(state: SimState, mchid: string, outTradeNo: string): Order | undefined {
  return state.orders.get(state.orderKey(mchid, outTradeNo));
}

export function orderByTransactionId(state: SimState, mchid: string, transactionId: string): Order | undefined {
  const key = state.transactionIndex.get(transactionId);
  const order = key === undefined ? undefined : state.orders.get(key);
  return order?.mchid === mchid ? order : undefined;
}

function issuePrepay(state: SimState, order: Order): void {
  const now = state.now();
  order.prepayId = newPrepayId(now);
  order.prepayIssuedAt = now;
  state.prepayIndex.set(order.prepayId, { orderKey: state.orderKey(order.mchid, order.outTradeNo), issuedAt: now });
}

/** `POST /v3/pay/transactions/jsapi`. */
export function prepay(state: SimState, merchant: Merchant, body: Obj): { prepay_id: string } {
  const appid = reqString(body, 'appid', '/appid', { max: 32 });
  const mchid = reqString(body, 'mchid', '/mchid', { max: 32 });
  const description = reqString(body, 'description', '/description', { max: 127 });
  const outTradeNo = reqString(body, 'out_trade_no', '/out_trade_no', { max: 32, pattern: OUT_TRADE_NO, patternIssue: 'out_trade_no must be 6-32 characters of [0-9A-Za-z_-|*]' });
  const timeExpireRaw = optString(body, 'time_expire', '/time_expire', { max: 64 });
  const timeExpireAt = timeExpireRaw === undefined ? undefined : parseRfc3339(timeExpireRaw);
  if (timeExpireRaw !== undefined && timeExpireAt === undefined) {
    throw new PayError('PARAM_ERROR', '参数错误', { field: '/time_expire', value: timeExpireRaw, issue: 'time_expire must be RFC 3339 (2025-05-20T13:29:35+08:00)', location: 'body' });
  }
  const attach = optString(body, 'attach', '/attach', { max: 128 });
  const notify = notifyUrl(body, 'notify_url', '/notify_url', true) ?? '';
  const amount = reqObject(body, 'amount', '/amount');
  const total = reqPositiveInt(amount, 'total', '/amount/total');
  currency(amount, '/amount/currency', false);
  const payer = reqObject(body, 'payer', '/payer');
  const openid = reqString(payer, 'openid', '/payer/openid', { max: 128 });

  requireOwnMchid(state, merchant, mchid, '/mchid', 'body');
  if (!merchant.appids.includes(appid)) throw new PayError('APPID_MCHID_NOT_MATCH', undefined, { field: '/appid', value: appid, issue: 'appid is not bound to mchid', location: 'body' });

  const fingerprint = JSON.stringify([appid, description, timeExpireRaw ?? null, attach ?? null, notify, total, openid]);
  const existing = findOrder(state, mchid, outTradeNo);
  if (existing) {
    refreshExpiry(state, existing);
    if (existing.state === 'CLOSED') throw new PayError('ORDER_CLOSED');
    if (isPaid(existing)) throw new PayError('ORDER_PAID');
    if (existing.fingerprint !== fingerprint) throw new PayError('OUT_TRADE_NO_USED', '商户订单号重复，且请求参数与原订单不一致');
    // A prepay_id lives 2 hours; re-posting after that yields a fresh one for the same order.
    if (state.now() - existing.prepayIssuedAt >= PREPAY_TTL_MS) issuePrepay(state, existing);
    return { prepay_id: existing.prepayId };
  }

  const now = state.now();
  const order: Order = {
    mchid,
    appid,
    description,
    outTradeNo,
    attach,
    notifyUrl: notify,
    total,
    openid,
    timeExpire: timeExpireAt === undefined ? now + DEFAULT_PAYABLE_MS : Math.max(timeExpireAt, now + MIN_PAYABLE_MS),
    fingerprint,
    createdAt: now,
    prepayId: '',
    prepayIssuedAt: now,
    state: 'NOTPAY',
    refundNos: [],
    cashierCancels: 0,
  };
  state.orders.set(state.orderKey(mchid, outTradeNo), order);
  issuePrepay(state, order);
  return { prepay_id: order.prepayId };
}

/** `POST …/close`: unpaid → CLOSED (idempotent); paid → 400 ORDER_PAID and the order stays paid. */
export function closeOrder(state: SimState, order: Order): void {
  refreshExpiry(state, order);
  if (isPaid(order)) throw new PayError('ORDER_PAID', '订单已支付，不能关闭');
  if (order.state === 'CLOSED') return;
  order.state = 'CLOSED';
  order.closedBy = 'merchant';
}

// ---------------------------------------------------------------- the resident (controls, cashier)

export interface PayInput {
  openid?: string;
  bankType?: string;
  /** Epoch ms; default now. */
  successAt?: number;
}

/** NOTPAY/PAYERROR → SUCCESS and one TRANSACTION.SUCCESS. Shared by `/__sim/orders/…/pay` and the cashier. */
export function payOrder(rt: Runtime, order: Order, input: PayInput = {}): void {
  const { state } = rt;
  refreshExpiry(state, order);
  if (isPaid(order)) throw new ControlError(409, `order ${order.outTradeNo} is already paid`);
  if (order.state === 'CLOSED') throw new ControlError(409, `order ${order.outTradeNo} is closed (${order.closedBy ?? 'closed'})`);
  const successAt = input.successAt ?? state.now();
  order.state = 'SUCCESS';
  order.transactionId = newTransactionId(successAt);
  order.bankType = input.bankType ?? DEFAULT_BANK_TYPE;
  order.successAt = successAt;
  order.payerOpenid = input.openid ?? order.openid;
  state.transactionIndex.set(order.transactionId, state.orderKey(order.mchid, order.outTradeNo));
  rt.notifyTransaction(order);
}

function requireUnpaidOpen(state: SimState, order: Order): void {
  refreshExpiry(state, order);
  if (isPaid(order)) throw new ControlError(409, `order ${order.outTradeNo} is already paid`);
  if (order.state === 'CLOSED') throw new ControlError(409, `order ${order.outTradeNo} is closed`);
}

/** The payment failed (PAYERROR, no notification: only successes are notified). */
export function failOrder(state: SimState, order: Order): void {
  requireUnpaidOpen(state, order);
  order.state = 'PAYERROR';
}

/** The resident closed the cashier: nothing changes at WeChat Pay; the order stays NOTPAY. */
export function cancelAtCashier(state: SimState, order: Order): void {
  requireUnpaidOpen(state, order);
  order.cashierCancels += 1;
}

/** Jumps past time_expire: the order closes as WeChat Pay closes expired orders. */
export function expireOrder(state: SimState, order: Order): void {
  requireUnpaidOpen(state, order);
  order.timeExpire = state.now();
  refreshExpiry(state, order);
}
