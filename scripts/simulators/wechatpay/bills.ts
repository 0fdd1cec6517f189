/**
 * Trade bills (spec §11). A bill is built from the store when requested: payments whose
 * success_time and successful refunds whose success_time fall on the Beijing date. The file is
 * served on the simulator's own `/v3/billdownload/file`, while `download_url` names the production
 * host, because wechatpay-node-v3 signs only URLs under that prefix correctly (§12).
 */
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

import type { Merchant } from './config';
import { PayError, paramError } from './errors';
import { beijingDate, beijingDayStart, billTime, DAY_MS, yuan } from './format';
import type { Order, Refund, SimState } from './state';

export const PRODUCTION_BASE = 'https://api.mch.weixin.qq.com';
export const BILL_TYPES = ['ALL', 'SUCCESS', 'REFUND'] as const;
export type BillType = (typeof BILL_TYPES)[number];

/** Columns of the ALL bill, from memory per the spec; the simulator uses them for every bill_type. */
export const BILL_COLUMNS = [
  '交易时间', '公众账号ID', '商户号', '特约商户号', '设备号', '微信订单号', '商户订单号', '用户标识', '交易类型', '交易状态', '付款银行', '货币种类',
  '应结订单金额', '代金券金额', '微信退款单号', '商户退款单号', '退款金额', '充值券退款金额', '退款类型', '退款状态', '商品名称', '商户数据包',
  '手续费', '费率', '订单金额', '申请退款金额', '费率备注',
] as const;
export const SUMMARY_COLUMNS = ['总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额'] as const;

type Column = (typeof BILL_COLUMNS)[number];
export type BillRow = Record<Column, string>;

/** A typical standard rate: the bill needs a plausible fee, not any merchant's contract. */
const FEE_RATE = 0.006;
const FEE_RATE_TEXT = '0.60%';
const LINE_END = '\r\n';
/** "Yesterday's bill is available after ~10:00" (Beijing). */
const READY_AFTER_DAY_END_MS = 10 * 3600_000;
/** "Only the last 3 months". */
const KEPT_FOR_MS = 92 * DAY_MS;
const DOWNLOAD_TTL_MS = 5 * 60_000;

function fee(fen: number): number {
  return Math.round(fen * FEE_RATE);
}

function paymentRow(order: Order): BillRow {
  return {
    交易时间: billTime(order.successAt ?? 0),
    公众账号ID: order.appid,
    商户号: order.mchid,
    特约商户号: '0',
    设备号: '',
    微信订单号: order.transactionId ?? '',
    商户订单号: order.outTradeNo,
    用户标识: order.payerOpenid ?? order.openid,
    交易类型: 'JSAPI',
    交易状态: 'SUCCESS',
    付款银行: order.bankType ?? 'OTHERS',
    货币种类: 'CNY',
    应结订单金额: yuan(order.total),
    代金券金额: '0.00',
    微信退款单号: '0',
    商户退款单号: '0',
    退款金额: '0.00',
    充值券退款金额: '0.00',
    退款类型: '',
    退款状态: '',
    商品名称: order.description,
    商户数据包: order.attach ?? '',
    手续费: yuan(fee(order.total)),
    费率: FEE_RATE_TEXT,
    订单金额: yuan(order.total),
    申请退款金额: '0.00',
    费率备注: '',
  };
}

function refundRow(refund: Refund, order: Order): BillRow {
  return {
    ...paymentRow(order),
    交易时间: billTime(refund.successAt ?? 0),
    交易状态: 'REFUND',
    应结订单金额: '0.00',
    微信退款单号: refund.refundId,
    商户退款单号: refund.outRefundNo,
    退款金额: yuan(refund.refund),
    退款类型: 'ORIGINAL',
    退款状态: 'SUCCESS',
    手续费: yuan(-fee(refund.refund)),
    订单金额: '0.00',
    申请退款金额: yuan(refund.refund),
  };
}

function sumOf(rows: BillRow[], column: Column): number {
  return rows.reduce((sum, row) => sum + Math.round(Number(row[column]) * 100), 0);
}

export interface Bill {
  rows: BillRow[];
  summary: Record<(typeof SUMMARY_COLUMNS)[number], string>;
  csv: string;
}

/** The bill of one merchant, Beijing date and type, in time order. */
export function buildBill(state: SimState, mchid: string, date: string, type: BillType): Bill {
  const rows: { at: number; row: BillRow }[] = [];
  for (const order of state.orders.values()) {
    if (order.mchid !== mchid || order.successAt === undefined) continue;
    if (type !== 'REFUND' && beijingDate(order.successAt) === date) rows.push({ at: order.successAt, row: paymentRow(order) });
    if (type === 'SUCCESS') continue;
    for (const no of order.refundNos) {
      const refund = state.refunds.get(state.refundKey(mchid, no));
      if (refund?.status === 'SUCCESS' && refund.successAt !== undefined && beijingDate(refund.successAt) === date) rows.push({ at: refund.successAt, row: refundRow(refund, order) });
    }
  }
  rows.sort((a, b) => a.at - b.at);
  const detail = rows.map((r) => r.row);
  const summary = {
    总交易单数: String(detail.length),
    应结订单总金额: yuan(sumOf(detail, '应结订单金额')),
    退款总金额: yuan(sumOf(detail, '退款金额')),
    充值券退款总金额: yuan(sumOf(detail, '充值券退款金额')),
    手续费总金额: yuan(sumOf(detail, '手续费')),
    订单总金额: yuan(sumOf(detail, '订单金额')),
    申请退款总金额: yuan(sumOf(detail, '申请退款金额')),
  };
  // Every detail and summary field carries a leading backtick, so spreadsheet tools keep long ids as text.
  const lines = [
    BILL_COLUMNS.join(','),
    ...detail.map((row) => BILL_COLUMNS.map((column) => `\`${row[column]}`).join(',')),
    SUMMARY_COLUMNS.join(','),
    SUMMARY_COLUMNS.map((column) => `\`${summary[column]}`).join(','),
  ];
  return { rows: detail, summary, csv: lines.join(LINE_END) + LINE_END };
}

/** True once the date's bill would exist at WeChat Pay (10:00 Beijing the next day). */
export function billReady(state: SimState, date: string): boolean {
  const start = beijingDayStart(date);
  return start !== undefined && state.now() >= start + DAY_MS + READY_AFTER_DAY_END_MS;
}

/** `GET /v3/bill/tradebill`. */
export function requestTradeBill(state: SimState, merchant: Merchant, query: URLSearchParams): Record<string, string> {
  const date = query.get('bill_date');
  if (date === null || date === '') throw paramError('bill_date', 'bill_date is required', undefined, 'query');
  const start = beijingDayStart(date);
  if (start === undefined) throw paramError('bill_date', 'bill_date must be YYYY-MM-DD', date, 'query');
  const rawType = query.get('bill_type') ?? 'ALL';
  const type = BILL_TYPES.find((t) => t === rawType);
  if (type === undefined) throw paramError('bill_type', `bill_type must be one of ${BILL_TYPES.join(', ')}`, rawType, 'query');
  const tarType = query.get('tar_type');
  if (tarType !== null && tarType !== 'GZIP') throw paramError('tar_type', 'tar_type must be GZIP', tarType, 'query');

  if (start < state.now() - KEPT_FOR_MS) throw new PayError('INVALID_REQUEST', '仅支持下载三个月内的账单');
  if (!billReady(state, date)) throw new PayError('NO_STATEMENT_EXIST', '账单尚未生成（次日10点后可下载）');
  const bill = buildBill(state, merchant.mchid, date, type);
  if (bill.rows.length === 0) throw new PayError('NO_STATEMENT_EXIST', '该日期没有交易，账单文件不存在');

  const plain = Buffer.from(bill.csv, 'utf8');
  const gzip = tarType === 'GZIP';
  const token = randomBytes(24).toString('hex');
  state.billDownloads.set(token, { token, mchid: merchant.mchid, bytes: gzip ? gzipSync(plain) : plain, gzip, expiresAt: state.now() + DOWNLOAD_TTL_MS });
  return {
    hash_type: 'SHA1',
    hash_value: createHash('sha1').update(plain).digest('hex'),
    download_url: `${PRODUCTION_BASE}/v3/billdownload/file?token=${token}`,
  };
}

/** `GET /v3/billdownload/file?token=`: the file bytes (gzip when asked for). */
export function billFile(state: SimState, merchant: Merchant, query: URLSearchParams): { bytes: Buffer; gzip: boolean } {
  const token = query.get('token');
  if (token === null || token === '') throw paramError('token', 'token is required', undefined, 'query');
  const download = state.billDownloads.get(token);
  if (!download) throw new PayError('INVALID_REQUEST', '下载链接无效');
  if (state.now() >= download.expiresAt) throw new PayError('INVALID_REQUEST', '下载链接已过期，请重新申请账单');
  if (download.mchid !== merchant.mchid) throw new PayError('NO_AUTH', '无权下载该账单');
  return { bytes: download.bytes, gzip: download.gzip };
}
