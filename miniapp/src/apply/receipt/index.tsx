import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { yuan, type PaymentView } from '@haizhu/shared-types';
import { useEffect, useRef } from 'react';
// Shared stylesheets load in one order on every page (catalog, application, BigButton, BottomSheet,
// FormField, PageShell): weapp merges them into one common file and needs a single order.
import { PaymentStatusTag } from '../../components/application';
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { useResidentSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { pageUrl, routeParam } from '../../utils/navigation';
import { copyText } from '../components/copy';
import { PaymentConfirming, PaymentUnconfirmed, usePaymentWatch } from '../components/PaymentWatch';
import { backToCase } from '../components/payment';
import '../components/apply.scss';
import './index.scss';

function Row({ k, children, testId }: { k: string; children: string; testId?: string }) {
  return (
    <View className='apply-kv'>
      <Text className='apply-kv__k'>{k}</Text>
      <Text className='apply-kv__v' data-testid={testId}>
        {children}
      </Text>
    </View>
  );
}

function repay(p: PaymentView): void {
  void Taro.redirectTo({ url: pageUrl('/apply/pay/index', { id: p.applicationId, purpose: p.purpose }) });
}

function Receipt({ p }: { p: PaymentView }) {
  const paid = p.paidAt !== null;
  return (
    <View className='hz-card receipt' data-testid='receipt'>
      <View className='receipt__head'>
        <Text className='hz-card__title receipt__title'>缴费凭证</Text>
        <PaymentStatusTag status={p.status} name={p.statusName} testId='receipt-status' />
      </View>
      <Row k='缴费项目' testId='receipt-item'>
        {p.description}
      </Row>
      <Row k='类别'>{p.purposeName}</Row>
      <View className='apply-kv'>
        <Text className='apply-kv__k'>{paid ? '支付金额' : '应付金额'}</Text>
        <Text className='apply-amount' data-testid='receipt-amount' data-fen={p.amount}>
          ¥{yuan(p.amount)}
        </Text>
      </View>
      <Row k='支付时间' testId='receipt-paid-at'>
        {p.paidAt ? formatChineseDateTime(p.paidAt) : '未支付'}
      </Row>
      {p.transactionId && (
        <View className='apply-kv'>
          <Text className='apply-kv__k'>微信支付单号</Text>
          <View className='apply-copy-row'>
            <Text className='apply-kv__v apply-copy-row__value' data-testid='receipt-transaction-id' userSelect>
              {p.transactionId}
            </Text>
            <View className='apply-copy' data-testid='receipt-copy' hoverClass='apply-copy--pressed' onClick={() => copyText(p.transactionId ?? '', '微信支付单号')}>
              <Text>复制</Text>
            </View>
          </View>
        </View>
      )}
      {p.refunded > 0 && (
        <Row k='已退款' testId='receipt-refunded'>
          {`¥${yuan(p.refunded)}`}
        </Row>
      )}
      {p.refunds.length > 0 && (
        <View className='receipt__refunds' data-testid='receipt-refunds'>
          <Text className='receipt__refunds-title'>退款记录</Text>
          {p.refunds.map((r) => (
            <View key={r.id} className='receipt__refund' data-testid='receipt-refund' data-status={r.status}>
              <View className='receipt__refund-head'>
                <Text className='receipt__refund-amount'>¥{yuan(r.amount)}</Text>
                <Text className={`hz-tag${r.status === 'succeeded' ? ' hz-tag--success' : r.status === 'abnormal' || r.status === 'closed' ? ' hz-tag--warning' : ''}`}>{r.statusName}</Text>
              </View>
              <Text className='receipt__refund-line'>原因：{r.reason}</Text>
              <Text className='receipt__refund-line'>
                {r.succeededAt ? `退回时间：${formatChineseDateTime(r.succeededAt)}` : `申请时间：${formatChineseDateTime(r.createdAt)}，一般 1–3 个工作日退回原支付账户`}
              </Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}

/**
 * 缴费凭证 (`?id=<paymentId>`), also where the H5 cashier returns (`&wxpay=ok|cancel`): an order still
 * `created` is polled until WeChat Pay's answer arrives, whatever the cashier said.
 */
export default function ApplyReceiptPage() {
  const params = useRouter().params;
  const id = routeParam(params, 'id');
  const wxpay = routeParam(params, 'wxpay');
  const session = useResidentSession();
  const token = session ? session.token : null;
  const watch = usePaymentWatch(id, token);
  const p = watch.payment;
  const started = useRef(false);

  // Once, on the first answer: a cancel at the cashier has nothing to wait for.
  useEffect(() => {
    if (started.current || !p) return;
    started.current = true;
    if (p.status === 'created' && wxpay !== 'cancel') watch.confirm();
  }, [p, wxpay, watch]);

  const cancelledHere = p?.status === 'created' && wxpay === 'cancel' && !watch.confirming && !watch.timedOut;

  return (
    <PageShell
      name='apply-receipt'
      requireLogin='resident'
      loading={watch.loading && !p}
      loadingText={wxpay === 'ok' ? '正在确认支付结果…' : '正在读取缴费记录…'}
      error={p ? null : watch.error}
      onRetry={watch.reload}
      empty={
        !id
          ? { title: '没有指定缴费记录', description: '请从办件详情的“费用”中打开。', testId: 'receipt-missing' }
          : !p && watch.error?.code === 'NOT_FOUND'
            ? { title: '找不到这笔缴费', description: '请从办件详情的“费用”中重新打开。', testId: 'receipt-not-found' }
            : null
      }
    >
      {p && (
        <View data-testid='receipt-page' data-status={p.status}>
          {watch.confirming && <PaymentConfirming progress={watch.progress} />}
          {p.status === 'created' && watch.timedOut && <PaymentUnconfirmed onRecheck={watch.confirm} testId='receipt-unconfirmed' />}
          {cancelledHere && (
            <View className='hz-card apply-result' data-testid='receipt-cancelled'>
              <View className='apply-result__icon apply-result__icon--plain'>—</View>
              <Text className='apply-result__title'>已取消支付</Text>
              <Text className='hz-card__text'>这次没有扣款，办件不受影响。您可以现在重新支付，也可以稍后在办件详情里缴费。</Text>
            </View>
          )}
          {p.status === 'paid' && wxpay === 'ok' && (
            <View className='hz-alert hz-alert--success' data-testid='receipt-paid-now'>
              缴费成功，已收到微信支付的确认。
            </View>
          )}
          {p.status === 'closed' && (
            <View className='hz-alert hz-alert--info' data-testid='receipt-closed'>
              这笔支付已关闭（超时未付或已取消），没有扣款。如仍需缴费，请重新支付。
            </View>
          )}

          <Receipt p={p} />

          {(cancelledHere || (p.status === 'created' && watch.timedOut) || p.status === 'closed') && (
            <BigButton onClick={() => repay(p)} testId='receipt-repay'>
              重新支付
            </BigButton>
          )}
          <BigButton variant='secondary' onClick={() => backToCase(p.applicationId)} testId='receipt-back-case'>
            返回办件
          </BigButton>
        </View>
      )}
    </PageShell>
  );
}
