import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { resolveTaskBody, type CourierTaskView } from '@haizhu/shared-types';
import { useRef, useState } from 'react';
import { listCourierTasks, resolveCourierTask } from '../../api/courier';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, BigButton, BottomSheet,
// FormField, PageShell): weapp merges them into one common file and needs a single order.
import { BigButton } from '../../components/BigButton';
import { BottomSheet } from '../../components/BottomSheet';
import '../../components/FormField/index.scss';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useStaffSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { goPage, pageUrl } from '../../utils/navigation';
import '../casework.scss';
import './index.scss';

type TaskStatus = CourierTaskView['status'];

const KIND_NAMES: Record<CourierTaskView['kind'], string> = {
  exception: '快递异常',
  returned: '快件退回',
  create_failed: '快递下单失败',
};

function ResolveSheet({ task, onDone, onClose }: { task: CourierTaskView; onDone(t: CourierTaskView): void; onClose(): void }) {
  const [resolution, setResolution] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async () => {
    if (pending) return;
    const parsed = resolveTaskBody.safeParse({ resolution });
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message === '请写明处理情况' ? '请写明处理情况' : '处理情况为 2 到 200 个字');
      return;
    }
    setInvalid(undefined);
    setPending(true);
    setError(null);
    try {
      onDone(await resolveCourierTask(task.id, parsed.data.resolution));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <BottomSheet
      open
      title='处理完成'
      onClose={onClose}
      testId='courier-task-sheet'
      footer={
        <BigButton onClick={() => void submit()} loading={pending} loadingText='正在提交…' testId='courier-task-resolve-confirm'>
          确认处理完成
        </BigButton>
      }
    >
      <Text className='cw-sheet-text'>
        {KIND_NAMES[task.kind]}（办件 {task.applicationNo}）：{task.note}
      </Text>
      <View className={`hz-field${invalid ? ' hz-field--invalid' : ''}`}>
        <Text className='hz-field__label'>处理情况</Text>
        <Textarea
          className='hz-field__input cw-textarea'
          value={resolution}
          maxlength={200}
          autoHeight
          placeholder='如：已电话联系申请人，改约明天上午重新派送'
          placeholderClass='hz-field__placeholder'
          onInput={(e) => {
            setResolution(e.detail.value);
            setInvalid(undefined);
          }}
          data-testid='courier-task-resolution'
        />
        {invalid && (
          <Text className='hz-field__error' data-testid='courier-task-resolution-error'>
            {invalid}
          </Text>
        )}
      </View>
      {error && (
        <View className='hz-alert' data-testid='courier-task-error' data-code={error.code}>
          {error.message}
        </View>
      )}
    </BottomSheet>
  );
}

function TaskCard({ task, onResolve }: { task: CourierTaskView; onResolve(): void }) {
  return (
    <View className='hz-card ct-task' data-testid='courier-task' data-id={task.id} data-kind={task.kind} data-status={task.status} data-no={task.applicationNo}>
      <View className='ct-task__head'>
        <Text className='ct-task__kind'>{KIND_NAMES[task.kind]}</Text>
        <Text className={`hz-tag${task.status === 'open' ? ' hz-tag--warning' : ' hz-tag--success'}`}>{task.status === 'open' ? '待处理' : '已处理'}</Text>
      </View>
      <Text className='ct-task__note'>{task.note}</Text>
      <Text className='ct-task__line'>办件编号：{task.applicationNo}</Text>
      <Text className='ct-task__line'>发生时间：{formatChineseDateTime(task.createdAt)}</Text>
      {task.resolution && (
        <Text className='ct-task__resolution' data-testid='courier-task-resolution-text'>
          处理情况：{task.resolution}
          {task.resolvedAt ? `（${formatChineseDateTime(task.resolvedAt)}）` : ''}
        </Text>
      )}
      <View className='ct-task__actions'>
        <BigButton variant='secondary' onClick={() => goPage(pageUrl('/casework/detail/index', { id: task.applicationId }))} testId='courier-task-case'>
          查看办件和联系方式
        </BigButton>
        {task.status === 'open' && (
          <BigButton onClick={onResolve} testId='courier-task-resolve'>
            处理完成
          </BigButton>
        )}
      </View>
    </View>
  );
}

/** 快递异常处理: shipments that ran into trouble, for the hall to call the applicant and record what was done. */
export default function CourierTasksPage() {
  const session = useStaffSession();
  const [status, setStatus] = useState<TaskStatus>('open');
  const tasks = useResource(session ? `${session.token}:${status}` : null, () => listCourierTasks(status));
  const [resolving, setResolving] = useState<CourierTaskView | null>(null);
  const [resolved, setResolved] = useState<string[]>([]);
  const shown = useRef(false);

  // Back from a case: another clerk may have handled some meanwhile.
  useDidShow(() => {
    if (shown.current && session) tasks.reload();
    shown.current = true;
  });

  const pick = (s: TaskStatus) => {
    setStatus(s);
    setResolved([]);
  };

  const items = (tasks.data ?? []).filter((t) => !(status === 'open' && resolved.includes(t.id)));

  const header = (
    <View className='hz-card cw-filters ct-filters' data-testid='courier-tasks-filters'>
      <View className='cw-filters__chips'>
        {(['open', 'resolved'] as const).map((s) => (
          <View key={s} className={`cw-chip${status === s ? ' cw-chip--on' : ''}`} data-testid='courier-tasks-filter' data-code={s} data-on={status === s ? 'true' : 'false'} hoverClass='cw-chip--pressed' onClick={() => pick(s)}>
            <Text>{s === 'open' ? '待处理' : '已处理'}</Text>
          </View>
        ))}
      </View>
    </View>
  );

  return (
    <PageShell
      name='casework-courier-tasks'
      requireLogin='staff'
      header={session ? header : undefined}
      loading={tasks.loading && !tasks.data}
      loadingText='正在读取快递待办…'
      error={tasks.data ? null : tasks.error}
      onRetry={tasks.reload}
      empty={
        tasks.data && items.length === 0
          ? { title: status === 'open' ? '没有待处理的快递问题' : '还没有处理过的快递问题', description: status === 'open' ? '快递异常、退回或下单失败时会出现在这里。' : undefined, testId: 'courier-tasks-empty' }
          : null
      }
    >
      <View data-testid='courier-tasks'>
        {items.map((t) => (
          <TaskCard key={t.id} task={t} onResolve={() => setResolving(t)} />
        ))}
      </View>
      {resolving && (
        <ResolveSheet
          task={resolving}
          onClose={() => setResolving(null)}
          onDone={(t) => {
            setResolving(null);
            setResolved((ids) => [...ids, t.id]);
            void Taro.showToast({ title: '已记录处理情况', icon: 'success' });
          }}
        />
      )}
    </PageShell>
  );
}
