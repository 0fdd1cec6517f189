import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { CONSULTATION_TOPIC_NAMES, type ConsultationSummaryView } from '@haizhu/shared-types';
import { useRef, useState } from 'react';
import { listMyConsultations } from '../../api/consultation';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, evaluation, consultation,
// BigButton, BottomSheet, FormField, PageShell): weapp merges them into one common file and needs a single order.
import { ConsultationStatusTag, DueLine } from '../../components/consultation';
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { goPage, goTab, pageUrl } from '../../utils/navigation';
import '../consult.scss';
import './index.scss';

function ThreadCard({ c }: { c: ConsultationSummaryView }) {
  return (
    <View
      className={`hz-card cs-card${c.overdue ? ' cs-card--overdue' : ''}`}
      data-testid='consult-card'
      data-id={c.id}
      data-status={c.status}
      hoverClass='cs-card--pressed'
      onClick={() => goPage(pageUrl('/consult/thread/index', { id: c.id }))}
    >
      <View className='cs-card__head'>
        <Text className='cs-card__subject' data-testid='consult-card-subject'>
          {c.subject}
        </Text>
        <ConsultationStatusTag c={c} testId='consult-card-status' />
      </View>
      <Text className='cs-card__line'>
        {CONSULTATION_TOPIC_NAMES[c.topic.type]}：{c.topic.name}
      </Text>
      <Text className='cs-card__line'>答复单位：{c.unit.name}</Text>
      <Text className='cs-card__line'>提问于 {formatChineseDateTime(c.createdAt)}</Text>
      <DueLine c={c} viewer='resident' testId='consult-card-due' />
    </View>
  );
}

/** 我的咨询: the resident's questions, newest first, with where each stands and when an answer is due. */
export default function ConsultListPage() {
  const session = useResidentSession();
  const first = useResource(session ? session.token : null, () => listMyConsultations(null));
  // Later pages are UI state on top of the first page; reloading the first page resets them.
  const [more, setMore] = useState<{ items: ConsultationSummaryView[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const shown = useRef(false);

  const reload = () => {
    setMore(null);
    setMoreError(null);
    first.reload();
  };

  // Back from a thread: it may have been answered, followed up or closed meanwhile.
  useDidShow(() => {
    if (shown.current && session) reload();
    shown.current = true;
  });

  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);

  const loadMore = async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await listMyConsultations(cursor);
      setMore((prev) => ({ items: [...(prev?.items ?? []), ...page.items], cursor: page.nextCursor }));
    } catch (e) {
      setMoreError(toApiError(e));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <PageShell
      name='consult-list'
      requireLogin='resident'
      loading={first.loading && !first.data}
      loadingText='正在读取您的咨询…'
      error={first.data ? null : first.error}
      onRetry={reload}
      empty={
        first.data && items.length === 0
          ? {
              title: '您还没有咨询过',
              description: '在办事指南或办件详情页点“咨询”，就能向负责的部门提问，答复会显示在这里。',
              testId: 'consult-list-empty',
              action: (
                <BigButton onClick={() => goTab('/pages/services/index')} testId='consult-list-empty-market'>
                  去民生服务超市找事项
                </BigButton>
              ),
            }
          : null
      }
    >
      <View data-testid='consult-list'>
        {items.map((c) => (
          <ThreadCard key={c.id} c={c} />
        ))}
      </View>
      {moreError && (
        <View className='hz-alert' data-testid='consult-list-more-error'>
          {moreError.message}
        </View>
      )}
      {cursor ? (
        <BigButton variant='secondary' onClick={() => void loadMore()} loading={loadingMore} loadingText='正在加载…' testId='consult-list-load-more'>
          {moreError ? '重试加载更多' : '加载更多'}
        </BigButton>
      ) : (
        items.length > 0 && <Text className='cs-note cs-list-end'>已显示全部咨询</Text>
      )}
    </PageShell>
  );
}
