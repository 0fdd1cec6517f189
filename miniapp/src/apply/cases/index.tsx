import { Text, View } from '@tarojs/components';
import type { ApplicationView } from '@haizhu/shared-types';
import { listApplications } from '../../api/application';
// Shared stylesheets load in one order on every page (catalog, application, BigButton, BottomSheet,
// FormField, PageShell): weapp merges them into one common file and needs a single order.
import { LinkRow } from '../../components/catalog';
import { CaseStatusTag, LightBadge, deadlineText } from '../../components/application';
import { BigButton } from '../../components/BigButton';
import { LoadMore } from '../../components/LoadMore';
import { PageShell } from '../../components/PageShell';
import { usePagedList } from '../../hooks/usePagedList';
import { useShownAgain } from '../../hooks/useShownAgain';
import { useResidentSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { goPage, goTab, pageUrl } from '../../utils/navigation';
import '../components/apply.scss';
import './index.scss';

function CaseCard({ view }: { view: ApplicationView }) {
  const open = () => goPage(pageUrl('/apply/case/index', { id: view.id }));
  const isDraft = view.status === 'draft';
  const todo = view.status === 'supplement_requested' || view.status === 'accepted_deficient' ? view.needed[0] : null;
  return (
    <View className='hz-card case-card' data-testid='case-card' data-id={view.id} data-status={view.status}>
      <View className='case-card__main' hoverClass='case-card__main--pressed' onClick={open}>
        <View className='case-card__head'>
          <Text className='case-card__name' data-testid='case-card-name'>
            {view.itemName}
          </Text>
          <CaseStatusTag status={view.status} testId='case-card-status' />
        </View>
        <Text className='case-card__line'>办件编号：{view.applicationNo}</Text>
        <Text className='case-card__line'>
          {view.submittedAt ? `提交于 ${formatChineseDateTime(view.submittedAt)}` : `创建于 ${formatChineseDateTime(view.createdAt)}`}
        </Text>
        {view.deadline && (
          <View className='case-card__deadline'>
            <LightBadge light={view.deadline.light} testId='case-card-light' />
            <Text className='case-card__deadline-text'>{deadlineText(view.deadline)}</Text>
          </View>
        )}
        {todo && (
          <Text className='case-card__todo' data-testid='case-card-todo'>
            需要您做的：{todo}
          </Text>
        )}
      </View>
      {isDraft && (
        <BigButton onClick={() => goPage(pageUrl('/apply/start/index', { id: view.id }))} testId='case-resume'>
          继续上次的申请
        </BigButton>
      )}
    </View>
  );
}

/** 我的办件: every application, newest first, with its status and supervision light. */
export default function ApplyCasesPage() {
  const session = useResidentSession();
  const list = usePagedList(session ? session.token : null, (cursor) => listApplications(cursor));
  // Back from a case or the form: statuses may have moved on.
  useShownAgain(list.reload);

  const header = (
    <View className='hz-card cases-header'>
      <LinkRow title='办件查询' sub='凭办件编号和查询码查看进度，无需登录' testId='cases-progress-link' onClick={() => goPage('/apply/progress/index')} />
    </View>
  );

  return (
    <PageShell
      name='apply-cases'
      requireLogin='resident'
      header={header}
      loading={list.loading}
      loadingText='正在读取您的办件…'
      error={list.error}
      onRetry={list.reload}
      empty={
        list.loaded && list.items.length === 0
          ? {
              title: '您还没有办件',
              description: '在民生服务超市找到事项，点“在线申办”即可在手机上办理。',
              testId: 'cases-empty',
              action: (
                <BigButton onClick={() => goTab('/pages/services/index')} testId='cases-empty-market'>
                  去民生服务超市
                </BigButton>
              ),
            }
          : null
      }
    >
      <View data-testid='cases-list'>
        {list.items.map((v) => (
          <CaseCard key={v.id} view={v} />
        ))}
      </View>
      <LoadMore list={list} testId='cases' end={{ text: '已显示全部办件', className: 'cases-end' }} />
    </PageShell>
  );
}
