import { Text, View } from '@tarojs/components';
import type { ApplicationView } from '@haizhu/shared-types';
import { BigButton } from '../../../components/BigButton';
import { goPage, pageUrl } from '../../../utils/navigation';
import { canBookPickup, canRequestDelivery, unpaidPostage } from '../../components/courier';
import { CourierOrderCard } from '../../components/CourierOrderCard';

/**
 * 快递: the case's courier orders (each opens its tracking), and the two ways to book one — a
 * pickup of paper originals, and delivery of the result — while they make sense for the case.
 */
export function CourierSection({ view }: { view: ApplicationView }) {
  const pickup = canBookPickup(view);
  const delivery = canRequestDelivery(view);
  if (view.courierOrders.length === 0 && !pickup && !delivery) return null;
  const newestFirst = [...view.courierOrders].reverse();
  return (
    <View className='hz-card case-courier' data-testid='case-courier'>
      <Text className='hz-card__title'>快递</Text>
      {newestFirst.map((o) => (
        <CourierOrderCard key={o.id} order={o} postageDue={unpaidPostage(o, view.payments) !== null} />
      ))}
      {pickup && (
        <View className='case-courier__offer'>
          <Text className='case-courier__text'>这个事项需要纸质原件。可以预约快递员上门取件，寄给办理窗口，不用自己跑一趟。</Text>
          <BigButton variant='secondary' onClick={() => goPage(pageUrl('/apply/pickup/index', { id: view.id }))} testId='case-pickup-button'>
            预约快递上门取件
          </BigButton>
        </View>
      )}
      {delivery && (
        <View className='case-courier__offer'>
          <Text className='case-courier__text'>办理结果可以快递寄给您，审批通过后寄出。</Text>
          <BigButton variant='secondary' onClick={() => goPage(pageUrl('/apply/delivery/index', { id: view.id }))} testId='case-delivery-button'>
            选择快递寄送结果
          </BigButton>
        </View>
      )}
    </View>
  );
}
