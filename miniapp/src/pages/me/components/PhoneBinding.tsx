import { Button, Text, View } from '@tarojs/components';
import type { BaseEventOrig, ButtonProps } from '@tarojs/components';
import { useState } from 'react';
import { bindPhone } from '../../../api/me';
import { type ApiError, toApiError } from '../../../api/errors';
import { getSimulatedPhoneCode, usesSimulator } from '../../../auth/provider';
import { BigButton } from '../../../components/BigButton';
import { IS_WEAPP } from '../../../config';

const QUOTA_EXHAUSTED = 1400001;

/**
 * 绑定手机号. In WeChat the number comes from the platform's getPhoneNumber button (a code we pass
 * on; we never see the number unmasked here). On H5 the simulator provides an equivalent code.
 */
export function PhoneBinding({ onBound }: { onBound: () => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const send = async (code: string) => {
    setPending(true);
    setError(null);
    setNote(null);
    try {
      await bindPhone(code);
      onBound();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setPending(false);
    }
  };

  const onGetPhoneNumber = (e: BaseEventOrig<ButtonProps.onGetPhoneNumberEventDetail>) => {
    const detail = e.detail as ButtonProps.onGetPhoneNumberEventDetail & { errno?: number };
    if (detail.code) {
      void send(detail.code);
      return;
    }
    // No code: the person said no (or WeChat's quota ran out). Never call the server without one.
    setNote(
      detail.errno === QUOTA_EXHAUSTED
        ? '手机号快速验证暂时不可用，请稍后再试'
        : '您没有授权手机号。需要时可以再点“绑定手机号”。',
    );
  };

  return (
    <View className='me-phone' data-testid='me-phone-binding'>
      {IS_WEAPP ? (
        <Button
          className={`hz-btn hz-btn--secondary hz-native-btn${pending ? ' hz-btn--inactive' : ''}`}
          openType='getPhoneNumber'
          disabled={pending}
          onGetPhoneNumber={onGetPhoneNumber}
          data-testid='me-bind-phone'
        >
          {pending ? '正在绑定…' : '绑定手机号'}
        </Button>
      ) : usesSimulator ? (
        <BigButton
          variant='secondary'
          loading={pending}
          loadingText='正在绑定…'
          onClick={() => void send(getSimulatedPhoneCode())}
          testId='me-bind-phone'
        >
          绑定手机号（模拟器）
        </BigButton>
      ) : (
        <Text className='hz-card__text'>请在微信小程序中绑定手机号。</Text>
      )}
      {note && (
        <Text className='me-phone__note' data-testid='me-phone-note'>
          {note}
        </Text>
      )}
      {error && (
        <Text className='hz-form-error' data-testid='me-phone-error'>
          {error.message}
        </Text>
      )}
    </View>
  );
}
