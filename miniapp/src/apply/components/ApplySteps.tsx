import { Text, View } from '@tarojs/components';

/** "第2步，共4步：填写表单" over a bar per step: where the resident is and how much is left. */
export function ApplySteps({ steps, current }: { steps: readonly string[]; current: number }) {
  return (
    <View className='apply-steps' data-testid='apply-steps' data-current={current + 1} data-total={steps.length}>
      <Text className='apply-steps__label' data-testid='apply-steps-label'>
        第{current + 1}步，共{steps.length}步：<Text className='apply-steps__name'>{steps[current]}</Text>
      </Text>
      <View className='apply-steps__bars'>
        {steps.map((s, i) => (
          <View key={s} className={`apply-steps__bar${i < current ? ' apply-steps__bar--done' : ''}${i === current ? ' apply-steps__bar--current' : ''}`}>
            <Text className='apply-steps__bar-name'>{s}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
