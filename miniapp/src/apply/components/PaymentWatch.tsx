import { Text, View } from '@tarojs/components';
import type { PaymentView } from '@haizhu/shared-types';
import { useState } from 'react';
import type { ApiError } from '../../api/errors';
import { getPayment } from '../../api/payment';
import { BigButton } from '../../components/BigButton';
import { useResource } from '../../hooks/useResource';
import { usePagePolling } from './usePagePolling';

/** WeChat Pay usually confirms within a few seconds; the server asks it on every poll. */
const POLL_MS = 1500;
const CONFIRM_WINDOW_MS = 20_000;

export interface PaymentWatch {
  payment: PaymentView | null;
  error: ApiError | null;
  loading: boolean;
  /** Polling for the result after a payment attempt. */
  confirming: boolean;
  /** The window passed with the order still unpaid (or unreadable). */
  timedOut: boolean;
  /** 0–1 of the confirmation window used, for the progress bar. */
  progress: number;
  /** Starts (or restarts) confirming. */
  confirm(): void;
  reload(): void;
}

/**
 * A payment read from the server and, after an attempt, polled until it is no longer `created` or
 * the window runs out: what requestPayment or the cashier said is never taken as proof.
 */
export function usePaymentWatch(paymentId: string | null, token: string | null): PaymentWatch {
  const resource = useResource(paymentId && token ? `${paymentId}:${token}` : null, () => getPayment(paymentId ?? ''));
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const status = resource.data?.status ?? null;
  const unsettled = status === null || status === 'created';
  const elapsed = startedAt === null ? 0 : now - startedAt;
  const confirming = startedAt !== null && unsettled && elapsed < CONFIRM_WINDOW_MS;
  const timedOut = startedAt !== null && unsettled && elapsed >= CONFIRM_WINDOW_MS;

  usePagePolling(confirming, POLL_MS, () => {
    setNow(Date.now());
    if (!resource.loading) resource.reload();
  });

  const confirm = () => {
    const t = Date.now();
    setStartedAt(t);
    setNow(t);
    // Safe when the id changes in the same tap: useResource lets the newest load win.
    resource.reload();
  };

  return {
    payment: resource.data,
    error: resource.error,
    loading: resource.loading,
    confirming,
    timedOut,
    progress: confirming ? Math.min(1, elapsed / CONFIRM_WINDOW_MS) : 0,
    confirm,
    reload: resource.reload,
  };
}

/** "正在确认支付结果…" with a bar, so a wait of several seconds doesn't look like a hang. */
export function PaymentConfirming({ progress }: { progress: number }) {
  // Never looks finished while still waiting.
  const percent = Math.max(8, Math.min(95, Math.round(progress * 100)));
  return (
    <View className='hz-card pay-confirming' data-testid='pay-confirming'>
      <View className='hz-spinner' />
      <Text className='pay-confirming__title'>正在确认支付结果…</Text>
      <Text className='pay-confirming__text'>正在向微信支付核实，一般只要几秒钟。请不要离开本页，也不要重复付款。</Text>
      <View className='apply-upload pay-confirming__bar'>
        <View className='apply-upload__bar'>
          <View className='apply-upload__fill' style={{ width: `${percent}%` }} />
        </View>
      </View>
    </View>
  );
}

/** The window passed: say what that means for their money, and what to do. */
export function PaymentUnconfirmed({ onRecheck, testId }: { onRecheck(): void; testId: string }) {
  return (
    <View className='hz-card hz-card--notice pay-unconfirmed' data-testid={testId}>
      <Text className='hz-card__title'>暂时没有收到支付结果</Text>
      <Text className='hz-card__text'>
        如果微信已经扣款，请不要重复付款，稍后点“再查一次”，或回到办件详情查看。如果没有付款，可以重新支付。如有疑问，可拨打 12345 政务服务便民热线。
      </Text>
      <BigButton variant='secondary' onClick={onRecheck} testId={`${testId}-recheck`}>
        再查一次
      </BigButton>
    </View>
  );
}
