import { Text, View } from '@tarojs/components';
import { GUANGZHOU_DISTRICTS, addressInput, type AddressInput, type AddressView } from '@haizhu/shared-types';
import { useState } from 'react';
import { listAddresses, type AddressChoice } from '../../api/courier';
import { BigButton } from '../../components/BigButton';
// The options use the sheet's option look (hz-sheet-option); imported in the app-wide CSS order.
import '../../components/BottomSheet/index.scss';
import { FormField } from '../../components/FormField';
import { useResource, type Resource } from '../../hooks/useResource';

/*
 * A courier address: one of the resident's saved addresses, or a new one typed here (the API saves
 * it too). Province and city are implied: the courier serves Guangzhou's 11 districts only.
 */

export interface AddressDraft {
  contactName: string;
  phone: string;
  regionCode: string;
  detail: string;
}

export const EMPTY_ADDRESS: AddressDraft = { contactName: '', phone: '', regionCode: '', detail: '' };

/** Per field, plus `choice` when neither a saved nor a new address is chosen. */
export type AddressErrors = Partial<Record<keyof AddressDraft | 'choice', string>>;

const DISTRICTS = Object.entries(GUANGZHOU_DISTRICTS);

/** The API's own rules and words (shared-types addressInput). */
export function checkAddressDraft(draft: AddressDraft): { input: AddressInput; errors: null } | { input: null; errors: AddressErrors } {
  const parsed = addressInput.safeParse(draft);
  if (parsed.success) return { input: parsed.data, errors: null };
  const errors: AddressErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    if ((key === 'contactName' || key === 'phone' || key === 'regionCode' || key === 'detail') && !errors[key]) errors[key] = issue.message;
  }
  return { input: null, errors };
}

/** Field errors from a 400 VALIDATION_FAILED, keyed by the last path segment. */
export function addressErrorsFrom(fields: Record<string, string>): AddressErrors {
  const errors: AddressErrors = {};
  for (const key of ['contactName', 'phone', 'regionCode', 'detail'] as const) if (fields[key]) errors[key] = fields[key];
  if (fields.addressId) errors.choice = fields.addressId;
  return errors;
}

function RegionPicker({ prefix, value, error, onPick }: { prefix: string; value: string; error?: string; onPick(code: string): void }) {
  return (
    <View className={`hz-field${error ? ' hz-field--invalid' : ''}`}>
      <Text className='hz-field__label'>所在区（广东省广州市）</Text>
      <View className='apply-chips apply-chips--thirds' data-testid={`${prefix}-region`} data-value={value}>
        {DISTRICTS.map(([code, name]) => (
          <View
            key={code}
            className={`apply-chip${value === code ? ' apply-chip--on' : ''}`}
            hoverClass='apply-chip--pressed'
            data-testid={`${prefix}-region-option`}
            data-code={code}
            data-on={value === code ? 'true' : 'false'}
            onClick={() => onPick(code)}
          >
            <Text>{name}</Text>
          </View>
        ))}
      </View>
      {error && (
        <Text className='hz-field__error' data-testid={`${prefix}-region-error`}>
          {error}
        </Text>
      )}
    </View>
  );
}

export interface AddressFormProps {
  /** Test ids: `<prefix>-field-contactName`, `-field-phone`, `-region` (+ `-region-option`), `-field-detail`. */
  prefix: string;
  draft: AddressDraft;
  errors: AddressErrors;
  onChange(key: keyof AddressDraft, value: string): void;
}

/** Contact, phone, district and street, each with its own error line. */
export function AddressForm({ prefix, draft, errors, onChange }: AddressFormProps) {
  return (
    <View className='apply-address-form' data-testid={`${prefix}-address-form`}>
      <FormField label='联系人' value={draft.contactName} onChange={(v) => onChange('contactName', v)} maxlength={20} placeholder='姓名' error={errors.contactName} testId={`${prefix}-field-contactName`} />
      <FormField
        label='手机号'
        value={draft.phone}
        onChange={(v) => onChange('phone', v)}
        type='number'
        maxlength={11}
        placeholder='11 位手机号'
        hint='快递员会打这个电话联系您'
        error={errors.phone}
        testId={`${prefix}-field-phone`}
      />
      <RegionPicker prefix={prefix} value={draft.regionCode} error={errors.regionCode} onPick={(code) => onChange('regionCode', code)} />
      <FormField
        label='详细地址'
        value={draft.detail}
        onChange={(v) => onChange('detail', v)}
        maxlength={120}
        placeholder='街道、小区、楼栋和门牌号'
        error={errors.detail}
        testId={`${prefix}-field-detail`}
      />
    </View>
  );
}

/** `'new'`, a saved address id, or nothing chosen yet. */
export type AddressPick = 'new' | { id: string } | null;

export interface AddressChoiceState {
  addresses: Resource<AddressView[]>;
  /** What is chosen, with "new" implied when there is nothing saved to choose from. */
  pick: AddressPick;
  setPick(pick: AddressPick): void;
  draft: AddressDraft;
  setField(key: keyof AddressDraft, value: string): void;
  errors: AddressErrors;
  setErrors(errors: AddressErrors): void;
  /** The choice to send, or null after showing what to fix. */
  resolve(): AddressChoice | null;
}

export function useAddressChoice(token: string | null): AddressChoiceState {
  const addresses = useResource(token, listAddresses);
  const [chosen, setChosen] = useState<AddressPick>(null);
  const [draft, setDraft] = useState<AddressDraft>(EMPTY_ADDRESS);
  const [errors, setErrors] = useState<AddressErrors>({});
  const nothingSaved = addresses.error !== null || (addresses.data !== null && addresses.data.length === 0);
  const pick: AddressPick = chosen ?? (nothingSaved ? 'new' : null);

  const setPick = (p: AddressPick) => {
    setChosen(p);
    setErrors({});
  };
  const setField = (key: keyof AddressDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined, choice: undefined }));
  };
  const resolve = (): AddressChoice | null => {
    if (pick === null) {
      setErrors({ choice: '请选择一个收件地址，或填写新地址' });
      return null;
    }
    if (pick !== 'new') return { addressId: pick.id };
    const checked = checkAddressDraft(draft);
    setErrors(checked.errors ?? {});
    return checked.input;
  };
  return { addresses, pick, setPick, draft, setField, errors, setErrors, resolve };
}

function AddressOption({ prefix, a, on, onPick }: { prefix: string; a: AddressView; on: boolean; onPick(): void }) {
  return (
    <View className={`hz-sheet-option${on ? ' hz-sheet-option--chosen' : ''}`} hoverClass='hz-sheet-option--pressed' data-testid={`${prefix}-address`} data-id={a.id} data-on={on ? 'true' : 'false'} onClick={onPick}>
      <View className='hz-sheet-option__mark' />
      <View className='hz-sheet-option__main'>
        <Text className='hz-sheet-option__label'>
          {a.label ? `${a.label}：` : ''}
          {a.contactName} {a.phone}
        </Text>
        <Text className='hz-sheet-option__sub'>
          {a.city}
          {a.county} {a.detail}
        </Text>
      </View>
    </View>
  );
}

/**
 * Saved addresses to pick from and 填写新地址 with its form. Test ids: `<prefix>-address` (data-id),
 * `<prefix>-address-new`, `<prefix>-address-error`, and the AddressForm ones.
 */
export function AddressChooser({ prefix, state }: { prefix: string; state: AddressChoiceState }) {
  const { addresses, pick } = state;
  const saved = addresses.data ?? [];
  return (
    <View data-testid={`${prefix}-address-chooser`}>
      {addresses.loading && !addresses.data && (
        <View className='apply-inline-loading'>
          <View className='hz-spinner hz-spinner--small' />
          <Text className='apply-inline-loading__text'>正在读取您保存的地址…</Text>
        </View>
      )}
      {addresses.error && (
        <View className='hz-alert' data-testid={`${prefix}-addresses-error`}>
          没能读取您保存的地址（{addresses.error.message}），可以直接填写新地址。
          <BigButton variant='plain' onClick={addresses.reload} testId={`${prefix}-addresses-retry`}>
            重新读取
          </BigButton>
        </View>
      )}
      {saved.map((a) => (
        <AddressOption key={a.id} prefix={prefix} a={a} on={pick !== null && pick !== 'new' && pick.id === a.id} onPick={() => state.setPick({ id: a.id })} />
      ))}
      <View className={`hz-sheet-option${pick === 'new' ? ' hz-sheet-option--chosen' : ''}`} hoverClass='hz-sheet-option--pressed' data-testid={`${prefix}-address-new`} data-on={pick === 'new' ? 'true' : 'false'} onClick={() => state.setPick('new')}>
        <View className='hz-sheet-option__mark' />
        <View className='hz-sheet-option__main'>
          <Text className='hz-sheet-option__label'>填写新地址</Text>
          <Text className='hz-sheet-option__sub'>会保存到“收件地址”，下次可以直接选用</Text>
        </View>
      </View>
      {state.errors.choice && (
        <Text className='hz-form-error' data-testid={`${prefix}-address-error`}>
          {state.errors.choice}
        </Text>
      )}
      {pick === 'new' && <AddressForm prefix={prefix} draft={state.draft} errors={state.errors} onChange={state.setField} />}
    </View>
  );
}
