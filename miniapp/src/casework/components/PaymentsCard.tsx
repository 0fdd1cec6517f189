import { Text, View } from '@tarojs/components';
import { refundBody, yuan, type ApplicationView, type PaymentView } from '@haizhu/shared-types';
import { useState } from 'react';
import { type ApiError, toApiError } from '../../api/errors';
import { refundPayment } from '../../api/payment';
import { PaymentStatusTag } from '../../components/application';
import { BigButton } from '../../components/BigButton';
import { BottomSheet } from '../../components/BottomSheet';
import { FormField, TextAreaField } from '../../components/FormField';
import { formatChineseDateTime } from '../../utils/datetime';
import { KvRow } from './KvRow';


/** "18" or "18.5" or "18.50" yuan → fen, without floating-point rounding; null when not an amount. */
export function fenOf(text: string): number | null {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function RefundSheet({ payment, onDone, onClose }: { payment: PaymentView; onDone(p: PaymentView): void; onClose(): void }) {
  const refundable = payment.refundable;
  const [amount, setAmount] = useState(yuan(refundable));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ amount?: string; reason?: string }>({});
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async () => {
    if (pending) return;
    const found: { amount?: string; reason?: string } = {};
    const fen = fenOf(amount);
    if (amount.trim() === '') found.amount = '请填写退款金额';
    else if (fen === null) found.amount = '金额格式不对，请填写如 18 或 18.50（元）';
    else if (fen <= 0) found.amount = '退款金额应大于 0';
    else if (fen > refundable) found.amount = `最多可退 ¥${yuan(refundable)}`;
    const parsed = refundBody.safeParse({ amount: fen ?? 0, reason });
    if (!parsed.success) {
      const issue = parsed.error.issues.find((i) => i.path[0] === 'reason');
      if (issue) found.reason = issue.message === '请写明退款原因' ? issue.message : '退款原因为 2 到 80 个字';
    }
    setErrors(found);
    if (found.amount || found.reason || fen === null || !parsed.success) return;
    setPending(true);
    setError(null);
    try {
      onDone(await refundPayment(payment.id, fen, parsed.data.reason));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setPending(false);
    }
  };

  const fen = fenOf(amount);
  return (
    <BottomSheet
      open
      title='退款'
      onClose={onClose}
      testId='cw-sheet-refund'
      footer={
        <BigButton variant='danger' onClick={() => void submit()} loading={pending} loadingText='正在提交退款…' testId='refund-submit'>
          {fen !== null && fen > 0 ? `确认退款 ¥${yuan(fen)}` : '确认退款'}
        </BigButton>
      }
    >
      <Text className='cw-sheet-text'>钱款原路退回申请人的微信支付账户，一般 1–3 个工作日到账。提交后不能撤回，申请人会在缴费凭证中看到退款原因。</Text>
      <KvRow k='缴费项目' v={payment.description} />
      <KvRow k='实付金额' v={`¥${yuan(payment.amount)}`} />
      <View className='cw-kv' data-testid='refund-refundable' data-fen={refundable}>
        <Text className='cw-kv__k'>可退金额</Text>
        <Text className='cw-kv__v'>¥{yuan(refundable)}</Text>
      </View>
      <View className='cw-refund-fields'>
        <FormField
          label='退款金额（元）'
          value={amount}
          onChange={(v) => {
            setAmount(v);
            setErrors((e) => ({ ...e, amount: undefined }));
          }}
          type='digit'
          maxlength={10}
          placeholder={`最多 ${yuan(refundable)}`}
          hint='可以部分退款；金额精确到分，如 18.50'
          error={errors.amount}
          testId='refund-amount'
        />
        <TextAreaField
          label='退款原因（申请人会看到）'
          value={reason}
          max={80}
          placeholder='如：申请不予受理，全额退还工本费'
          error={errors.reason}
          testId='refund-reason'
          inputClass='cw-textarea'
          onChange={(v) => {
            setReason(v);
            setErrors((x) => ({ ...x, reason: undefined }));
          }}
        />
      </View>
      {error && (
        <View className='hz-alert' data-testid='refund-error' data-code={error.code}>
          {error.code === 'INVALID_STATE' ? `${error.message}（当前状态：${payment.statusName}）` : error.message}
        </View>
      )}
    </BottomSheet>
  );
}

function PaymentRow({ p, mayRefund, onRefund }: { p: PaymentView; mayRefund: boolean; onRefund(): void }) {
  const refundable = p.refundable;
  return (
    <View className='cw-payment' data-testid='cw-payment' data-id={p.id} data-purpose={p.purpose} data-status={p.status}>
      <View className='cw-payment__head'>
        <Text className='cw-payment__name'>{p.description}</Text>
        <PaymentStatusTag status={p.status} name={p.statusName} testId='cw-payment-status' />
      </View>
      <KvRow k='金额' v={`¥${yuan(p.amount)}`} />
      {p.paidAt && <KvRow k='支付时间' v={formatChineseDateTime(p.paidAt)} />}
      {p.transactionId && <KvRow k='微信支付单号' v={p.transactionId} />}
      {p.refunded > 0 && <KvRow k='已退款' v={`¥${yuan(p.refunded)}`} />}
      {p.refunds.map((r) => (
        <View key={r.id} className='cw-payment__refund' data-testid='cw-refund' data-status={r.status}>
          <Text className='cw-payment__refund-line'>
            退款 ¥{yuan(r.amount)} · {r.statusName}
          </Text>
          <Text className='cw-payment__refund-note'>
            {r.reason}（{formatChineseDateTime(r.createdAt)}）
          </Text>
        </View>
      ))}
      {mayRefund && (p.status === 'paid' || p.status === 'partially_refunded') && refundable > 0 && (
        <BigButton variant='danger' onClick={onRefund} testId='casework-refund-button'>
          退款
        </BigButton>
      )}
    </View>
  );
}

/** 费用 on the staff case view: every payment with its refunds, and 退款 for those allowed to. */
export function PaymentsCard({ view, mayRefund, onRefunded }: { view: ApplicationView; mayRefund: boolean; onRefunded(p: PaymentView): void }) {
  const [refunding, setRefunding] = useState<PaymentView | null>(null);
  if (!view.fee && view.payments.length === 0) return null;
  const feeUnpaid = view.fee !== null && view.fee.amount > 0 && !view.payments.some((p) => p.purpose === 'fee' && p.status !== 'created' && p.status !== 'closed');
  return (
    <View className='hz-card' data-testid='cw-payments'>
      <Text className='hz-card__title'>费用</Text>
      {view.fee && <KvRow k='收费标准' v={`${view.fee.description} ¥${yuan(view.fee.amount)}`} testId='cw-fee' />}
      {feeUnpaid && (
        <View className='hz-alert cw-note' data-testid='cw-fee-unpaid'>
          申请人尚未缴费，缴费后才能出件。
        </View>
      )}
      {view.payments.map((p) => (
        <PaymentRow key={p.id} p={p} mayRefund={mayRefund} onRefund={() => setRefunding(p)} />
      ))}
      {refunding && (
        <RefundSheet
          payment={refunding}
          onClose={() => setRefunding(null)}
          onDone={(p) => {
            setRefunding(null);
            onRefunded(p);
          }}
        />
      )}
    </View>
  );
}
