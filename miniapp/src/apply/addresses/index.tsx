import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { AddressView } from '@haizhu/shared-types';
import { useState } from 'react';
import { deleteAddress, listAddresses, saveAddress } from '../../api/courier';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, BigButton, BottomSheet,
// FormField, PageShell): weapp merges them into one common file and needs a single order.
import { BigButton } from '../../components/BigButton';
import { AddressForm, EMPTY_ADDRESS, addressErrorsFrom, checkAddressDraft, type AddressDraft, type AddressErrors } from '../components/AddressChooser';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import '../components/apply.scss';
import './index.scss';

function AddressCard({ a, deleting, onDelete }: { a: AddressView; deleting: boolean; onDelete(): void }) {
  return (
    <View className='hz-card addr-card' data-testid='address-item' data-id={a.id}>
      {a.label && <Text className='hz-tag addr-card__label'>{a.label}</Text>}
      <Text className='addr-card__who'>
        {a.contactName} {a.phone}
      </Text>
      <Text className='addr-card__where'>
        {a.province}
        {a.city}
        {a.county} {a.detail}
      </Text>
      <BigButton variant='danger' onClick={onDelete} loading={deleting} loadingText='正在删除…' testId='address-delete'>
        删除这个地址
      </BigButton>
    </View>
  );
}

/** 收件地址: the addresses saved when booking a courier; delete old ones, add one ahead of time. */
export default function ApplyAddressesPage() {
  const session = useResidentSession();
  const token = session ? session.token : null;
  const list = useResource(token, listAddresses);
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState<AddressDraft>(EMPTY_ADDRESS);
  const [errors, setErrors] = useState<AddressErrors>({});
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);

  const change = (key: keyof AddressDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const save = async () => {
    if (saving) return;
    const checked = checkAddressDraft(draft);
    if (!checked.input) {
      setErrors(checked.errors);
      return;
    }
    setSaving(true);
    setActionError(null);
    try {
      await saveAddress(checked.input);
      setAdding(false);
      setDraft(EMPTY_ADDRESS);
      setErrors({});
      list.reload();
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (e) {
      const error = toApiError(e);
      if (error.code === 'VALIDATION_FAILED') setErrors(addressErrorsFrom(error.fieldErrors));
      setActionError(error);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (a: AddressView) => {
    if (deleting) return;
    const { confirm } = await Taro.showModal({
      title: '删除这个地址吗？',
      content: '已经预约的快递不受影响。',
      confirmText: '删除',
      confirmColor: '#c62828',
      cancelText: '不删除',
    });
    if (!confirm) return;
    setDeleting(a.id);
    setActionError(null);
    try {
      await deleteAddress(a.id);
      list.reload();
    } catch (e) {
      setActionError(toApiError(e));
    } finally {
      setDeleting(null);
    }
  };

  const items = list.data ?? [];

  return (
    <PageShell name='apply-addresses' requireLogin='resident' loading={list.loading && !list.data} loadingText='正在读取地址…' error={list.data ? null : list.error} onRetry={list.reload}>
      <View data-testid='addresses'>
        <Text className='apply-note addr-intro'>预约快递上门取件或寄送结果时填写的地址会保存在这里，姓名、电话和门牌号部分隐藏显示。</Text>
        {items.length === 0 && !adding && (
          <View className='hz-card' data-testid='addresses-empty'>
            <Text className='hz-card__text'>还没有保存的地址。</Text>
          </View>
        )}
        {items.map((a) => (
          <AddressCard key={a.id} a={a} deleting={deleting === a.id} onDelete={() => void remove(a)} />
        ))}
        {actionError && (
          <View className='hz-alert' data-testid='addresses-error' data-code={actionError.code}>
            {actionError.code === 'VALIDATION_FAILED' ? '有内容不符合要求，请按红色的提示修改。' : actionError.message}
          </View>
        )}
        {adding ? (
          <View className='hz-card' data-testid='address-new'>
            <Text className='apply-section-title'>添加地址</Text>
            <AddressForm prefix='address' draft={draft} errors={errors} onChange={change} />
            <BigButton onClick={() => void save()} loading={saving} loadingText='正在保存…' testId='address-save'>
              保存地址
            </BigButton>
            <BigButton variant='plain' onClick={() => setAdding(false)} testId='address-cancel'>
              不添加了
            </BigButton>
          </View>
        ) : (
          <BigButton variant='secondary' onClick={() => setAdding(true)} testId='address-add'>
            添加新地址
          </BigButton>
        )}
      </View>
    </PageShell>
  );
}
