import { Text } from '@tarojs/components';
import type { ConsultationSummaryView } from '@haizhu/shared-types';
import { formatChineseDateTime, fullDate, monthDay, shanghaiToday } from '../../utils/datetime';

export type Viewer = 'resident' | 'staff';

/**
 * Where the thread stands in time, in words: the day an answer is due by (the end of that working
 * day), overdue, or when it was answered or closed.
 */
export function dueText(c: ConsultationSummaryView, viewer: Viewer, today: string = shanghaiToday()): string {
  if (c.status === 'closed') return c.closedAt ? `已于 ${formatChineseDateTime(c.closedAt)} 结束` : '已结束';
  if (c.status === 'answered') return c.answeredAt ? `已于 ${formatChineseDateTime(c.answeredAt)} 答复` : '已答复';
  if (!c.dueAt) return '等待答复';
  const due = c.dueAt.slice(0, 10);
  if (viewer === 'staff') {
    if (c.overdue) return `已超期：答复期限 ${fullDate(due)}`;
    return due === today ? `答复期限 今天（${monthDay(due)}）` : `答复期限 ${fullDate(due)}`;
  }
  if (c.overdue) return `已超过答复期限（${fullDate(due)}），请耐心等待；急事可拨打 12345 政务服务便民热线`;
  return due === today ? `工作人员最迟今天（${monthDay(due)}）答复` : `工作人员最迟 ${fullDate(due)} 答复`;
}

export function DueLine({ c, viewer, testId }: { c: ConsultationSummaryView; viewer: Viewer; testId: string }) {
  return (
    <Text className={`hz-cs-due${c.overdue ? ' hz-cs-due--overdue' : ''}`} data-testid={testId} data-due={c.dueAt ?? ''} data-overdue={c.overdue ? 'true' : 'false'}>
      {dueText(c, viewer)}
    </Text>
  );
}
