import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { RECTIFICATION_STATUSES, RECTIFICATION_STATUS_NAMES, type RectificationStatus, type RectificationTaskView } from '@haizhu/shared-types';
import { useRef, useState } from 'react';
import { type ApiError, toApiError } from '../../api/errors';
import { listRectificationTasks, type TaskFilter } from '../../api/evaluation';
// Shared stylesheets load in one order on every page (catalog, application, evaluation, BigButton,
// BottomSheet, FormField, PageShell): weapp merges them into one common file and needs a single order.
import '../../components/application';
import { LevelStars, RectificationStatusTag } from '../../components/evaluation';
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useStaffSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { goPage, pageUrl } from '../../utils/navigation';
import { RectDeadline } from '../components/RectDeadline';
import '../casework.scss';
import '../rectify.scss';

function Chip({ label, on, testId, code, onPick }: { label: string; on: boolean; testId: string; code: string; onPick(): void }) {
  return (
    <View className={`cw-chip${on ? ' cw-chip--on' : ''}`} data-testid={testId} data-code={code} data-on={on ? 'true' : 'false'} hoverClass='cw-chip--pressed' onClick={onPick}>
      <Text>{label}</Text>
    </View>
  );
}

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
  const first = useResource(key, () => listRectificationTasks(filter, null));
  const [more, setMore] = useState<{ key: string; items: RectificationTaskView[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const shown = useRef(false);

  const reload = () => {
    setMore(null);
    setMoreError(null);
    first.reload();
  };
  // Back from a task: it may have been handled or revisited there.
  useDidShow(() => {
    if (shown.current && session) reload();
    shown.current = true;
  });

  const mine = more && more.key === key ? more : null;
  const items = [...(first.data?.items ?? []), ...(mine?.items ?? [])];
  const cursor = mine ? mine.cursor : (first.data?.nextCursor ?? null);

  const loadMore = async () => {
    if (!cursor || loadingMore || !key) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await listRectificationTasks(filter, cursor);
      setMore((prev) => ({ key, items: [...(prev && prev.key === key ? prev.items : []), ...page.items], cursor: page.nextCursor }));
    } catch (e) {
      setMoreError(toApiError(e));
    } finally {
      setLoadingMore(false);
    }
  };

  const header = (
    <View className='hz-card cw-filters' data-testid='rt-filters'>
      <Text className='cw-filters__label'>状态</Text>
      <View className='cw-filters__chips'>
        <Chip label='全部' code='all' on={status === null} testId='rt-filter-status' onPick={() => setStatus(null)} />
        {RECTIFICATION_STATUSES.map((s) => (
          <Chip key={s} label={RECTIFICATION_STATUS_NAMES[s]} code={s} on={status === s} testId='rt-filter-status' onPick={() => setStatus(s)} />
        ))}
      </View>
      <Text className='cw-filters__label'>期限</Text>
      <View className='cw-filters__chips'>
        <Chip label='全部' code='all' on={!overdue} testId='rt-filter-overdue' onPick={() => setOverdue(false)} />
        <Chip label='只看已超期' code='overdue' on={overdue} testId='rt-filter-overdue' onPick={() => setOverdue(true)} />
      </View>
    </View>
  );

  return (
    <PageShell
      name='casework-rectify-tasks'
      requireLogin='staff'
      header={session ? header : undefined}
      loading={first.loading && !first.data}
      loadingText='正在读取差评整改…'
      error={first.data ? null : first.error}
      onRetry={reload}
      empty={
        first.data && items.length === 0
          ? { title: overdue ? '没有超期的整改' : '没有符合条件的差评整改', description: '收到差评时会在这里生成整改任务。', testId: 'rt-empty' }
          : null
      }
    >
      <View data-testid='rt-list'>
        {items.map((t) => (
          <TaskCard key={t.id} task={t} />
        ))}
      </View>
      {moreError && (
        <View className='hz-alert' data-testid='rt-more-error'>
          {moreError.message}
        </View>
      )}
      {cursor && (
        <BigButton variant='secondary' onClick={() => void loadMore()} loading={loadingMore} loadingText='正在加载…' testId='rt-load-more'>
          {moreError ? '重试加载更多' : '加载更多'}
        </BigButton>
      )}
    </PageShell>
  );
}
