import Taro from '@tarojs/taro';
import type { PaymentPurpose, PaymentView } from '@haizhu/shared-types';
import { createPayment } from '../../api/payment';
import { IS_H5 } from '../../config';
import { pageUrl } from '../../utils/navigation';

export type PayOutcome =
  /** WeChat took the payment step (or failed in a way that may still have charged): confirm with the server. */
  | { kind: 'submitted'; paymentId: string }
  | { kind: 'cancelled'; paymentId: string }
  /** H5: the browser is on its way to the simulator's cashier, which comes back to the receipt. */
  | { kind: 'redirected' }
  /** H5 with no cashier (production): only the mini-program can pay. */
  | { kind: 'unsupported' };

function cancelled(e: unknown): boolean {
  const msg = (e as { errMsg?: string } | null)?.errMsg ?? '';
  return /cancel/i.test(msg);
}

/** Where the cashier sends the browser back: the receipt, which confirms with the server. */
function receiptUrl(paymentId: string): string {
  return `${window.location.origin}${pageUrl('/apply/receipt/index', { id: paymentId })}`;
}

/**
 * Opens the case's order and hands it to WeChat Pay. Rejects with the API's error when the order
 * can't be opened (ALREADY_PAID, NOTHING_TO_PAY, PAYMENT_UNAVAILABLE, INVALID_STATE).
 */
export async function startPayment(applicationId: string, purpose: PaymentPurpose): Promise<PayOutcome> {
  const created = await createPayment(applicationId, purpose);
  if (IS_H5) {
    if (!created.devCashierUrl) return { kind: 'unsupported' };
    const joiner = created.devCashierUrl.includes('?') ? '&' : '?';
    window.location.assign(`${created.devCashierUrl}${joiner}redirect=${encodeURIComponent(receiptUrl(created.id))}`);
    return { kind: 'redirected' };
  }
  const { timeStamp, nonceStr, package: pkg, signType, paySign } = created.payParams;
  try {
    await Taro.requestPayment({ timeStamp, nonceStr, package: pkg, signType, paySign });
  } catch (e) {
    if (cancelled(e)) return { kind: 'cancelled', paymentId: created.id };
    // A failure reported by the client can still hide a charge (network lost after paying).
  }
  return { kind: 'submitted', paymentId: created.id };
}

/** 已支付 and after: nothing more to pay on this order. */
export function isSettled(p: PaymentView): boolean {
  return p.status === 'paid' || p.status === 'refunded' || p.status === 'partially_refunded';
}

/** The order that counts for a purpose: the newest one not closed, else the newest. */
export function currentPayment(payments: readonly PaymentView[], purpose: PaymentPurpose): PaymentView | null {
  const mine = payments.filter((p) => p.purpose === purpose);
  return [...mine].reverse().find((p) => p.status !== 'closed') ?? mine[mine.length - 1] ?? null;
}

/** Back to the case: the page underneath when there is one (it refreshes on show), else open it. */
export function backToCase(applicationId: string): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: pageUrl('/apply/case/index', { id: applicationId }) });
}
