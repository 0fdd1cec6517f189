import { Text, View } from '@tarojs/components';
import { yuan, type CourierOrderView } from '@haizhu/shared-types';
import { CourierStatusTag } from '../../components/application';
import { goPage, pageUrl } from '../../utils/navigation';
import { addressText, windowText } from './courier';

/** Said the same way wherever an order with a reported problem is shown. */
export const COURIER_EXCEPTION_TEXT = '快递遇到问题，工作人员会与您联系';

/**
 * One courier order: kind, status, waybill, the problem in words when there is one; opens its
 * tracking. `postageDue` adds the unpaid postage line.
 */
export function CourierOrderCard({ order, postageDue = false, testId = 'case-courier-order' }: { order: CourierOrderView; postageDue?: boolean; testId?: string }) {
  const open = () => goPage(pageUrl('/apply/tracking/index', { id: order.id }));
  return (
    <View
      className={`apply-courier${order.exception ? ' apply-courier--exception' : ''}`}
      data-testid={testId}
      data-id={order.id}
      data-kind={order.kind}
      data-status={order.status}
      data-exception={order.exception ? 'true' : 'false'}
      hoverClass='apply-courier--pressed'
      onClick={open}
    >
      <View className='apply-courier__head'>
        <Text className='apply-courier__kind'>{order.kindName}</Text>
        <CourierStatusTag status={order.status} name={order.statusName} exception={order.exception} testId={`${testId}-status`} />
      </View>
      {order.exception && (
        <Text className='apply-courier__exception' data-testid={`${testId}-exception`}>
          {COURIER_EXCEPTION_TEXT}
        </Text>
      )}
      <Text className='apply-courier__line'>快递单号：{order.waybillNo ?? '快递公司接单后生成'}</Text>
      {order.window && <Text className='apply-courier__line'>上门时间：{windowText(order.window)}</Text>}
      <Text className='apply-courier__line'>
        {order.kind === 'pickup' ? '取件地址' : '收件地址'}：{addressText(order.address)}
      </Text>
      {postageDue && (
        <Text className='apply-courier__due' data-testid={`${testId}-postage-due`}>
          快递费 ¥{yuan(order.postage)} 待支付
        </Text>
      )}
      <Text className='apply-courier__more'>查看快递进度 ›</Text>
    </View>
  );
}
