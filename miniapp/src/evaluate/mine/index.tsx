import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { EVALUATION_TARGET_NAMES, type EvaluationView, type PendingEvaluationView, type RectificationView } from '@haizhu/shared-types';
import { useState } from 'react';
import { listMyEvaluations, listPendingEvaluations } from '../../api/evaluation';
// Shared stylesheets load in one order on every page (catalog, application, evaluation, BigButton,
// BottomSheet, FormField, PageShell): weapp merges them into one common file and needs a single order.
import { EvaluationSummary, RectificationStatusTag, unitWord } from '../../components/evaluation';
import { BigButton } from '../../components/BigButton';
import '../../components/BottomSheet/index.scss';
import '../../components/FormField/index.scss';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useShownAgain } from '../../hooks/useShownAgain';
import { useResidentSession } from '../../store/session';
import { formatChineseDateTime, fullDate } from '../../utils/datetime';
import { goPage, pageUrl } from '../../utils/navigation';
import { AppealSheet, RectificationRatingSheet } from '../components/RectificationSheets';
import '../evaluate.scss';
import './index.scss';

/** After a handling the resident may appeal (once) or rate it; both end with the staff's answer in view. */
const ANSWERED: readonly RectificationView['status'][] = ['handled', 'revisited'];

function PendingCard({ p }: { p: PendingEvaluationView }) {
  return (
    <View className='hz-card ev-pending' data-testid='mine-pending' data-target-type={p.targetType} data-target-id={p.targetId}>
      <Text className='ev-pending__kind'>{EVALUATION_TARGET_NAMES[p.targetType]}</Text>
      <Text className='ev-pending__subject'>{p.subject}</Text>
      <Text className='ev-hint'>
        {fullDate(p.completedOn)} 办结。请在 {fullDate(p.rateBy)} 前评价，逾期未评价视为基本满意。
      </Text>
      <BigButton onClick={() => goPage(pageUrl('/evaluate/rate/index', { targetType: p.targetType, targetId: p.targetId }))} testId='mine-pending-rate'>
        去评价
      </BigButton>
    </View>
  );
}

function Rectification({ r, unit }: { r: RectificationView; unit: string }) {
  const waiting = r.status === 'open' || r.status === 'appealed';
  return (
    <View className='ev-rect' data-testid='mine-rectification' data-status={r.status}>
      <View className='ev-rect__head'>
        <Text className='ev-rect__title'>差评整改</Text>
        <RectificationStatusTag r={r} testId='mine-rectification-status' />
      </View>
      {waiting && (
        <Text className='ev-rect__line' data-testid='mine-rectification-waiting'>
          {unit}会联系您核实，{fullDate(r.dueDate)} 前整改或说明理由。
        </Text>
      )}
      {r.handlings.map((h, i) => (
        <View key={`h${i}`} className='ev-rect__entry' data-testid='mine-handling'>
          <Text className='ev-rect__entry-title'>
            {h.outcomeName}（{h.staffName}，{formatChineseDateTime(h.at)}）
          </Text>
          <Text className='ev-rect__entry-text' data-testid='mine-handling-note'>
            {h.note}
          </Text>
        </View>
      ))}
      {r.revisits.map((v, i) => (
        <View key={`v${i}`} className='ev-rect__entry' data-testid='mine-revisit'>
          <Text className='ev-rect__entry-title'>
            {v.methodName}（{formatChineseDateTime(v.at)}）
          </Text>
          <Text className='ev-rect__entry-text'>{v.result}</Text>
        </View>
      ))}
      {r.appeals.map((a, i) => (
        <View key={`a${i}`} className='ev-rect__entry' data-testid='mine-appeal'>
          <Text className='ev-rect__entry-title'>您的申诉（{formatChineseDateTime(a.at)}）</Text>
          <Text className='ev-rect__entry-text'>{a.reason}</Text>
        </View>
      ))}
      {r.rating && (
        <View className='ev-rect__entry ev-rect__entry--rating' data-testid='mine-rect-rating' data-rating={r.rating.rating}>
          <Text className='ev-rect__entry-title'>您对整改的评价：{r.rating.ratingName}</Text>
          {r.rating.comment && <Text className='ev-rect__entry-text'>{r.rating.comment}</Text>}
        </View>
      )}
    </View>
  );
}

function EvaluationCard({ ev, onAppeal, onRate }: { ev: EvaluationView; onAppeal(): void; onRate(): void }) {
  const r = ev.rectification;
  const unit = unitWord(ev.targetType);
  const answered = r !== null && ANSWERED.includes(r.status);
  return (
    <View className='hz-card ev-card' data-testid='mine-evaluation' data-id={ev.id} data-target-id={ev.targetId} data-status={r?.status ?? 'none'}>
      <Text className='ev-pending__kind'>{EVALUATION_TARGET_NAMES[ev.targetType]}</Text>
      <Text className='ev-pending__subject'>{ev.subject}</Text>
      <EvaluationSummary ev={ev} testId='mine-evaluation-summary' />
      {ev.dimensions.length > 0 && <Text className='ev-card__line'>评价方面：{ev.dimensions.map((d) => d.name).join('、')}</Text>}
      {ev.tags.length > 0 && <Text className='ev-card__line'>原因：{ev.tags.join('、')}</Text>}
      {ev.comment && (
        <Text className='ev-card__comment' data-testid='mine-evaluation-comment'>
          {ev.comment}
        </Text>
      )}
      {r && <Rectification r={r} unit={unit} />}
      {answered && r && !r.rating && (
        <View className='ev-card__actions'>
          <Text className='ev-hint'>{r.appeals.length === 0 ? '对处理结果满意吗？请评价；认为处理不到位，可以申诉一次。' : '申诉已重新处理，请评价这次的处理结果。'}</Text>
          <BigButton onClick={onRate} testId='mine-rate-rectification'>
            评价整改结果
          </BigButton>
          {r.appeals.length === 0 && (
            <BigButton variant='secondary' onClick={onAppeal} testId='mine-appeal-button'>
              申诉
            </BigButton>
          )}
        </View>
      )}
    </View>
  );
}

/** 我的评价: services waiting for a rating, and every rating given with the 整改 of a 差评. */
export default function EvaluateMinePage() {
  const session = useResidentSession();
  const token = session ? session.token : null;
  const pending = useResource(token, listPendingEvaluations);
  const mine = useResource(token, listMyEvaluations);
  // A sheet's answer is newer than the list it was opened from, until the list reloads.
  const [updated, setUpdated] = useState<Record<string, RectificationView>>({});
  const [sheet, setSheet] = useState<{ kind: 'appeal' | 'rate'; ev: EvaluationView } | null>(null);

  const reload = () => {
    setUpdated({});
    pending.reload();
    mine.reload();
  };
  // Back from rating a service: it moves from 待评价 to 我的评价.
  useShownAgain(reload);

  const items = (mine.data ?? []).map((ev) => (updated[ev.id] ? { ...ev, rectification: updated[ev.id] ?? ev.rectification } : ev));
  const waiting = pending.data ?? [];
  const done = (r: RectificationView, message: string) => {
    if (sheet) setUpdated((u) => ({ ...u, [sheet.ev.id]: r }));
    setSheet(null);
    void Taro.showToast({ title: message, icon: 'success' });
  };

  return (
    <PageShell
      name='evaluate-mine'
      requireLogin='resident'
      loading={(mine.loading && !mine.data) || (pending.loading && !pending.data)}
      loadingText='正在读取您的评价…'
      error={mine.data ? null : (mine.error ?? pending.error)}
      onRetry={reload}
      empty={
        mine.data && pending.data && items.length === 0 && waiting.length === 0
          ? { title: '还没有评价', description: '办件办结或到厅办理完成后，可以在这里评价服务。', testId: 'mine-empty' }
          : null
      }
    >
      <Text className='hz-section-title'>待评价（{waiting.length}）</Text>
      <View data-testid='mine-pending-list'>
        {waiting.map((p) => (
          <PendingCard key={`${p.targetType}:${p.targetId}`} p={p} />
        ))}
        {pending.data && waiting.length === 0 && <Text className='ev-note ev-empty-line'>没有待评价的服务。</Text>}
        {pending.error && <View className='hz-alert'>待评价读取失败：{pending.error.message}</View>}
      </View>

      <Text className='hz-section-title'>我的评价（{items.length}）</Text>
      <View data-testid='mine-list'>
        {items.map((ev) => (
          <EvaluationCard key={ev.id} ev={ev} onAppeal={() => setSheet({ kind: 'appeal', ev })} onRate={() => setSheet({ kind: 'rate', ev })} />
        ))}
        {items.length === 0 && <Text className='ev-note ev-empty-line'>您还没有评价过服务。</Text>}
      </View>

      {sheet?.kind === 'appeal' && <AppealSheet ev={sheet.ev} unit={unitWord(sheet.ev.targetType)} onDone={done} onClose={() => setSheet(null)} />}
      {sheet?.kind === 'rate' && <RectificationRatingSheet ev={sheet.ev} unit={unitWord(sheet.ev.targetType)} onDone={done} onClose={() => setSheet(null)} />}
    </PageShell>
  );
}
