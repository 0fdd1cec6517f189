import { Text } from '@tarojs/components';
import type { ConsultationSummaryView } from '@haizhu/shared-types';

/** 待答复 / 已答复 / 已解决 in words and colour, plus 已超期 when an answer is late (never colour alone). */
export function ConsultationStatusTag({ c, testId = 'consult-status' }: { c: Pick<ConsultationSummaryView, 'status' | 'statusName' | 'overdue'>; testId?: string }) {
  return (
    <Text className={`hz-cs-status hz-cs-status--${c.status}${c.overdue ? ' hz-cs-status--overdue' : ''}`} data-testid={testId} data-status={c.status} data-overdue={c.overdue ? 'true' : 'false'}>
      {c.overdue ? `${c.statusName} · 已超期` : c.statusName}
    </Text>
  );
}
