import { Text, View } from '@tarojs/components';
import type { DataAccessEntry } from '@haizhu/shared-types';
import { useState } from 'react';
import { getDataAccessLog } from '../../api/me';
import { type ApiError, toApiError } from '../../api/errors';
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import './index.scss';

function AccessItem({ entry }: { entry: DataAccessEntry }) {
  const who = entry.hallOrDept ? `${entry.hallOrDept} · ${entry.staffRole}` : entry.staffRole;
  return (
    <View className='hz-card access-item' data-testid='access-log-item'>
      <Text className='access-item__time' data-testid='access-log-time'>
        {formatChineseDateTime(entry.at)}
      </Text>
      <Text className='access-item__who' data-testid='access-log-who'>
        {who}
      </Text>
      <Text className='access-item__purpose' data-testid='access-log-purpose'>
        查看目的：{entry.purpose}
      </Text>
    </View>
  );
}

export default function DataAccessLogPage() {
  const session = useResidentSession();
  const first = useResource(session ? session.token : null, () => getDataAccessLog(null));
  // Later pages are UI state on top of the first page; a reload of the first page resets them.
  const [more, setMore] = useState<{ items: DataAccessEntry[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);

  const reload = () => {
    setMore(null);
    setMoreError(null);
    first.reload();
  };

  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);

  const loadMore = async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await getDataAccessLog(cursor);
      setMore((prev) => ({ items: [...(prev?.items ?? []), ...page.items], cursor: page.nextCursor }));
    } catch (e) {
      setMoreError(toApiError(e));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <PageShell
      name='data-access-log'
      requireLogin='resident'
      header={
        <View className='hz-alert hz-alert--info'>
          工作人员每次查看您的身份证号、手机号等个人信息，都会记录在这里，包括时间、身份和目的。
        </View>
      }
      loading={first.loading && !first.data}
      loadingText='正在读取查看记录…'
      error={first.data ? null : first.error}
      onRetry={reload}
      empty={
        first.data && items.length === 0
          ? { title: '暂无工作人员查看您的个人信息', description: '有人查看时，会在这里显示。', testId: 'access-log-empty' }
          : null
      }
    >
      <View data-testid='access-log-list'>
        {items.map((entry, i) => (
          <AccessItem key={`${entry.at}-${i}`} entry={entry} />
        ))}
      </View>
      {moreError && (
        <View className='hz-alert' data-testid='access-log-more-error'>
          {moreError.message}
        </View>
      )}
      {cursor ? (
        <BigButton
          variant='secondary'
          onClick={() => void loadMore()}
          loading={loadingMore}
          loadingText='正在加载…'
          testId='access-log-load-more'
        >
          {moreError ? '重试加载更多' : '加载更多'}
        </BigButton>
      ) : (
        items.length > 0 && <Text className='access-end'>已显示全部记录</Text>
      )}
    </PageShell>
  );
}
