import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** A label and its value on one line (wrapping under each other when long). */
export function InfoRow({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <View className='hz-info-row'>
      <Text className='hz-info-row__label'>{label}</Text>
      <Text className='hz-info-row__value' data-testid={testId}>
        {value}
      </Text>
    </View>
  );
}
