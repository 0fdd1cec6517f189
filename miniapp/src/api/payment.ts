import { createdPayment, paymentView, type CreatedPayment, type PaymentPurpose, type PaymentView } from '@haizhu/shared-types';
import { apiRequest } from './client';

/*
 * 缴费 (a case's fee or postage) through WeChat Pay, and 退款 by staff. Amounts are fen (分).
 * The client's own "paid" from requestPayment proves nothing: pages confirm with getPayment,
 * which asks WeChat Pay itself while the order is still `created`.
 */

/** Opens (or re-opens) the case's order. 409 ALREADY_PAID, NOTHING_TO_PAY, INVALID_STATE; 503 PAYMENT_UNAVAILABLE. */
export function createPayment(applicationId: string, purpose: PaymentPurpose): Promise<CreatedPayment> {
  return apiRequest({
    method: 'POST',
    path: `/api/v1/applications/${encodeURIComponent(applicationId)}/payments`,
    auth: 'resident',
    body: { purpose },
    schema: createdPayment,
    idempotent: true,
  });
}

/** The resident's own payment, with its refunds. */
export function getPayment(id: string): Promise<PaymentView> {
  return apiRequest({ method: 'GET', path: `/api/v1/payments/${encodeURIComponent(id)}`, auth: 'resident', schema: paymentView });
}

/** 退款 (full or part), sent to WeChat Pay by a job. 422 REFUND_EXCEEDS_PAID, 409 INVALID_STATE. */
export function refundPayment(id: string, amount: number, reason: string): Promise<PaymentView> {
  return apiRequest({
    method: 'POST',
    path: `/api/v1/staff/payments/${encodeURIComponent(id)}/refunds`,
    auth: 'staff',
    body: { amount, reason },
    schema: paymentView,
    idempotent: true,
  });
}
