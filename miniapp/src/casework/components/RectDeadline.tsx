import { Text, View } from '@tarojs/components';
import type { RectificationView } from '@haizhu/shared-types';
import { LightBadge } from '../../components/application';

/** 整改期限 YYYY-MM-DD，还剩 N 个工作日 / 已超期 N 个工作日; just the date once nothing is owed. */
export function rectDeadlineText(r: RectificationView): string {
  const days = r.workingDaysLeft;
  if (days === null) return `整改期限 ${r.dueDate}`;
  if (r.overdue) return `整改期限 ${r.dueDate}，已超期${days < 0 ? ` ${-days} 个工作日` : ''}`;
  if (days <= 0) return `整改期限 ${r.dueDate}，今天是最后一个工作日`;
  return `整改期限 ${r.dueDate}，还剩 ${days} 个工作日`;
}

/** The deadline with its light while the unit still owes work (overdue in red, with words). */
export function RectDeadline({ r, testId }: { r: RectificationView; testId: string }) {
  return (
    <View className={`rt-deadline${r.overdue ? ' rt-deadline--overdue' : ''}`} data-testid={testId} data-overdue={r.overdue ? 'true' : 'false'} data-light={r.light ?? 'none'}>
      {r.light && <LightBadge light={r.light} testId={`${testId}-light`} />}
      <Text className='rt-deadline__text' data-testid={`${testId}-text`}>
        {rectDeadlineText(r)}
      </Text>
    </View>
  );
}
