import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { CONSULTATION_STATUS_NAMES, CONSULTATION_TOPIC_NAMES, type ConsultationStatus, type StaffConsultationSummaryView } from '@haizhu/shared-types';
import { useRef, useState } from 'react';
import { listConsultationInbox, type InboxFilter } from '../../api/consultation';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, evaluation, consultation,
// BigButton, BottomSheet, FormField, PageShell): weapp merges them into one common file and needs a single order.
import { ConsultationStatusTag, DueLine } from '../../components/consultation';
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useStaffSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { goPage, pageUrl } from '../../utils/navigation';
import '../consultdesk.scss';

/** What a clerk filters by: what still needs an answer, what was answered, everything. */
const FILTERS: readonly { code: string; status: ConsultationStatus | null; label: string }[] = [
  { code: 'awaiting_answer', status: 'awaiting_answer', label: CONSULTATION_STATUS_NAMES.awaiting_answer },
  { code: 'answered', status: 'answered', label: CONSULTATION_STATUS_NAMES.answered },
  { code: 'all', status: null, label: '全部' },
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
  const first = useResource(key, () => listConsultationInbox(filter, null));
  const [more, setMore] = useState<{ key: string; items: StaffConsultationSummaryView[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const shown = useRef(false);

  const reload = () => {
    setMore(null);
    setMoreError(null);
    first.reload();
  };
  // Back from a thread: it may have been answered there.
  useDidShow(() => {
    if (shown.current && session) reload();
    shown.current = true;
  });

  const mine = more && more.key === key ? more : null;
  const items = [...(first.data?.items ?? []), ...(mine?.items ?? [])];
  const cursor = mine ? mine.cursor : (first.data?.nextCursor ?? null);
  const overdue = items.some((c) => c.overdue);

  const loadMore = async () => {
    if (!cursor || loadingMore || !key) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await listConsultationInbox(filter, cursor);
      setMore((prev) => ({ key, items: [...(prev && prev.key === key ? prev.items : []), ...page.items], cursor: page.nextCursor }));
    } catch (e) {
      setMoreError(toApiError(e));
    } finally {
      setLoadingMore(false);
    }
  };

  const header = (
    <View className='hz-card cd-filters' data-testid='cd-filters'>
      <Text className='cd-filters__label'>状态</Text>
      <View className='cd-filters__chips'>
        {FILTERS.map((f) => {
          const on = f.status === status;
          return (
            <View key={f.code} className={`cd-chip${on ? ' cd-chip--on' : ''}`} data-testid='cd-filter' data-code={f.code} data-on={on ? 'true' : 'false'} hoverClass='cd-chip--pressed' onClick={() => setStatus(f.status)}>
              <Text>{f.label}</Text>
            </View>
          );
        })}
      </View>
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
      loading={first.loading && !first.data}
      loadingText='正在读取咨询…'
      error={first.data ? null : first.error}
      onRetry={reload}
      empty={
        first.data && items.length === 0
          ? { title: status === 'awaiting_answer' ? '没有待答复的咨询' : '没有符合条件的咨询', description: '群众就本部门、本大厅的事项提问后会出现在这里。', testId: 'cd-empty' }
          : null
      }
    >
      <View data-testid='cd-list'>
        {items.map((c) => (
          <InboxCard key={c.id} c={c} />
        ))}
      </View>
      {moreError && (
        <View className='hz-alert' data-testid='cd-more-error'>
          {moreError.message}
        </View>
      )}
      {cursor && (
        <BigButton variant='secondary' onClick={() => void loadMore()} loading={loadingMore} loadingText='正在加载…' testId='cd-load-more'>
          {moreError ? '重试加载更多' : '加载更多'}
        </BigButton>
      )}
    </PageShell>
  );
}
