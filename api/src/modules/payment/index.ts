export { PaymentService, feeOf, type PaymentSettled } from './payment.service';
export type { PaymentRow } from './payment.repo';
export { registerPaymentJobs } from './payment.jobs';
