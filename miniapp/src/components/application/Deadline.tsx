import { Text, View } from '@tarojs/components';
import type { Light } from '@haizhu/shared-types';

export const LIGHT_NAMES: Record<Light, string> = { green: '正常', yellow: '即将到期', red: '已超期' };

export interface DeadlineInfo {
  due: string;
  workingDaysLeft: number;
  light: Light;
}

/** 承诺 X 前办结，还剩 N 个工作日 / 已超期 N 个工作日. */
export function deadlineText(d: DeadlineInfo): string {
  if (d.workingDaysLeft < 0) return `承诺 ${d.due} 前办结，已超期 ${-d.workingDaysLeft} 个工作日`;
  if (d.workingDaysLeft === 0) return `承诺 ${d.due} 前办结，今天是最后一个工作日`;
  return `承诺 ${d.due} 前办结，还剩 ${d.workingDaysLeft} 个工作日`;
}

/** The supervision light as a dot and a word: colour alone says nothing to a colour-blind reader. */
export function LightBadge({ light, testId = 'case-light' }: { light: Light; testId?: string }) {
  return (
    <View className={`hz-light hz-light--${light}`} data-testid={testId} data-light={light}>
      <View className='hz-light__dot' />
      <Text className='hz-light__text'>{LIGHT_NAMES[light]}</Text>
    </View>
  );
}

/** The working-day countdown with its light. */
export function DeadlineLine({ deadline, testId = 'case-deadline' }: { deadline: DeadlineInfo; testId?: string }) {
  return (
    <View className={`hz-deadline hz-deadline--${deadline.light}`} data-testid={testId} data-days-left={deadline.workingDaysLeft}>
      <LightBadge light={deadline.light} testId={`${testId}-light`} />
      <Text className='hz-deadline__text' data-testid={`${testId}-text`}>
        {deadlineText(deadline)}
      </Text>
    </View>
  );
}
