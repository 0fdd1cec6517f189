import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { yuan, type ApplicationView, type CourierOrderView } from '@haizhu/shared-types';
import { useState } from 'react';
import { handoverCourierOrder } from '../../api/courier';
import { type ApiError, toApiError } from '../../api/errors';
import { CourierStatusTag } from '../../components/application';
import { BigButton } from '../../components/BigButton';
import { formatChineseDateTime } from '../../utils/datetime';
import { KvRow } from './KvRow';

function windowLine(w: { start: string; end: string }): string {
  return `${formatChineseDateTime(w.start)}–${formatChineseDateTime(w.end).slice(-5)}`;
}

/** Postage still owed on a delivery order: the API refuses the handover until it is paid. */
function postageUnpaid(order: CourierOrderView, view: ApplicationView): boolean {
  if (order.postage <= 0) return false;
  const p = view.payments.find((x) => x.id === order.paymentId);
  return !p || p.status === 'created' || p.status === 'closed';
}

function OrderRow({ order, view, onHandedOver }: { order: CourierOrderView; view: ApplicationView; onHandedOver(v: ApplicationView): void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const last = order.events[order.events.length - 1];
  const canHandOver = view.status === 'approved' && order.kind === 'delivery' && order.status === 'requested';
  const owes = postageUnpaid(order, view);

  const handover = async () => {
    if (pending) return;
    const { confirm } = await Taro.showModal({
      title: '把办理结果交给快递寄出？',
      content: '确认后办件记为“结果已送达”，系统向快递公司下单，申请人可以查看快递进度。',
      confirmText: '确认寄出',
      cancelText: '暂不寄出',
    });
    if (!confirm) return;
    setPending(true);
    setError(null);
    try {
      onHandedOver(await handoverCourierOrder(order.id));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <View className={`cw-courier${order.exception ? ' cw-courier--exception' : ''}`} data-testid='cw-courier-order' data-id={order.id} data-kind={order.kind} data-status={order.status}>
      <View className='cw-payment__head'>
        <Text className='cw-payment__name'>{order.kindName}</Text>
        <CourierStatusTag status={order.status} name={order.statusName} exception={order.exception} testId='cw-courier-status' />
      </View>
      {order.exception && (
        <View className='hz-alert' data-testid='cw-courier-exception'>
          快递报告异常，已生成快递异常待办。请联系申请人后在“快递异常处理”中记录处理情况。
        </View>
      )}
      <KvRow k='快递单号' v={order.waybillNo ?? '尚未生成'} />
      {order.window && <KvRow k='上门时间' v={windowLine(order.window)} />}
      <KvRow k={order.kind === 'pickup' ? '取件地址' : '收件地址'} v={`${order.address.contactName} ${order.address.phone} ${order.address.county}${order.address.detail}`} />
      {order.postage > 0 && <KvRow k='快递费' v={`¥${yuan(order.postage)}${owes ? '（未支付）' : ''}`} />}
      {last && <KvRow k='最新物流' v={`${last.statusName}：${last.remark}（${formatChineseDateTime(last.at)}）`} />}
      {canHandOver && owes && (
        <View className='hz-alert cw-note' data-testid='cw-handover-postage'>
          申请人还没有支付快递费，付款后才能寄出。
        </View>
      )}
      {error && (
        <View className='hz-alert' data-testid='cw-handover-error' data-code={error.code}>
          {error.message}
        </View>
      )}
      {canHandOver && (
        <BigButton onClick={() => void handover()} loading={pending} loadingText='正在交寄…' testId='casework-handover-button'>
          交快递寄出
        </BigButton>
      )}
    </View>
  );
}

/** 快递 on the staff case view: pickups of originals and the result's delivery, with 交快递寄出. */
export function CourierCard({ view, onHandedOver }: { view: ApplicationView; onHandedOver(v: ApplicationView): void }) {
  if (view.courierOrders.length === 0) return null;
  return (
    <View className='hz-card' data-testid='cw-courier'>
      <Text className='hz-card__title'>快递</Text>
      {view.courierOrders.map((o) => (
        <OrderRow key={o.id} order={o} view={view} onHandedOver={onHandedOver} />
      ))}
    </View>
  );
}
