import { Text, View } from '@tarojs/components';
import { RECTIFICATION_STATUSES, RECTIFICATION_STATUS_NAMES, type RectificationStatus, type RectificationTaskView } from '@haizhu/shared-types';
import { useState } from 'react';
import { listRectificationTasks, type TaskFilter } from '../../api/evaluation';
// Shared stylesheets load in one order on every page (catalog, application, evaluation, BigButton,
// BottomSheet, FormField, PageShell): weapp merges them into one common file and needs a single order.
import '../../components/application';
import { LevelStars, RectificationStatusTag } from '../../components/evaluation';
import '../../components/BigButton/index.scss';
import { FilterChips, withAll, type FilterOption } from '../../components/FilterChips';
import { LoadMore } from '../../components/LoadMore';
import { PageShell } from '../../components/PageShell';
import { usePagedList } from '../../hooks/usePagedList';
import { useShownAgain } from '../../hooks/useShownAgain';
import { useStaffSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { goPage, pageUrl } from '../../utils/navigation';
import { RectDeadline } from '../components/RectDeadline';
import '../casework.scss';
import '../rectify.scss';

const STATUS_OPTIONS = withAll(RECTIFICATION_STATUSES, RECTIFICATION_STATUS_NAMES);
const OVERDUE_OPTIONS: readonly FilterOption<boolean>[] = [
  { code: 'all', value: false, label: '全部' },
  { code: 'overdue', value: true, label: '只看已超期' },
];

function TaskCard({ task }: { task: RectificationTaskView }) {
  const ev = task.evaluation;
  return (
    <View
      className={`hz-card rt-task${task.overdue ? ' rt-task--overdue' : ''}`}
      data-testid='rt-task'
      data-id={task.id}
      data-status={task.status}
      data-overdue={task.overdue ? 'true' : 'false'}
      hoverClass='rt-task--pressed'
      onClick={() => goPage(pageUrl('/casework/rectify-task/index', { id: task.id }))}
    >
      <View className='rt-task__head'>
        <Text className='rt-task__subject'>{ev.subject}</Text>
        <RectificationStatusTag r={task} testId='rt-task-status' />
      </View>
      <View className='rt-task__level'>
        <LevelStars level={ev.level} />
        <Text className='rt-task__level-name'>{ev.levelName}</Text>
      </View>
      {(ev.tags.length > 0 || ev.comment) && (
        <Text className='rt-task__comment'>
          {[ev.tags.join('、'), ev.comment].filter(Boolean).join('：')}
        </Text>
      )}
      <Text className='rt-task__line'>评价人：{task.resident.name ?? '未实名'}</Text>
      <Text className='rt-task__line'>评价于 {formatChineseDateTime(ev.createdAt)}</Text>
      <RectDeadline r={task} testId='rt-task-deadline' />
    </View>
  );
}

/** 差评整改: the 差评 of the clerk's department or hall (all for the district), overdue ones in red. */
export default function RectifyTasksPage() {
  const session = useStaffSession();
  const [status, setStatus] = useState<RectificationStatus | null>(null);
  const [overdue, setOverdue] = useState(false);
  const filter: TaskFilter = { ...(status ? { status } : {}), ...(overdue ? { overdue: true } : {}) };
  const key = session ? `${session.token}:${status ?? ''}:${overdue ? 'overdue' : ''}` : null;
  const list = usePagedList(key, (cursor) => listRectificationTasks(filter, cursor));
  // Back from a task: it may have been handled or revisited there.
  useShownAgain(list.reload);

  const header = (
    <View className='hz-card cw-filters' data-testid='rt-filters'>
      <FilterChips block='cw' label='状态' options={STATUS_OPTIONS} value={status} testId='rt-filter-status' onPick={setStatus} />
      <FilterChips block='cw' label='期限' options={OVERDUE_OPTIONS} value={overdue} testId='rt-filter-overdue' onPick={setOverdue} />
    </View>
  );

  return (
    <PageShell
      name='casework-rectify-tasks'
      requireLogin='staff'
      header={session ? header : undefined}
      loading={list.loading}
      loadingText='正在读取差评整改…'
      error={list.error}
      onRetry={list.reload}
      empty={
        list.loaded && list.items.length === 0
          ? { title: overdue ? '没有超期的整改' : '没有符合条件的差评整改', description: '收到差评时会在这里生成整改任务。', testId: 'rt-empty' }
          : null
      }
    >
      <View data-testid='rt-list'>
        {list.items.map((t) => (
          <TaskCard key={t.id} task={t} />
        ))}
      </View>
      <LoadMore list={list} testId='rt' />
    </PageShell>
  );
}
