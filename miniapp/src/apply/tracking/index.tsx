import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { yuan, type CourierOrderView } from '@haizhu/shared-types';
import { useEffect, useState } from 'react';
import { cancelCourierOrder, getCourierOrder } from '../../api/courier';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, BigButton, BottomSheet,
// FormField, PageShell): weapp merges them into one common file and needs a single order.
import { CourierStatusTag } from '../../components/application';
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { routeParam } from '../../utils/navigation';
import { clockTimeOf } from '../components/clock';
import { copyText } from '../components/copy';
import { addressText, FINAL_COURIER, reachedStep, TRACKING_STEPS, windowText } from '../components/courier';
import { COURIER_EXCEPTION_TEXT } from '../components/CourierOrderCard';
import { backToCase } from '../components/payment';
import { usePagePolling } from '../components/usePagePolling';
import '../components/apply.scss';
import './index.scss';

/** Carriers push progress every few minutes at most; this keeps the page current without hammering. */
const POLL_MS = 30_000;

function Milestones({ order }: { order: CourierOrderView }) {
  const reached = reachedStep(order);
  // Signed for is the end of the road: every step is done, none is still "now".
  const finished = order.status === 'signed';
  return (
    <View className='track-steps' data-testid='tracking-steps' data-reached={reached}>
      {TRACKING_STEPS.map((name, i) => {
        const state = i < reached || (finished && i === reached) ? 'done' : i === reached ? 'current' : 'todo';
        return (
          <View key={name} className={`track-step track-step--${state}`} data-testid='tracking-step' data-step={i} data-state={state}>
            <View className='track-step__rail'>
              <View className='track-step__dot'>
                <Text className='track-step__mark'>{state === 'done' ? '✓' : i + 1}</Text>
              </View>
              {i < TRACKING_STEPS.length - 1 && <View className='track-step__line' />}
            </View>
            <View className='track-step__body'>
              <Text className='track-step__name'>{name}</Text>
              {state === 'current' && <Text className='track-step__now'>现在在这一步</Text>}
            </View>
          </View>
        );
      })}
    </View>
  );
}

function Events({ order }: { order: CourierOrderView }) {
  if (order.events.length === 0) {
    return (
      <Text className='hz-card__text' data-testid='tracking-no-events'>
        还没有物流信息。快递员揽收后，每一步都会显示在这里。
      </Text>
    );
  }
  const newestFirst = [...order.events].reverse();
  return (
    <View className='hz-timeline' data-testid='tracking-events'>
      {newestFirst.map((e, i) => (
        <View key={`${e.at}-${i}`} className={`hz-timeline__entry${i === 0 ? ' hz-timeline__entry--current' : ''}`} data-testid='tracking-event' data-status={e.status}>
          <View className='hz-timeline__rail'>
            <View className='hz-timeline__dot' />
            {i < newestFirst.length - 1 && <View className='hz-timeline__line' />}
          </View>
          <View className='hz-timeline__body'>
            <Text className='hz-timeline__title'>{e.statusName}</Text>
            <Text className='hz-timeline__note'>
              {e.remark}
              {e.place ? `（${e.place}）` : ''}
            </Text>
            <Text className='hz-timeline__time'>{formatChineseDateTime(e.at)}</Text>
          </View>
        </View>
      ))}
    </View>
  );
}

/** 快递进度 (`?id=<courierOrderId>`): where the parcel is, any problem in words, every scan. */
export default function ApplyTrackingPage() {
  const id = routeParam(useRouter().params, 'id');
  const session = useResidentSession();
  const token = session ? session.token : null;
  const resource = useResource(token && id ? `${id}:${token}` : null, () => getCourierOrder(id ?? ''));
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  // The cancel's answer is newer than the load it replaced, until the next poll arrives.
  const [override, setOverride] = useState<{ replaces: CourierOrderView | null; order: CourierOrderView } | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<ApiError | null>(null);
  const data = resource.data;
  const o = override && override.replaces === data ? override.order : data;

  useEffect(() => {
    if (data) setUpdatedAt(Date.now());
  }, [data]);

  usePagePolling(!!o && !FINAL_COURIER.includes(o.status), POLL_MS, () => {
    if (!resource.loading) resource.reload();
  });

  const cancel = async () => {
    if (!o || cancelling) return;
    const { confirm } = await Taro.showModal({
      title: o.kind === 'pickup' ? '确定取消上门取件吗？' : '确定取消快递寄送吗？',
      content: o.kind === 'pickup' ? '取消后快递员不会上门。需要时可以重新预约，也可以把原件送到窗口。' : '取消后结果不会寄出。需要时可以重新选择，也可以到窗口领取。',
      confirmText: '确定取消',
      confirmColor: '#c62828',
      cancelText: '不取消',
    });
    if (!confirm) return;
    setCancelling(true);
    setCancelError(null);
    try {
      setOverride({ replaces: data, order: await cancelCourierOrder(o.id) });
      void Taro.showToast({ title: '已取消', icon: 'success' });
    } catch (e) {
      setCancelError(toApiError(e));
    } finally {
      setCancelling(false);
    }
  };

  const cancellable = o ? o.status === 'requested' || o.status === 'created' : false;

  return (
    <PageShell
      name='apply-tracking'
      requireLogin='resident'
      loading={resource.loading && !o}
      loadingText='正在查询快递进度…'
      error={o ? null : resource.error}
      onRetry={resource.reload}
      empty={
        !id
          ? { title: '没有指定快递', description: '请从办件详情的“快递”中打开。', testId: 'tracking-missing' }
          : !o && resource.error?.code === 'NOT_FOUND'
            ? { title: '找不到这个快递', description: '请从办件详情的“快递”中重新打开。', testId: 'tracking-not-found' }
            : null
      }
    >
      {o && (
        <View data-testid='tracking' data-kind={o.kind} data-status={o.status}>
          {o.exception && (
            <View className='hz-alert track-exception' data-testid='tracking-exception'>
              <Text className='track-exception__title'>{COURIER_EXCEPTION_TEXT}。</Text>
              <Text className='track-exception__text'>您不用做什么，请留意来电。如需帮助，可拨打 12345 政务服务便民热线。</Text>
            </View>
          )}
          {(o.status === 'returning' || o.status === 'returned') && (
            <View className='hz-alert' data-testid='tracking-returning'>
              {o.status === 'returning' ? '快件没能送达，正在退回。' : '快件已退回。'}工作人员会与您联系，商量重新寄送或到窗口办理。
            </View>
          )}
          {o.status === 'cancelled' && (
            <View className='hz-alert hz-alert--info' data-testid='tracking-cancelled'>
              这个快递已取消。
            </View>
          )}

          <View className='hz-card' data-testid='tracking-summary'>
            <View className='track-head'>
              <Text className='track-head__kind'>{o.kindName}</Text>
              <CourierStatusTag status={o.status} name={o.statusName} exception={o.exception} testId='tracking-status' />
            </View>
            <View className='apply-kv'>
              <Text className='apply-kv__k'>快递单号</Text>
              {o.waybillNo ? (
                <View className='apply-copy-row'>
                  <Text className='apply-kv__v apply-copy-row__value' data-testid='tracking-waybill' userSelect>
                    {o.waybillNo}
                  </Text>
                  <View className='apply-copy' data-testid='tracking-copy' hoverClass='apply-copy--pressed' onClick={() => copyText(o.waybillNo ?? '', '快递单号')}>
                    <Text>复制</Text>
                  </View>
                </View>
              ) : (
                <Text className='apply-kv__v' data-testid='tracking-waybill-pending'>
                  快递公司接单后生成
                </Text>
              )}
            </View>
            {o.window && (
              <View className='apply-kv'>
                <Text className='apply-kv__k'>上门时间</Text>
                <Text className='apply-kv__v' data-testid='tracking-window'>
                  {windowText(o.window)}
                </Text>
              </View>
            )}
            <View className='apply-kv'>
              <Text className='apply-kv__k'>{o.kind === 'pickup' ? '取件地址' : '收件地址'}</Text>
              <Text className='apply-kv__v'>
                {o.address.contactName} {o.address.phone}
              </Text>
              <Text className='apply-kv__v'>{addressText(o.address)}</Text>
            </View>
            {o.postage > 0 && (
              <View className='apply-kv'>
                <Text className='apply-kv__k'>快递费</Text>
                <Text className='apply-kv__v'>¥{yuan(o.postage)}</Text>
              </View>
            )}
          </View>

          <View className='hz-card'>
            <Text className='hz-card__title'>快递进度</Text>
            {(o.status === 'requested' || o.status === 'created') && (
              <Text className='hz-card__text' data-testid='tracking-waiting'>
                {o.kind === 'pickup' ? '等待快递员上门揽收。' : '等待工作人员把结果交给快递。'}
              </Text>
            )}
            <Milestones order={o} />
          </View>

          <View className='hz-card'>
            <View className='track-events-head'>
              <Text className='hz-card__title'>物流详情</Text>
              {updatedAt !== null && !FINAL_COURIER.includes(o.status) && (
                <Text className='track-updated' data-testid='tracking-updated'>
                  {clockTimeOf(updatedAt)} 更新，每 30 秒自动刷新
                </Text>
              )}
            </View>
            <Events order={o} />
          </View>

          {cancelError && (
            <View className='hz-alert' data-testid='tracking-cancel-error' data-code={cancelError.code}>
              {cancelError.code === 'INVALID_STATE' ? '快递员已经揽收，不能再取消了。如有问题，请拨打 12345 政务服务便民热线。' : cancelError.message}
            </View>
          )}
          {cancellable && (
            <BigButton variant='danger' onClick={() => void cancel()} loading={cancelling} loadingText='正在取消…' testId='tracking-cancel'>
              {o.kind === 'pickup' ? '取消上门取件' : '取消快递寄送'}
            </BigButton>
          )}
          <BigButton variant='secondary' onClick={() => backToCase(o.applicationId)} testId='tracking-back-case'>
            返回办件
          </BigButton>
        </View>
      )}
    </PageShell>
  );
}
