import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

export interface LinkRowProps {
  title: string;
  sub?: ReactNode;
  onClick(): void;
  testId: string;
  /** Lands in `data-code`, so a test can pick one row out of many. */
  code?: string;
}

/** A row that leads somewhere (a hall, a bundle, a department), at least a thumb high. */
export function LinkRow({ title, sub, onClick, testId, code }: LinkRowProps) {
  return (
    <View className='hz-link-row' data-testid={testId} data-code={code} hoverClass='hz-link-row--pressed' onClick={onClick}>
      <View className='hz-link-row__main'>
        <Text className='hz-link-row__title'>{title}</Text>
        {sub && <Text className='hz-link-row__sub'>{sub}</Text>}
      </View>
      <Text className='hz-link-row__chevron'>›</Text>
    </View>
  );
}
