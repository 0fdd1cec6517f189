import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReactNode } from 'react';
import type { ApiError } from '../../api/errors';
import { BigButton } from '../BigButton';

export function LoadingState({ text = '正在加载，请稍候…' }: { text?: string }) {
  return (
    <View className='hz-state' data-testid='state-loading'>
      <View className='hz-spinner' />
      <Text className='hz-state__text'>{text}</Text>
    </View>
  );
}

// 12345 is Guangzhou's government-service hotline: a way forward for people who can't fix it here.
const HOTLINE_HINT = '如需帮助，可拨打 12345 政务服务便民热线。';

function hintFor(error: ApiError): string {
  if (error.code === 'NETWORK_ERROR') return `请检查手机是否已联网，然后点“重试”。${HOTLINE_HINT}`;
  if (error.status >= 500 || error.code === 'BAD_RESPONSE') return `请稍等片刻后点“重试”。${HOTLINE_HINT}`;
  return HOTLINE_HINT;
}

export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <View className='hz-state hz-state--error' data-testid='state-error'>
      <View className='hz-state__icon hz-state__icon--error'>!</View>
      <Text className='hz-state__title' data-testid='state-error-message'>
        {error.message}
      </Text>
      <Text className='hz-state__text'>{hintFor(error)}</Text>
      {error.requestId && (
        // Lets the hotline find this exact failure in the logs.
        <Text className='hz-state__hint'>问题编号：{error.requestId}</Text>
      )}
      {onRetry && (
        <View className='hz-state__actions'>
          <BigButton variant='secondary' onClick={onRetry} testId='state-error-retry'>
            重试
          </BigButton>
        </View>
      )}
    </View>
  );
}

export interface EmptyStateProps {
  title: string;
  description?: string;
  action?: ReactNode;
  testId?: string;
}

export function EmptyState({ title, description, action, testId = 'state-empty' }: EmptyStateProps) {
  return (
    <View className='hz-state' data-testid={testId}>
      <View className='hz-state__icon'>○</View>
      <Text className='hz-state__title'>{title}</Text>
      {description && <Text className='hz-state__text'>{description}</Text>}
      {action && <View className='hz-state__actions'>{action}</View>}
    </View>
  );
}

export type LoginRealm = 'resident' | 'staff';

export function LoginRequiredState({ realm, message }: { realm: LoginRealm; message?: string }) {
  const isStaff = realm === 'staff';
  const goLogin = () => {
    void Taro.navigateTo({ url: isStaff ? '/staff/login/index' : '/pages/login/index' });
  };
  return (
    <View className='hz-state' data-testid='state-login-required'>
      <View className='hz-state__icon'>?</View>
      <Text className='hz-state__title'>{message ?? (isStaff ? '请先以工作人员身份登录' : '请先登录')}</Text>
      <Text className='hz-state__text'>
        {isStaff ? '使用单位分配的用户名和密码登录。' : '登录后才能查看和办理您本人的事项。'}
      </Text>
      <View className='hz-state__actions'>
        <BigButton onClick={goLogin} testId='state-login-button'>
          {isStaff ? '工作人员登录' : '去登录'}
        </BigButton>
      </View>
    </View>
  );
}
