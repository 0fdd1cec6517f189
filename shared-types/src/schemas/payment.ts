import { z } from 'zod';

/*
 * 缴费: payment orders for a case's fee (from the catalogue) or postage, paid with WeChat Pay.
 * Amounts are integers in fen (分), as WeChat Pay counts them.
 */

export const PAYMENT_STATUSES = ['created', 'paid', 'closed', 'refunded', 'partially_refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_STATUS_NAMES: Record<PaymentStatus, string> = {
  created: '待支付',
  paid: '已支付',
  closed: '已关闭',
  refunded: '已退款',
  partially_refunded: '部分退款',
};

export const PAYMENT_PURPOSES = ['fee', 'postage'] as const;
export type PaymentPurpose = (typeof PAYMENT_PURPOSES)[number];
export const PAYMENT_PURPOSE_NAMES: Record<PaymentPurpose, string> = { fee: '办事费用', postage: '快递费' };

export const REFUND_STATUS_NAMES = { requested: '退款申请中', processing: '退款处理中', succeeded: '已退款', closed: '退款失败', abnormal: '退款异常，待人工处理' } as const;
export type RefundStatus = keyof typeof REFUND_STATUS_NAMES;

export const createPaymentBody = z.object({ purpose: z.enum(PAYMENT_PURPOSES).default('fee') });

/** What wx.requestPayment needs (wechatpay-v3.md §6). */
export const payParams = z.object({
  appId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
});
export type PayParams = z.infer<typeof payParams>;

export const refundView = z.object({
  id: z.string(),
  amount: z.number().int(),
  reason: z.string(),
  status: z.enum(Object.keys(REFUND_STATUS_NAMES) as [RefundStatus, ...RefundStatus[]]),
  statusName: z.string(),
  createdAt: z.string(),
  succeededAt: z.string().nullable(),
});

export const paymentView = z.object({
  id: z.string(),
  applicationId: z.string(),
  purpose: z.enum(PAYMENT_PURPOSES),
  purposeName: z.string(),
  description: z.string(),
  /** in fen (分) */
  amount: z.number().int(),
  refunded: z.number().int(),
  /** what may still be refunded: paid minus refunds not failed (fen) */
  refundable: z.number().int(),
  status: z.enum(PAYMENT_STATUSES),
  statusName: z.string(),
  expiresAt: z.string(),
  paidAt: z.string().nullable(),
  transactionId: z.string().nullable(),
  refunds: z.array(refundView),
});
export type PaymentView = z.infer<typeof paymentView>;

export const createdPayment = z.object({
  id: z.string(),
  amount: z.number().int(),
  payParams,
  /** development only: the WeChat Pay simulator's cashier page, for the H5 build (no wx.requestPayment there) */
  devCashierUrl: z.string().nullable(),
});
export type CreatedPayment = z.infer<typeof createdPayment>;

export const refundBody = z.object({
  amount: z.number().int().positive('退款金额应大于 0'),
  reason: z.string().trim().min(2, '请写明退款原因').max(80),
});

export const reconciliationView = z.object({
  billDate: z.string(),
  status: z.enum(['balanced', 'differences', 'failed']),
  billRows: z.number().int(),
  differences: z.array(z.object({ kind: z.string(), outTradeNo: z.string().nullable(), detail: z.string() })),
  checkedAt: z.string(),
});
export type ReconciliationView = z.infer<typeof reconciliationView>;

/** Yuan with two decimals for people: 1800 → "18.00". */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}
