import { Text, View } from '@tarojs/components';
import { CONSULTATION_STATUS_NAMES, CONSULTATION_TOPIC_NAMES, type ConsultationStatus, type StaffConsultationSummaryView } from '@haizhu/shared-types';
import { useState } from 'react';
import { listConsultationInbox, type InboxFilter } from '../../api/consultation';
// Shared stylesheets load in one order on every page (catalog, application, evaluation, consultation,
// BigButton, BottomSheet, FormField, PageShell): weapp merges them into one common file and needs a single order.
import { ConsultationStatusTag, DueLine } from '../../components/consultation';
import '../../components/BigButton/index.scss';
import { FilterChips, type FilterOption } from '../../components/FilterChips';
import { LoadMore } from '../../components/LoadMore';
import { PageShell } from '../../components/PageShell';
import { usePagedList } from '../../hooks/usePagedList';
import { useShownAgain } from '../../hooks/useShownAgain';
import { useStaffSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { goPage, pageUrl } from '../../utils/navigation';
import '../consultdesk.scss';

/** What a clerk filters by: what still needs an answer, what was answered, everything. */
const FILTERS: readonly FilterOption<ConsultationStatus | null>[] = [
  { code: 'awaiting_answer', value: 'awaiting_answer', label: CONSULTATION_STATUS_NAMES.awaiting_answer },
  { code: 'answered', value: 'answered', label: CONSULTATION_STATUS_NAMES.answered },
  { code: 'all', value: null, label: '全部' },
];

function InboxCard({ c }: { c: StaffConsultationSummaryView }) {
  return (
    <View
      className={`hz-card cd-card${c.overdue ? ' cd-card--overdue' : ''}`}
      data-testid='cd-thread'
      data-id={c.id}
      data-status={c.status}
      data-overdue={c.overdue ? 'true' : 'false'}
      hoverClass='cd-card--pressed'
      onClick={() => goPage(pageUrl('/consultdesk/answer/index', { id: c.id }))}
    >
      <View className='cd-card__head'>
        <Text className='cd-card__subject' data-testid='cd-thread-subject'>
          {c.subject}
        </Text>
        <ConsultationStatusTag c={c} testId='cd-thread-status' />
      </View>
      <Text className='cd-card__line'>
        {CONSULTATION_TOPIC_NAMES[c.topic.type]}：{c.topic.name}
      </Text>
      <Text className='cd-card__line' data-testid='cd-thread-resident'>
        提问人：{c.resident.name ?? '未实名'}
      </Text>
      <Text className='cd-card__line'>
        提问于 {formatChineseDateTime(c.createdAt)}
        {c.lastMessageAt !== c.createdAt ? `，最新消息 ${formatChineseDateTime(c.lastMessageAt)}` : ''}
      </Text>
      <DueLine c={c} viewer='staff' testId='cd-thread-due' />
    </View>
  );
}

/** 咨询答复: the questions of the clerk's department or hall (all for the district), overdue ones first and in red. */
export default function ConsultInboxPage() {
  const session = useStaffSession();
  const [status, setStatus] = useState<ConsultationStatus | null>('awaiting_answer');
  const filter: InboxFilter = status ? { status } : {};
  const key = session ? `${session.token}:${status ?? 'all'}` : null;
  const list = usePagedList(key, (cursor) => listConsultationInbox(filter, cursor));
  // Back from a thread: it may have been answered there.
  useShownAgain(list.reload);
  const overdue = list.items.some((c) => c.overdue);

  const header = (
    <View className='hz-card cd-filters' data-testid='cd-filters'>
      <FilterChips block='cd' label='状态' options={FILTERS} value={status} testId='cd-filter' onPick={setStatus} />
      {overdue && (
        <Text className='hz-form-error' data-testid='cd-overdue-count'>
          红框的咨询已超过答复期限，排在最前，请优先答复。
        </Text>
      )}
    </View>
  );

  return (
    <PageShell
      name='consultdesk-inbox'
      requireLogin='staff'
      header={session ? header : undefined}
      loading={list.loading}
      loadingText='正在读取咨询…'
      error={list.error}
      onRetry={list.reload}
      empty={
        list.loaded && list.items.length === 0
          ? { title: status === 'awaiting_answer' ? '没有待答复的咨询' : '没有符合条件的咨询', description: '群众就本部门、本大厅的事项提问后会出现在这里。', testId: 'cd-empty' }
          : null
      }
    >
      <View data-testid='cd-list'>
        {list.items.map((c) => (
          <InboxCard key={c.id} c={c} />
        ))}
      </View>
      <LoadMore list={list} testId='cd' />
    </PageShell>
  );
}
