import { Text, View } from '@tarojs/components';
import { CONSULTATION_TOPIC_NAMES, type ConsultationSummaryView } from '@haizhu/shared-types';
import { listMyConsultations } from '../../api/consultation';
// Shared stylesheets load in one order on every page (catalog, application, evaluation, consultation,
// BigButton, BottomSheet, FormField, PageShell): weapp merges them into one common file and needs a single order.
import { ConsultationStatusTag, DueLine } from '../../components/consultation';
import { BigButton } from '../../components/BigButton';
import { LoadMore } from '../../components/LoadMore';
import { PageShell } from '../../components/PageShell';
import { usePagedList } from '../../hooks/usePagedList';
import { useShownAgain } from '../../hooks/useShownAgain';
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
  const list = usePagedList(session ? session.token : null, (cursor) => listMyConsultations(cursor));
  // Back from a thread: it may have been answered, followed up or closed meanwhile.
  useShownAgain(list.reload);

  return (
    <PageShell
      name='consult-list'
      requireLogin='resident'
      loading={list.loading}
      loadingText='正在读取您的咨询…'
      error={list.error}
      onRetry={list.reload}
      empty={
        list.loaded && list.items.length === 0
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
        {list.items.map((c) => (
          <ThreadCard key={c.id} c={c} />
        ))}
      </View>
      <LoadMore list={list} testId='consult-list' end={{ text: '已显示全部咨询', className: 'cs-note cs-list-end' }} />
    </PageShell>
  );
}
