import { Text, View } from '@tarojs/components';
import type { DataAccessEntry } from '@haizhu/shared-types';
import { getDataAccessLog } from '../../api/me';
import { LoadMore } from '../../components/LoadMore';
import { PageShell } from '../../components/PageShell';
import { usePagedList } from '../../hooks/usePagedList';
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
  const list = usePagedList(session ? session.token : null, (cursor) => getDataAccessLog(cursor));

  return (
    <PageShell
      name='data-access-log'
      requireLogin='resident'
      header={
        <View className='hz-alert hz-alert--info'>
          工作人员每次查看您的身份证号、手机号等个人信息，都会记录在这里，包括时间、身份和目的。
        </View>
      }
      loading={list.loading}
      loadingText='正在读取查看记录…'
      error={list.error}
      onRetry={list.reload}
      empty={
        list.loaded && list.items.length === 0
          ? { title: '暂无工作人员查看您的个人信息', description: '有人查看时，会在这里显示。', testId: 'access-log-empty' }
          : null
      }
    >
      <View data-testid='access-log-list'>
        {list.items.map((entry, i) => (
          <AccessItem key={`${entry.at}-${i}`} entry={entry} />
        ))}
      </View>
      <LoadMore list={list} testId='access-log' end={{ text: '已显示全部记录', className: 'access-end' }} />
    </PageShell>
  );
}
