import { Text, View } from '@tarojs/components';
import { APPLICATION_STATUS_NAMES, type ApplicationStatus, type ApplicationView, type Light } from '@haizhu/shared-types';
import { useState } from 'react';
import { listCases, type CaseFilter } from '../../api/casework';
// Shared stylesheets load in one order on every page (catalog, application, BigButton, BottomSheet,
// FormField, PageShell): weapp merges them into one common file and needs a single order.
import { CaseStatusTag, LIGHT_NAMES, LightBadge, deadlineText } from '../../components/application';
import '../../components/BigButton/index.scss';
import { FilterChips, withAll } from '../../components/FilterChips';
import { LoadMore } from '../../components/LoadMore';
import { PageShell } from '../../components/PageShell';
import { usePagedList } from '../../hooks/usePagedList';
import { useShownAgain } from '../../hooks/useShownAgain';
import { useStaffSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { goPage, pageUrl } from '../../utils/navigation';
import '../casework.scss';
import './index.scss';

/** The statuses a clerk filters by, in the order a case moves. */
const STATUS_FILTERS = withAll<ApplicationStatus>(['submitted', 'supplement_requested', 'accepted', 'accepted_deficient', 'forwarded', 'in_review', 'approved', 'denied', 'refused', 'withdrawn'], APPLICATION_STATUS_NAMES);
const LIGHT_FILTERS = withAll<Light>(['green', 'yellow', 'red'], LIGHT_NAMES);

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
  const list = usePagedList(key, (cursor) => listCases(filter, cursor));
  useShownAgain(list.reload);

  const header = (
    <View className='hz-card cw-filters' data-testid='cw-filters'>
      <FilterChips block='cw' label='状态' options={STATUS_FILTERS} value={status} testId='cw-filter-status' onPick={setStatus} />
      <FilterChips block='cw' label='督办灯' options={LIGHT_FILTERS} value={light} testId='cw-filter-light' onPick={setLight} />
    </View>
  );

  return (
    <PageShell
      name='casework-list'
      requireLogin='staff'
      header={session ? header : undefined}
      loading={list.loading}
      loadingText='正在读取办件…'
      error={list.error}
      onRetry={list.reload}
      empty={list.loaded && list.items.length === 0 ? { title: '没有符合条件的办件', description: '换一个状态或督办灯看看。', testId: 'cw-empty' } : null}
    >
      <View data-testid='cw-list'>
        {list.items.map((v) => (
          <CaseRow key={v.id} view={v} />
        ))}
      </View>
      <LoadMore list={list} testId='cw' />
    </PageShell>
  );
}
