import { ScrollView, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './index.scss';

export interface BottomSheetProps {
  open: boolean;
  title: string;
  onClose(): void;
  /** Buttons under the scrolling content (确定, 取消 …). */
  footer?: ReactNode;
  testId: string;
  children: ReactNode;
}

/**
 * A panel from the bottom of the screen over a dimmed page: choices and short forms without
 * leaving the page. Large rows and a labelled 关闭, unlike the platform's tiny picker wheels.
 */
export function BottomSheet({ open, title, onClose, footer, testId, children }: BottomSheetProps) {
  if (!open) return null;
  return (
    <View className='hz-sheet' data-testid={testId}>
      <View className='hz-sheet__mask' onClick={onClose} />
      <View className='hz-sheet__panel'>
        <View className='hz-sheet__head'>
          <Text className='hz-sheet__title'>{title}</Text>
          <View className='hz-sheet__close' data-testid={`${testId}-close`} hoverClass='hz-sheet__close--pressed' onClick={onClose}>
            <Text>关闭</Text>
          </View>
        </View>
        <ScrollView className='hz-sheet__body' scrollY>
          {children}
        </ScrollView>
        {footer && <View className='hz-sheet__footer'>{footer}</View>}
      </View>
    </View>
  );
}

export { SheetError, SheetOption, type SheetOptionProps } from './SheetParts';
