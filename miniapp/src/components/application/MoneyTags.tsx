import { Text } from '@tarojs/components';
import type { CourierStatus, PaymentStatus } from '@haizhu/shared-types';
import type { StatusTone } from './CaseStatusTag';

function paymentTone(status: PaymentStatus): StatusTone {
  if (status === 'created') return 'action';
  if (status === 'paid') return 'good';
  if (status === 'partially_refunded') return 'progress';
  return 'plain';
}

/** 待支付 / 已支付 / 已退款 … in the case-status look, so resident and staff pages read alike. */
export function PaymentStatusTag({ status, name, testId = 'payment-status' }: { status: PaymentStatus; name: string; testId?: string }) {
  return (
    <Text className={`hz-case-status hz-case-status--${paymentTone(status)}`} data-testid={testId} data-status={status}>
      {name}
    </Text>
  );
}

function courierTone(status: CourierStatus, exception: boolean): StatusTone {
  if (exception || status === 'returning' || status === 'returned') return 'bad';
  if (status === 'signed') return 'good';
  if (status === 'cancelled') return 'plain';
  return 'progress';
}

export function CourierStatusTag({ status, name, exception, testId = 'courier-status' }: { status: CourierStatus; name: string; exception: boolean; testId?: string }) {
  return (
    <Text className={`hz-case-status hz-case-status--${courierTone(status, exception)}`} data-testid={testId} data-status={status}>
      {name}
    </Text>
  );
}
