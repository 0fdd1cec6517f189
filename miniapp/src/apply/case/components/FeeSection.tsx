import { Text, View } from '@tarojs/components';
import { yuan, type ApplicationStatus, type ApplicationView, type PaymentView } from '@haizhu/shared-types';
import { PaymentStatusTag } from '../../../components/application';
import { BigButton } from '../../../components/BigButton';
import { goPage, pageUrl } from '../../../utils/navigation';
import { currentPayment, isSettled } from '../../components/payment';

/** The API opens no order for these (a draft pays after submitting). */
const UNPAYABLE: readonly ApplicationStatus[] = ['draft', 'withdrawn', 'refused'];

function openReceipt(p: PaymentView): void {
  goPage(pageUrl('/apply/receipt/index', { id: p.id }));
}

function PaymentRow({ p }: { p: PaymentView }) {
  return (
    <View className='case-pay' data-testid='case-payment' data-id={p.id} data-purpose={p.purpose} data-status={p.status}>
      <View className='case-pay__head'>
        <Text className='case-pay__name'>{p.description}</Text>
        <PaymentStatusTag status={p.status} name={p.statusName} testId='case-payment-status' />
      </View>
      <Text className='case-pay__amount'>¥{yuan(p.amount)}</Text>
      {p.refunded > 0 && <Text className='case-pay__line'>已退款 ¥{yuan(p.refunded)}</Text>}
      {isSettled(p) && (
        <View className='case-pay__link' data-testid='case-receipt-link' data-id={p.id} hoverClass='case-pay__link--pressed' onClick={() => openReceipt(p)}>
          <Text>查看凭证 ›</Text>
        </View>
      )}
    </View>
  );
}

/**
 * 费用: the item's fee and any postage, each with its status; 去缴费 while the fee is owed. Shown when
 * the item charges a fee or any payment exists.
 */
export function FeeSection({ view }: { view: ApplicationView }) {
  const fee = currentPayment(view.payments, 'fee');
  const postage = currentPayment(view.payments, 'postage');
  if (!view.fee && view.payments.length === 0) return null;
  const payable = !UNPAYABLE.includes(view.status);
  const feeOwed = view.fee !== null && view.fee.amount > 0 && (!fee || fee.status === 'created' || fee.status === 'closed');
  const postageOwed = postage !== null && (postage.status === 'created' || postage.status === 'closed');
  const shown = [fee, postage].filter((p): p is PaymentView => p !== null && p.status !== 'closed');
  const pay = (purpose: 'fee' | 'postage') => goPage(pageUrl('/apply/pay/index', { id: view.id, purpose }));

  return (
    <View className='hz-card case-fee' data-testid='case-fee' data-owed={feeOwed ? 'true' : 'false'}>
      <Text className='hz-card__title'>费用</Text>
      {view.fee && !shown.some((p) => p.purpose === 'fee') && (
        <View className='case-pay' data-testid='case-payment' data-purpose='fee' data-status='unpaid'>
          <View className='case-pay__head'>
            <Text className='case-pay__name'>{view.fee.description}</Text>
            <Text className='hz-case-status hz-case-status--action' data-testid='case-payment-status' data-status='unpaid'>
              待缴费
            </Text>
          </View>
          <Text className='case-pay__amount' data-testid='case-fee-amount'>
            ¥{yuan(view.fee.amount)}
          </Text>
        </View>
      )}
      {shown.map((p) => (
        <PaymentRow key={p.id} p={p} />
      ))}
      {feeOwed && view.fee && !payable && view.status === 'draft' && <Text className='case-fee__note'>提交申请后即可在这里缴费。</Text>}
      {feeOwed && view.fee && payable && (
        <BigButton onClick={() => pay('fee')} testId='case-pay-button'>
          去缴费 ¥{yuan(view.fee.amount)}
        </BigButton>
      )}
      {postageOwed && postage && payable && (
        <BigButton variant={feeOwed ? 'secondary' : 'primary'} onClick={() => pay('postage')} testId='case-pay-postage-button'>
          支付快递费 ¥{yuan(postage.amount)}
        </BigButton>
      )}
    </View>
  );
}
