import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { DemoNote } from './DemoNote';

export interface SectionProps {
  title: string;
  testId: string;
  /** The whole section is demonstration data. */
  demo?: boolean;
  children: ReactNode;
}

/** One titled card of a guide page. */
export function Section({ title, testId, demo = false, children }: SectionProps) {
  return (
    <View className='hz-card hz-section' data-testid={testId}>
      <View className='hz-section__head'>
        <Text className='hz-section__title'>{title}</Text>
        <DemoNote show={demo} />
      </View>
      {children}
    </View>
  );
}

/** A bulleted list of plain sentences (conditions, legal basis, channels). */
export function BulletList({ lines, testId }: { lines: readonly string[]; testId?: string }) {
  return (
    <View className='hz-bullets' data-testid={testId}>
      {lines.map((line, i) => (
        <View key={i} className='hz-bullets__row'>
          <Text className='hz-bullets__dot'>•</Text>
          <Text className='hz-bullets__text'>{line}</Text>
        </View>
      ))}
    </View>
  );
}
