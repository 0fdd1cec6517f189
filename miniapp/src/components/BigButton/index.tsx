import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface BigButtonProps {
  children: ReactNode;
  onClick?: () => void;
  variant?: 'primary' | 'secondary' | 'danger' | 'plain';
  disabled?: boolean;
  /** Shows a spinner and `loadingText`, and ignores taps, so a slow request isn't sent twice. */
  loading?: boolean;
  loadingText?: string;
  testId?: string;
  className?: string;
}

/**
 * A full-width button at least 48px (56px in 长辈模式) high. A View rather than Taro's Button so
 * the platform's default button styling doesn't fight the elder-mode sizes.
 */
export function BigButton(props: BigButtonProps) {
  const { children, onClick, variant = 'primary', disabled = false, loading = false, loadingText, testId } = props;
  const inactive = disabled || loading;
  const classes = ['hz-btn', `hz-btn--${variant}`, inactive ? 'hz-btn--inactive' : '', props.className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <View
      className={classes}
      data-testid={testId}
      data-disabled={inactive ? 'true' : 'false'}
      hoverClass={inactive ? 'none' : 'hz-btn--pressed'}
      onClick={inactive ? undefined : onClick}
    >
      {loading && <View className='hz-spinner hz-spinner--small' />}
      <Text className='hz-btn__text'>{loading && loadingText ? loadingText : children}</Text>
    </View>
  );
}
