import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { yuan, type ApplicationStatus, type ApplicationView, type PaymentPurpose, type PaymentView } from '@haizhu/shared-types';
import { useState } from 'react';
import { getApplication } from '../../api/application';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, BigButton, BottomSheet,
// FormField, PageShell): weapp merges them into one common file and needs a single order.
import { PaymentStatusTag } from '../../components/application';
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { pageUrl, routeParam } from '../../utils/navigation';
import { askSubscribe } from '../../utils/subscribe';
import { PaymentConfirming, PaymentUnconfirmed, usePaymentWatch } from '../components/PaymentWatch';
import { backToCase, currentPayment, isSettled, startPayment } from '../components/payment';
import '../components/apply.scss';

/** The API opens no order before submission or after the case ended without one. */
const UNPAYABLE: readonly ApplicationStatus[] = ['draft', 'withdrawn', 'refused'];

interface Due {
  amount: number;
  description: string;
}

/** What this page would charge: the item's fee, or the delivery order's postage. */
function dueOf(view: ApplicationView, purpose: PaymentPurpose, existing: PaymentView | null): Due | null {
  if (existing && existing.status !== 'closed') return { amount: existing.amount, description: existing.description };
  if (purpose === 'fee') return view.fee && view.fee.amount > 0 ? { amount: view.fee.amount, description: view.fee.description } : null;
  const order = view.courierOrders.find((o) => o.kind === 'delivery' && o.postage > 0 && o.status !== 'cancelled');
  return order ? { amount: order.postage, description: '快递寄送结果的快递费' } : null;
}

function openReceipt(paymentId: string): void {
  void Taro.redirectTo({ url: pageUrl('/apply/receipt/index', { id: paymentId }) });
}

function Summary({ view, due }: { view: ApplicationView; due: Due }) {
  return (
    <View className='hz-card' data-testid='pay-summary'>
      <View className='apply-kv'>
        <Text className='apply-kv__k'>缴费项目</Text>
        <Text className='apply-kv__v' data-testid='pay-description'>
          {due.description}
        </Text>
      </View>
      <View className='apply-kv'>
        <Text className='apply-kv__k'>办理事项</Text>
        <Text className='apply-kv__v'>{view.itemName}</Text>
      </View>
      <View className='apply-kv'>
        <Text className='apply-kv__k'>办件编号</Text>
        <Text className='apply-kv__v'>{view.applicationNo}</Text>
      </View>
      <View className='apply-kv'>
        <Text className='apply-kv__k'>应付金额</Text>
        <Text className='apply-amount' data-testid='pay-amount' data-fen={due.amount}>
          ¥{yuan(due.amount)}
        </Text>
      </View>
    </View>
  );
}

function Paid({ payment, applicationId, justNow }: { payment: PaymentView; applicationId: string; justNow: boolean }) {
  return (
    <View className='hz-card apply-result' data-testid='pay-done' data-status={payment.status} data-just-now={justNow ? 'true' : 'false'}>
      <View className='apply-result__icon'>✓</View>
      <Text className='apply-result__title'>{justNow ? '缴费成功' : '这笔费用已经缴纳'}</Text>
      <View className='apply-kv'>
        <Text className='apply-kv__k'>{payment.description}</Text>
        <Text className='apply-amount'>¥{yuan(payment.amount)}</Text>
      </View>
      <View className='apply-kv'>
        <Text className='apply-kv__k'>状态</Text>
        <View>
          <PaymentStatusTag status={payment.status} name={payment.statusName} testId='pay-status' />
        </View>
      </View>
      <BigButton onClick={() => openReceipt(payment.id)} testId='pay-receipt'>
        查看缴费凭证
      </BigButton>
      <BigButton variant='secondary' onClick={() => backToCase(applicationId)} testId='pay-back'>
        返回办件
      </BigButton>
    </View>
  );
}

/**
 * 缴费 for a case (`?id=<applicationId>&purpose=fee|postage`): what is owed, then WeChat Pay, then
 * the server's word on whether it was paid — polled, because the client's "success" proves nothing.
 */
export default function ApplyPayPage() {
  const params = useRouter().params;
  const id = routeParam(params, 'id');
  const purpose: PaymentPurpose = routeParam(params, 'purpose') === 'postage' ? 'postage' : 'fee';
  const session = useResidentSession();
  const token = session ? session.token : null;
  const caseView = useResource(token && id ? `${id}:${token}` : null, () => getApplication(id ?? ''));
  const [paymentId, setPaymentId] = useState<string | null>(null);
  const watch = usePaymentWatch(paymentId, token);
  const [paying, setPaying] = useState(false);
  const [payError, setPayError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<'cancelled' | 'unsupported' | null>(null);

  const v = caseView.data;
  const existing = v ? currentPayment(v.payments, purpose) : null;
  const due = v ? dueOf(v, purpose, existing) : null;
  // The attempt on this page wins over what the case said when it loaded.
  const attempt = paymentId ? watch.payment : null;
  const settled = attempt && isSettled(attempt) ? attempt : existing && isSettled(existing) ? existing : null;

  const pay = async () => {
    if (!id || paying) return;
    setPaying(true);
    setPayError(null);
    setNotice(null);
    await askSubscribe('pay');
    try {
      const outcome = await startPayment(id, purpose);
      if (outcome.kind === 'redirected') return; // the page is being left; keep the button busy
      if (outcome.kind === 'unsupported') setNotice('unsupported');
      if (outcome.kind === 'cancelled') {
        setPaymentId(outcome.paymentId);
        setNotice('cancelled');
      }
      if (outcome.kind === 'submitted') {
        setPaymentId(outcome.paymentId);
        watch.confirm();
      }
    } catch (e) {
      const error = toApiError(e);
      setPayError(error);
      // Paid meanwhile (another device, a retried tap): the reloaded case shows it as paid.
      if (error.code === 'ALREADY_PAID') caseView.reload();
    }
    setPaying(false);
  };

  let body = null;
  if (v && id) {
    if (settled) body = <Paid payment={settled} applicationId={id} justNow={settled === attempt} />;
    else if (watch.confirming) body = <PaymentConfirming progress={watch.progress} />;
    else if (UNPAYABLE.includes(v.status)) body = null;
    else if (due) {
      const retry = notice === 'cancelled' || watch.timedOut || attempt?.status === 'closed';
      body = (
        <View>
          {watch.timedOut && <PaymentUnconfirmed onRecheck={watch.confirm} testId='pay-unconfirmed' />}
          <Summary view={v} due={due} />
          {notice === 'cancelled' && (
            <View className='hz-alert hz-alert--info' data-testid='pay-cancelled'>
              已取消支付，没有扣款。办件不受影响，您可以现在重新支付，也可以稍后在办件详情里缴费。
            </View>
          )}
          {attempt?.status === 'closed' && (
            <View className='hz-alert hz-alert--info' data-testid='pay-closed'>
              这笔支付已关闭，没有扣款。请重新支付。
            </View>
          )}
          {notice === 'unsupported' && (
            <View className='hz-alert' data-testid='pay-unsupported'>
              请在微信小程序中支付。在微信里搜索“海珠政务”小程序，打开“我的办件”即可缴费。
            </View>
          )}
          {payError && (
            <View className='hz-alert' data-testid='pay-error' data-code={payError.code}>
              {payError.message}
            </View>
          )}
          {existing?.status === 'created' && !attempt && (
            <Text className='apply-note' data-testid='pay-pending-note'>
              这笔费用之前已发起过支付但没有完成，可以继续支付。
            </Text>
          )}
          <BigButton onClick={() => void pay()} loading={paying} loadingText='正在打开微信支付…' testId='pay-confirm'>
            {retry ? '重新支付' : '微信支付'} ¥{yuan(due.amount)}
          </BigButton>
          <Text className='apply-note'>由微信支付收款。政务服务中心不会通过电话、短信或其他方式让您转账。</Text>
        </View>
      );
    }
  }

  return (
    <PageShell
      name='apply-pay'
      requireLogin='resident'
      loading={caseView.loading && !v}
      loadingText='正在读取费用…'
      error={v ? null : caseView.error}
      onRetry={caseView.reload}
      empty={
        !id
          ? { title: '没有指定办件', description: '请从“我的办件”中选择要缴费的办件。', testId: 'pay-missing' }
          : !v && caseView.error?.code === 'NOT_FOUND'
            ? { title: '找不到这个办件', description: '请从“我的办件”中重新打开。', testId: 'pay-not-found' }
            : v && !body
              ? UNPAYABLE.includes(v.status)
                ? { title: '现在还不能缴费', description: v.status === 'draft' ? '提交申请后才能缴费。' : '这个办件已经结束，不需要缴费。', testId: 'pay-not-payable' }
                : { title: '没有需要缴纳的费用', description: purpose === 'postage' ? '请先选择快递寄送结果，再支付快递费。' : '这个事项不收费。', testId: 'pay-nothing' }
              : null
      }
    >
      {body}
    </PageShell>
  );
}
