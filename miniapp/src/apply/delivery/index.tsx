import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { yuan, type ApplicationView, type CourierOrderView } from '@haizhu/shared-types';
import { useState } from 'react';
import { getApplication } from '../../api/application';
import { requestDelivery } from '../../api/courier';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, BigButton, BottomSheet,
// FormField, PageShell): weapp merges them into one common file and needs a single order.
import { BigButton } from '../../components/BigButton';
import { AddressChooser, addressErrorsFrom, useAddressChoice } from '../components/AddressChooser';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { pageUrl, routeParam } from '../../utils/navigation';
import { canRequestDelivery, liveOrder, unpaidPostage } from '../components/courier';
import { CourierOrderCard } from '../components/CourierOrderCard';
import { backToCase } from '../components/payment';
import '../components/apply.scss';

function payPostage(applicationId: string): void {
  void Taro.redirectTo({ url: pageUrl('/apply/pay/index', { id: applicationId, purpose: 'postage' }) });
}

/** The order is in: say what happens next, and ask for the postage when there is some. */
function Chosen({ view, order, justNow }: { view: ApplicationView; order: CourierOrderView; justNow: boolean }) {
  // Just created: its postage payment can't be paid yet. Shown later: the case's payments say.
  const owes = order.postage > 0 && order.paymentId !== null && (justNow || unpaidPostage(order, view.payments) !== null);
  return (
    <View className='hz-card apply-result' data-testid={justNow ? 'delivery-done' : 'delivery-existing'} data-status={order.status} data-postage={order.postage}>
      <View className='apply-result__icon'>✓</View>
      <Text className='apply-result__title'>{justNow ? '已选择快递寄送' : '您已经选择了快递寄送'}</Text>
      <Text className='hz-card__text'>审批通过后，工作人员会把办理结果交给快递寄给您。寄出后，在办件详情的“快递”里可以查看进度。</Text>
      <CourierOrderCard order={order} postageDue={owes} testId='delivery-order' />
      {owes && (
        <View data-testid='delivery-postage'>
          <View className='hz-alert hz-alert--info'>需要支付快递费 ¥{yuan(order.postage)}，付款后才会寄出。</View>
          <BigButton onClick={() => payPostage(view.id)} testId='delivery-pay'>
            支付快递费 ¥{yuan(order.postage)}
          </BigButton>
        </View>
      )}
      <BigButton variant='secondary' onClick={() => backToCase(view.id)} testId='delivery-back'>
        返回办件
      </BigButton>
    </View>
  );
}

/** 选择快递寄送结果 (`?id=<applicationId>`): where to send the result, then the postage if any. */
export default function ApplyDeliveryPage() {
  const id = routeParam(useRouter().params, 'id');
  const session = useResidentSession();
  const token = session ? session.token : null;
  const caseView = useResource(token && id ? `${id}:${token}` : null, () => getApplication(id ?? ''));
  const address = useAddressChoice(token);
  const [invalid, setInvalid] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<CourierOrderView | null>(null);

  const v = caseView.data;
  const existing = v ? liveOrder(v, 'delivery') : null;
  const shown = created ?? existing;

  const submit = async () => {
    if (!id || submitting) return;
    const choice = address.resolve();
    if (!choice) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setSubmitting(true);
    setSubmitError(null);
    try {
      setCreated(await requestDelivery(id, choice));
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
    } catch (e) {
      const error = toApiError(e);
      if (error.code === 'VALIDATION_FAILED') address.setErrors(addressErrorsFrom(error.fieldErrors));
      setSubmitError(error);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <PageShell
      name='apply-delivery'
      requireLogin='resident'
      loading={caseView.loading && !v}
      loadingText='正在读取办件…'
      error={v ? null : caseView.error}
      onRetry={caseView.reload}
      empty={
        !id
          ? { title: '没有指定办件', description: '请从“我的办件”中选择。', testId: 'delivery-missing' }
          : !v && caseView.error?.code === 'NOT_FOUND'
            ? { title: '找不到这个办件', description: '请从“我的办件”中重新打开。', testId: 'delivery-not-found' }
            : v && !shown && !canRequestDelivery(v)
              ? {
                  title: '现在不能选择快递寄送',
                  description: v.resultDelivery.includes('courier') ? '申请提交后、结果送达前可以选择快递寄送。' : '这个事项的办理结果不能快递寄送，请按办事指南领取。',
                  testId: 'delivery-unavailable',
                }
              : null
      }
    >
      {v && shown && <Chosen view={v} order={shown} justNow={shown === created} />}
      {v && !shown && (
        <View data-testid='delivery-form'>
          <View className='hz-alert hz-alert--info'>“{v.itemName}”的办理结果可以快递寄给您。选好收件地址，审批通过后就会寄出，不用再跑窗口领取。</View>
          <View className='hz-card'>
            <Text className='apply-section-title'>寄到哪里</Text>
            <AddressChooser prefix='delivery' state={address} />
          </View>
          <Text className='apply-note'>如需支付快递费，确认后会告诉您金额。</Text>
          {invalid && Object.values(address.errors).some(Boolean) && (
            <View className='hz-alert' data-testid='delivery-invalid'>
              还有内容没填好，请按上面红色的提示修改。
            </View>
          )}
          {submitError && (
            <View className='hz-alert' data-testid='delivery-error' data-code={submitError.code}>
              {submitError.code === 'VALIDATION_FAILED' ? '有内容不符合要求，请按上面红色的提示修改。' : submitError.message}
            </View>
          )}
          <BigButton onClick={() => void submit()} loading={submitting} loadingText='正在提交…' testId='delivery-submit'>
            确认快递寄送
          </BigButton>
        </View>
      )}
    </PageShell>
  );
}
