import type { IMidwayContainer } from '@midwayjs/core';
import { Jobs } from '../../common/jobs';
import { PaymentService, RECONCILE_TASK, REFUND_TASK, SWEEP_TASK } from './payment.service';

/**
 * Refunds go out by job; every minute open orders and refunds are settled by query; every morning
 * at 10:30 Beijing time (02:30 UTC, after WeChat Pay publishes it) yesterday's bill is reconciled.
 */
export async function registerPaymentJobs(container: IMidwayContainer): Promise<void> {
  const jobs = await container.getAsync(Jobs);
  const payments = await container.getAsync(PaymentService);
  jobs.register(REFUND_TASK, async (payload) => payments.sendRefund((payload as { refundId: string }).refundId));
  jobs.register(SWEEP_TASK, async () => {
    await payments.sweep();
  }, '* * * * *');
  jobs.register(RECONCILE_TASK, async () => {
    await payments.reconcile(payments.yesterday());
  }, '30 2 * * *');
}
