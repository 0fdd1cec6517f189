import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { APPLICATION_STATUS_NAMES, type ApplicationStatus, type ApplicationView, type Light } from '@haizhu/shared-types';
import { useRef, useState } from 'react';
import { listCases, type CaseFilter } from '../../api/casework';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, BigButton, BottomSheet,
// FormField, PageShell): weapp merges them into one common file and needs a single order.
import { CaseStatusTag, LIGHT_NAMES, LightBadge, deadlineText } from '../../components/application';
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useStaffSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { goPage, pageUrl } from '../../utils/navigation';
import '../casework.scss';
import './index.scss';

/** The statuses a clerk filters by, in the order a case moves. */
const STATUS_FILTERS: readonly ApplicationStatus[] = ['submitted', 'supplement_requested', 'accepted', 'accepted_deficient', 'forwarded', 'in_review', 'approved', 'denied', 'refused', 'withdrawn'];
const LIGHT_FILTERS: readonly Light[] = ['green', 'yellow', 'red'];

function Chip<T extends string>({ value, current, label, testId, onPick }: { value: T | null; current: T | null; label: string; testId: string; onPick(v: T | null): void }) {
  const on = value === current;
  return (
    <View className={`cw-chip${on ? ' cw-chip--on' : ''}`} data-testid={testId} data-code={value ?? 'all'} data-on={on ? 'true' : 'false'} hoverClass='cw-chip--pressed' onClick={() => onPick(value)}>
      <Text>{label}</Text>
    </View>
  );
}

function CaseRow({ view }: { view: ApplicationView }) {
  return (
    <View className='hz-card cw-case' data-testid='cw-case' data-id={view.id} data-no={view.applicationNo} data-status={view.status} hoverClass='cw-case--pressed' onClick={() => goPage(pageUrl('/casework/detail/index', { id: view.id }))}>
      <View className='cw-case__head'>
        <Text className='cw-case__no'>{view.applicationNo}</Text>
        <CaseStatusTag status={view.status} testId='cw-case-status' />
      </View>
      <Text className='cw-case__item'>{view.itemName}</Text>
      <Text className='cw-case__line'>
        申请人：{view.applicantName ?? '未实名'}
        {view.onBehalf ? '（代办）' : ''}
      </Text>
      <Text className='cw-case__line'>{view.submittedAt ? `提交于 ${formatChineseDateTime(view.submittedAt)}` : `创建于 ${formatChineseDateTime(view.createdAt)}`}</Text>
      {view.deadline && (
        <View className='cw-case__deadline'>
          <LightBadge light={view.deadline.light} testId='cw-case-light' />
          <Text className='cw-case__deadline-text'>{deadlineText(view.deadline)}</Text>
        </View>
      )}
    </View>
  );
}

/** 办件审核: the cases of the clerk's department or hall, filtered by status and supervision light. */
export default function CaseworkListPage() {
  const session = useStaffSession();
  const [status, setStatus] = useState<ApplicationStatus | null>('submitted');
  const [light, setLight] = useState<Light | null>(null);
  const filter: CaseFilter = { ...(status ? { status } : {}), ...(light ? { light } : {}) };
  const key = session ? `${session.token}:${status ?? ''}:${light ?? ''}` : null;
  const first = useResource(key, () => listCases(filter, null));
  const [more, setMore] = useState<{ key: string; items: ApplicationView[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const shown = useRef(false);

  const reload = () => {
    setMore(null);
    setMoreError(null);
    first.reload();
  };
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
      const page = await listCases(filter, cursor);
      setMore((prev) => ({ key, items: [...(prev && prev.key === key ? prev.items : []), ...page.items], cursor: page.nextCursor }));
    } catch (e) {
      setMoreError(toApiError(e));
    } finally {
      setLoadingMore(false);
    }
  };

  const header = (
    <View className='hz-card cw-filters' data-testid='cw-filters'>
      <Text className='cw-filters__label'>状态</Text>
      <View className='cw-filters__chips'>
        <Chip<ApplicationStatus> value={null} current={status} label='全部' testId='cw-filter-status' onPick={setStatus} />
        {STATUS_FILTERS.map((s) => (
          <Chip<ApplicationStatus> key={s} value={s} current={status} label={APPLICATION_STATUS_NAMES[s]} testId='cw-filter-status' onPick={setStatus} />
        ))}
      </View>
      <Text className='cw-filters__label'>督办灯</Text>
      <View className='cw-filters__chips'>
        <Chip<Light> value={null} current={light} label='全部' testId='cw-filter-light' onPick={setLight} />
        {LIGHT_FILTERS.map((l) => (
          <Chip<Light> key={l} value={l} current={light} label={LIGHT_NAMES[l]} testId='cw-filter-light' onPick={setLight} />
        ))}
      </View>
    </View>
  );

  return (
    <PageShell
      name='casework-list'
      requireLogin='staff'
      header={session ? header : undefined}
      loading={first.loading && !first.data}
      loadingText='正在读取办件…'
      error={first.data ? null : first.error}
      onRetry={reload}
      empty={first.data && items.length === 0 ? { title: '没有符合条件的办件', description: '换一个状态或督办灯看看。', testId: 'cw-empty' } : null}
    >
      <View data-testid='cw-list'>
        {items.map((v) => (
          <CaseRow key={v.id} view={v} />
        ))}
      </View>
      {moreError && (
        <View className='hz-alert' data-testid='cw-more-error'>
          {moreError.message}
        </View>
      )}
      {cursor && (
        <BigButton variant='secondary' onClick={() => void loadMore()} loading={loadingMore} loadingText='正在加载…' testId='cw-load-more'>
          {moreError ? '重试加载更多' : '加载更多'}
        </BigButton>
      )}
    </PageShell>
  );
}
