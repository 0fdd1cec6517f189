import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { ApplicationStatus, ApplicationView } from '@haizhu/shared-types';
import { useEffect, useState } from 'react';
import { getApplication, submitApplication, withdrawApplication } from '../../api/application';
import { getItem } from '../../api/catalog';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, evaluation, BigButton,
// BottomSheet, FormField, PageShell): weapp merges them into one common file and needs a single order.
import { CaseStatusTag, DeadlineLine, Timeline, outcomeText } from '../../components/application';
import { EvaluationEntry } from '../../components/evaluation';
import { BigButton } from '../../components/BigButton';
import { MaterialProvider } from '../components/MaterialProvider';
import { PageShell } from '../../components/PageShell';
import { CourierSection } from './components/CourierSection';
import { FeeSection } from './components/FeeSection';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { goPage, pageUrl, routeParam } from '../../utils/navigation';
import { clockTimeOf } from '../components/clock';
import { rememberedQueryCode } from '../components/queryCodes';
import { usePagePolling } from '../components/usePagePolling';
import '../components/apply.scss';
import './index.scss';

/** Department progress appears this often without the resident refreshing. */
const POLL_MS = 10_000;
/** Nothing more will happen to these. */
const FINAL: readonly ApplicationStatus[] = ['refused', 'withdrawn', 'denied', 'completed'];
const WITHDRAWABLE: readonly ApplicationStatus[] = ['draft', 'submitted', 'supplement_requested'];

function Needed({ view }: { view: ApplicationView }) {
  if (view.needed.length === 0) return null;
  return (
    <View className='hz-card case-needed' data-testid='case-needed'>
      <Text className='case-needed__title'>需要您做的</Text>
      {view.needed.map((line, i) => (
        <Text key={i} className='case-needed__line' data-testid='case-needed-line'>
          {line}
        </Text>
      ))}
    </View>
  );
}

function Summary({ view, queryCode }: { view: ApplicationView; queryCode: string | null }) {
  return (
    <View className='hz-card case-summary' data-testid='case-summary'>
      <View className='case-summary__head'>
        <Text className='case-summary__item' data-testid='case-item-name'>
          {view.itemName}
        </Text>
        <CaseStatusTag status={view.status} />
      </View>
      <Text className='case-summary__dept'>{view.departmentName}</Text>
      <View className='apply-kv'>
        <Text className='apply-kv__k'>办件编号</Text>
        <Text className='apply-kv__v' data-testid='case-application-no'>
          {view.applicationNo}
        </Text>
      </View>
      {queryCode && (
        <View className='apply-kv'>
          <Text className='apply-kv__k'>查询码（本机记录）</Text>
          <Text className='apply-kv__v' data-testid='case-query-code'>
            {queryCode}
          </Text>
        </View>
      )}
      <View className='apply-kv'>
        <Text className='apply-kv__k'>{view.submittedAt ? '提交时间' : '创建时间'}</Text>
        <Text className='apply-kv__v'>{formatChineseDateTime(view.submittedAt ?? view.createdAt)}</Text>
      </View>
      {view.onBehalf && <Text className='hz-tag hz-tag--warning'>由受托人代办</Text>}
      {view.deadline && <DeadlineLine deadline={view.deadline} />}
    </View>
  );
}

/** 我的办件 detail: where the case is, what the resident must do, every step with its time. */
export default function ApplyCasePage() {
  const id = routeParam(useRouter().params, 'id');
  const session = useResidentSession();
  const token = session ? session.token : null;
  const caseView = useResource(token && id ? `${id}:${token}` : null, () => getApplication(id ?? ''));
  const view = caseView.data;
  const item = useResource(view?.itemCode ?? null, () => getItem(view?.itemCode ?? ''));
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [acting, setActing] = useState<'withdraw' | 'submit' | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  // An action's answer is newer than the poll it replaced, until the next poll arrives.
  const [override, setOverride] = useState<{ replaces: ApplicationView | null; view: ApplicationView } | null>(null);
  const [queryCode] = useState(() => (id ? rememberedQueryCode(id) : null));
  const shownView = override && override.replaces === view ? override.view : view;

  useEffect(() => {
    if (view) setUpdatedAt(Date.now());
  }, [view]);

  usePagePolling(!!shownView && !FINAL.includes(shownView.status), POLL_MS, () => {
    if (!caseView.loading) caseView.reload();
  });

  const changed = (next: ApplicationView) => {
    setOverride({ replaces: view, view: next });
    setActionError(null);
  };

  const withdraw = async () => {
    if (!id || acting) return;
    const { confirm } = await Taro.showModal({
      title: '确定撤回这份申请吗？',
      content: '撤回后这份申请不再办理。需要时可以重新申请。',
      confirmText: '确定撤回',
      confirmColor: '#c62828',
      cancelText: '不撤回',
    });
    if (!confirm) return;
    setActing('withdraw');
    setActionError(null);
    try {
      changed(await withdrawApplication(id));
    } catch (e) {
      setActionError(toApiError(e));
    } finally {
      setActing(null);
    }
  };

  const resubmit = async () => {
    if (!id || acting) return;
    setActing('submit');
    setActionError(null);
    try {
      changed(await submitApplication(id));
      void Taro.showToast({ title: '已重新提交', icon: 'success' });
    } catch (e) {
      setActionError(toApiError(e));
    } finally {
      setActing(null);
    }
  };

  const v = shownView;
  const editableCodes = (m: ApplicationView['materials'][number]) => {
    if (!v) return false;
    if (v.status === 'supplement_requested') return true;
    return v.status === 'accepted_deficient' && m.deficient !== null;
  };
  const showMaterialsActions = v ? v.status === 'supplement_requested' || v.status === 'accepted_deficient' : false;

  return (
    <PageShell
      name='apply-case'
      requireLogin='resident'
      loading={caseView.loading && !view}
      loadingText='正在读取办件…'
      error={view ? null : caseView.error}
      onRetry={caseView.reload}
      empty={
        !id
          ? { title: '没有指定办件', description: '请从“我的办件”中选择。', testId: 'case-missing' }
          : !view && caseView.error?.code === 'NOT_FOUND'
            ? { title: '找不到这个办件', description: '请从“我的办件”中重新打开。', testId: 'case-not-found' }
            : null
      }
    >
      {v && (
        <View data-testid='case-detail' data-status={v.status}>
          <Summary view={v} queryCode={queryCode} />
          <Needed view={v} />

          {v.status === 'refused' && v.refusalReason && (
            <View className='hz-card case-outcome case-outcome--bad' data-testid='case-refusal'>
              <Text className='hz-card__title'>不予受理的理由</Text>
              <Text className='case-outcome__text'>{v.refusalReason}</Text>
            </View>
          )}
          {v.result && (
            <View className={`hz-card case-outcome${v.status === 'denied' ? ' case-outcome--bad' : ''}`} data-testid='case-result'>
              <Text className='hz-card__title'>办理结果</Text>
              <Text className='case-outcome__text'>{outcomeText(v.result.outcome)}</Text>
              {v.result.note && <Text className='case-outcome__note'>{v.result.note}</Text>}
            </View>
          )}

          {v.status === 'completed' && <EvaluationEntry targetType='application' targetId={v.id} testId='case-evaluation' />}

          {actionError && (
            <View className='hz-alert' data-testid='case-action-error'>
              {actionError.message}
            </View>
          )}

          {v.status === 'draft' && (
            <BigButton onClick={() => goPage(pageUrl('/apply/start/index', { id: v.id }))} testId='case-continue'>
              继续填写申请
            </BigButton>
          )}

          <FeeSection view={v} />
          <CourierSection view={v} />

          <View className='case-section'>
            <Text className='hz-section-title'>材料</Text>
            {v.status === 'supplement_requested' && v.supplement && (
              <View className='hz-alert case-supplement' data-testid='case-supplement'>
                补正要求：{v.supplement.reason}
              </View>
            )}
            {v.materials.map((m) => {
              const guide = item.data?.materials.find((g) => g.code === m.code);
              return (
                <MaterialProvider
                  key={m.code}
                  applicationId={v.id}
                  material={m}
                  guide={guide ? { notes: guide.notes, deficiencyWay: guide.deficiencyWay } : undefined}
                  editable={showMaterialsActions && editableCodes(m)}
                  keepInLibrary
                  onChanged={changed}
                />
              );
            })}
          </View>

          {v.status === 'supplement_requested' && (
            <BigButton onClick={() => void resubmit()} loading={acting === 'submit'} loadingText='正在提交…' testId='case-resubmit'>
              补正后重新提交
            </BigButton>
          )}

          <View className='hz-card case-timeline-card'>
            <View className='case-timeline-card__head'>
              <Text className='hz-card__title'>办理进度</Text>
              {updatedAt !== null && !FINAL.includes(v.status) && (
                <Text className='case-updated' data-testid='case-updated'>
                  {clockTimeOf(updatedAt)} 更新，每 10 秒自动刷新
                </Text>
              )}
            </View>
            <Timeline entries={v.timeline} />
          </View>

          {/* A question about this case goes to the department handling it, with the case attached. */}
          <BigButton variant='secondary' onClick={() => goPage(pageUrl('/consult/ask/index', { applicationId: v.id }))} testId='case-consult'>
            对办件有疑问？咨询{v.departmentName}
          </BigButton>

          {WITHDRAWABLE.includes(v.status) && (
            <BigButton variant='danger' onClick={() => void withdraw()} loading={acting === 'withdraw'} loadingText='正在撤回…' testId='case-withdraw'>
              撤回申请
            </BigButton>
          )}
        </View>
      )}
    </PageShell>
  );
}
