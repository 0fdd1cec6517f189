import { Text, View } from '@tarojs/components';
import './index.scss';

export interface StepsProps {
  /** Short names, in order. */
  steps: readonly string[];
  /** Index of the step on screen. */
  current: number;
  testId?: string;
}

/** "第2步，共5步：选业务" with a bar per step: where the person is, and how much is left. */
export function Steps({ steps, current, testId = 'steps' }: StepsProps) {
  return (
    <View className='hz-steps' data-testid={testId} data-current={current + 1} data-total={steps.length}>
      <Text className='hz-steps__label'>
        第{current + 1}步，共{steps.length}步：<Text className='hz-steps__name'>{steps[current]}</Text>
      </Text>
      <View className='hz-steps__bars'>
        {steps.map((s, i) => (
          <View key={s} className={`hz-steps__bar${i < current ? ' hz-steps__bar--done' : ''}${i === current ? ' hz-steps__bar--current' : ''}`} />
        ))}
      </View>
    </View>
  );
}
