import { Text } from '@tarojs/components';
import { APPLICATION_STATUS_NAMES, type ApplicationStatus } from '@haizhu/shared-types';

export type StatusTone = 'plain' | 'progress' | 'action' | 'good' | 'bad';

/** What a status means for the person reading it: something to do, good news, bad news, or wait. */
export function statusTone(status: ApplicationStatus): StatusTone {
  switch (status) {
    case 'draft':
    case 'withdrawn':
      return 'plain';
    case 'supplement_requested':
    case 'accepted_deficient':
      return 'action';
    case 'approved':
    case 'result_delivered':
    case 'completed':
      return 'good';
    case 'refused':
    case 'denied':
      return 'bad';
    default:
      return 'progress';
  }
}

export function CaseStatusTag({ status, testId = 'case-status' }: { status: ApplicationStatus; testId?: string }) {
  return (
    <Text className={`hz-case-status hz-case-status--${statusTone(status)}`} data-testid={testId} data-status={status}>
      {APPLICATION_STATUS_NAMES[status]}
    </Text>
  );
}

/** The department's decision in words (the API sends `approved` / `denied`). */
export function outcomeText(outcome: string): string {
  if (outcome === 'approved') return '审批通过';
  if (outcome === 'denied') return '审批不通过';
  return outcome;
}
