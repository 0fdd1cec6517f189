import { Text, View } from '@tarojs/components';
import { HALL_LEVELS, HALL_LEVEL_NAMES, type Hall } from '@haizhu/shared-types';
import { getHalls } from '../../api/catalog';
import { DemoNote, LinkRow } from '../../components/catalog';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { isDemo } from '../../utils/catalog';
import { goPage, pageUrl } from '../../utils/navigation';
import './index.scss';

function HallRow({ hall }: { hall: Hall }) {
  return (
    <LinkRow
      title={hall.name}
      sub={
        <Text>
          {hall.address ?? '地址以大厅公告为准'}
          {hall.address && isDemo(hall.demo, 'address') && <DemoNote />}
        </Text>
      }
      testId='hall-row'
      code={hall.id}
      onClick={() => goPage(pageUrl('/pages/hall/index', { id: hall.id }))}
    />
  );
}

/** Every hall, grouped 区级中心 / 分中心 / 街道中心. */
export default function HallsPage() {
  const halls = useResource('halls', () => getHalls());
  const list = halls.data ?? [];

  return (
    <PageShell
      name='halls'
      header={
        <View className='halls-header'>
          <Text className='halls-header__text'>点大厅查看地址、办公时间、窗口和可办理的业务。</Text>
        </View>
      }
      loading={halls.loading && !halls.data}
      loadingText='正在读取服务大厅…'
      error={halls.data ? null : halls.error}
      onRetry={halls.reload}
      empty={halls.data && list.length === 0 ? { title: '暂无服务大厅信息', description: '请拨打 12345 政务服务便民热线咨询。', testId: 'halls-empty' } : null}
    >
      {HALL_LEVELS.map((level) => {
        const group = list.filter((h) => h.level === level);
        if (!group.length) return null;
        return (
          <View key={level} data-testid={`halls-group-${level}`}>
            <Text className='hz-section-title'>
              {HALL_LEVEL_NAMES[level]}（{group.length}个）
            </Text>
            <View className='hz-card halls-list'>
              {group.map((h) => (
                <HallRow key={h.id} hall={h} />
              ))}
            </View>
          </View>
        );
      })}
    </PageShell>
  );
}
