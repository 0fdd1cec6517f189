import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { ApplicationView, CourierOrderView } from '@haizhu/shared-types';
import { useState } from 'react';
import { getApplication } from '../../api/application';
import { bookPickup } from '../../api/courier';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, BigButton, BottomSheet,
// FormField, PageShell): weapp merges them into one common file and needs a single order.
import { BigButton } from '../../components/BigButton';
import { AddressChooser, addressErrorsFrom, useAddressChoice } from '../components/AddressChooser';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { fullDate } from '../../utils/datetime';
import { pageUrl, routeParam } from '../../utils/navigation';
import { canBookPickup, liveOrder, PICKUP_WINDOWS, pickupDays, pickupWindowOf, windowOpen, windowText, type WindowCode } from '../components/courier';
import { CourierOrderCard } from '../components/CourierOrderCard';
import { backToCase } from '../components/payment';
import '../components/apply.scss';

interface TimeErrors {
  date?: string;
  window?: string;
}

function Booked({ view, order, justNow }: { view: ApplicationView; order: CourierOrderView; justNow: boolean }) {
  return (
    <View className='hz-card apply-result' data-testid={justNow ? 'pickup-done' : 'pickup-existing'} data-status={order.status}>
      <View className='apply-result__icon'>✓</View>
      <Text className='apply-result__title'>{justNow ? '已预约上门取件' : '您已经预约过上门取件'}</Text>
      <Text className='hz-card__text'>
        {order.window ? `快递员会在 ${windowText(order.window)} 上门。` : ''}
        上门前快递员会打电话联系您。请提前准备好申请材料的纸质原件，交给快递员即可，会寄到{view.departmentName}。
      </Text>
      <CourierOrderCard order={order} testId='pickup-order' />
      {order.postage > 0 && order.paymentId && (
        <BigButton onClick={() => void Taro.redirectTo({ url: pageUrl('/apply/pay/index', { id: view.id, purpose: 'postage' }) })} testId='pickup-pay'>
          支付快递费
        </BigButton>
      )}
      <BigButton variant='secondary' onClick={() => backToCase(view.id)} testId='pickup-back'>
        返回办件
      </BigButton>
    </View>
  );
}

/** 预约快递上门取件 (`?id=<applicationId>`): where, which day, morning or afternoon, then confirm. */
export default function ApplyPickupPage() {
  const id = routeParam(useRouter().params, 'id');
  const session = useResidentSession();
  const token = session ? session.token : null;
  const caseView = useResource(token && id ? `${id}:${token}` : null, () => getApplication(id ?? ''));
  const address = useAddressChoice(token);
  const [days] = useState(() => pickupDays());
  const [date, setDate] = useState<string | null>(null);
  const [slot, setSlot] = useState<WindowCode | null>(null);
  const [timeErrors, setTimeErrors] = useState<TimeErrors>({});
  const [invalid, setInvalid] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<ApiError | null>(null);
  const [booked, setBooked] = useState<CourierOrderView | null>(null);

  const v = caseView.data;
  const existing = v ? liveOrder(v, 'pickup') : null;

  const pickDate = (d: string) => {
    setDate(d);
    // The last day may not offer the window picked for another day.
    if (slot && !windowOpen(d, slot)) setSlot(null);
    setTimeErrors((e) => ({ ...e, date: undefined }));
  };
  const pickSlot = (s: WindowCode) => {
    setSlot(s);
    setTimeErrors((e) => ({ ...e, window: undefined }));
  };

  const submit = async () => {
    if (!id || submitting) return;
    const choice = address.resolve();
    const errors: TimeErrors = {};
    if (!date) errors.date = '请选择上门日期';
    if (!slot) errors.window = '请选择上门时段';
    setTimeErrors(errors);
    if (!choice || !date || !slot) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setSubmitting(true);
    setSubmitError(null);
    try {
      setBooked(await bookPickup(id, choice, pickupWindowOf(date, slot)));
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
    } catch (e) {
      const error = toApiError(e);
      if (error.code === 'VALIDATION_FAILED') {
        const fields = error.fieldErrors;
        address.setErrors(addressErrorsFrom(fields));
        if (fields.start || fields.end || fields.window) setTimeErrors({ window: fields.start ?? fields.end ?? fields.window });
      }
      setSubmitError(error);
    } finally {
      setSubmitting(false);
    }
  };

  const shown = booked ?? existing;
  const chosenWindow = PICKUP_WINDOWS.find((w) => w.code === slot);

  return (
    <PageShell
      name='apply-pickup'
      requireLogin='resident'
      loading={caseView.loading && !v}
      loadingText='正在读取办件…'
      error={v ? null : caseView.error}
      onRetry={caseView.reload}
      empty={
        !id
          ? { title: '没有指定办件', description: '请从“我的办件”中选择。', testId: 'pickup-missing' }
          : !v && caseView.error?.code === 'NOT_FOUND'
            ? { title: '找不到这个办件', description: '请从“我的办件”中重新打开。', testId: 'pickup-not-found' }
            : v && !shown && !canBookPickup(v)
              ? {
                  title: '现在不能预约上门取件',
                  description: v.originalsNeeded ? '提交申请后、审批结束前可以预约快递上门取原件。' : '这个事项不需要寄送纸质原件。',
                  testId: 'pickup-unavailable',
                }
              : null
      }
    >
      {v && shown && <Booked view={v} order={shown} justNow={shown === booked} />}
      {v && !shown && (
        <View data-testid='pickup-form'>
          <View className='hz-alert hz-alert--info'>
            快递员按您选的时间上门，取走“{v.itemName}”的纸质原件，寄到{v.departmentName}，您不用跑窗口。
          </View>

          <View className='hz-card'>
            <Text className='apply-section-title'>1. 在哪里取件</Text>
            <AddressChooser prefix='pickup' state={address} />
          </View>

          <View className='hz-card'>
            <Text className='apply-section-title'>2. 哪天上门</Text>
            <View className='apply-chips apply-chips--thirds' data-testid='pickup-day' data-value={date ?? ''}>
              {days.map((d) => (
                <View
                  key={d.date}
                  className={`apply-chip${date === d.date ? ' apply-chip--on' : ''}`}
                  hoverClass='apply-chip--pressed'
                  data-testid='pickup-day-option'
                  data-date={d.date}
                  data-on={date === d.date ? 'true' : 'false'}
                  onClick={() => pickDate(d.date)}
                >
                  <Text className='apply-chip__main'>{d.label}</Text>
                  <Text className='apply-chip__sub'>{d.sub}</Text>
                </View>
              ))}
            </View>
            {timeErrors.date && (
              <Text className='hz-form-error' data-testid='pickup-day-error'>
                {timeErrors.date}
              </Text>
            )}
          </View>

          <View className='hz-card'>
            <Text className='apply-section-title'>3. 上午还是下午</Text>
            <View className='apply-chips' data-testid='pickup-window' data-value={slot ?? ''}>
              {PICKUP_WINDOWS.map((w) => {
                const open = !date || windowOpen(date, w.code);
                return (
                  <View
                    key={w.code}
                    className={`apply-chip${slot === w.code ? ' apply-chip--on' : ''}${open ? '' : ' apply-chip--disabled'}`}
                    hoverClass={open ? 'apply-chip--pressed' : 'none'}
                    data-testid='pickup-window-option'
                    data-window={w.code}
                    data-on={slot === w.code ? 'true' : 'false'}
                    data-disabled={open ? 'false' : 'true'}
                    onClick={open ? () => pickSlot(w.code) : undefined}
                  >
                    <Text className='apply-chip__main'>{w.name}</Text>
                    <Text className='apply-chip__sub'>{open ? `${w.start}–${w.end}` : '这天不可约'}</Text>
                  </View>
                );
              })}
            </View>
            {timeErrors.window && (
              <Text className='hz-form-error' data-testid='pickup-window-error'>
                {timeErrors.window}
              </Text>
            )}
          </View>

          {date && chosenWindow && (
            <View className='hz-alert hz-alert--info' data-testid='pickup-summary'>
              快递员将在 {fullDate(date)} {chosenWindow.name} {chosenWindow.start}–{chosenWindow.end} 上门。
            </View>
          )}
          {invalid && (Object.values(address.errors).some(Boolean) || timeErrors.date || timeErrors.window) && (
            <View className='hz-alert' data-testid='pickup-invalid'>
              还有内容没填好，请按上面红色的提示修改。
            </View>
          )}
          {submitError && (
            <View className='hz-alert' data-testid='pickup-error' data-code={submitError.code}>
              {submitError.code === 'VALIDATION_FAILED' ? '有内容不符合要求，请按上面红色的提示修改。' : submitError.message}
            </View>
          )}
          <BigButton onClick={() => void submit()} loading={submitting} loadingText='正在预约…' testId='pickup-submit'>
            确认预约上门取件
          </BigButton>
        </View>
      )}
    </PageShell>
  );
}
