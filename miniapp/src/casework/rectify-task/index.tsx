import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  EVALUATION_CHANNEL_NAMES,
  EVALUATION_TARGET_NAMES,
  HANDLING_OUTCOMES,
  HANDLING_OUTCOME_NAMES,
  REVISIT_METHODS,
  REVISIT_METHOD_NAMES,
  handleTaskBody,
  revisitBody,
  type RectificationTaskView,
} from '@haizhu/shared-types';
import { useState } from 'react';
import { getRectificationTask, handleRectificationTask, revisitRectificationTask } from '../../api/evaluation';
// Shared stylesheets load in one order on every page (catalog, application, evaluation, BigButton,
// BottomSheet, FormField, PageShell): weapp merges them into one common file and needs a single order.
import '../../components/application';
import { EvaluationSummary, RectificationStatusTag } from '../../components/evaluation';
import { BigButton } from '../../components/BigButton';
import { BottomSheet, SheetError, SheetOption } from '../../components/BottomSheet';
import { TextAreaField } from '../../components/FormField';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useSubmit } from '../../hooks/useSubmit';
import { useStaffSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { maskName, maskPhone } from '../../utils/mask';
import { callPhone, routeParam } from '../../utils/navigation';
import { KvRow } from '../components/KvRow';
import { RectDeadline } from '../components/RectDeadline';
import '../casework.scss';
import '../rectify.scss';

type Outcome = (typeof HANDLING_OUTCOMES)[number];
type Method = (typeof REVISIT_METHODS)[number];
type Dialog = 'handle' | 'revisit' | null;

const NOTE_MAX = handleTaskBody.shape.note.maxLength ?? 1000;
const RESULT_MAX = revisitBody.shape.result.maxLength ?? 500;

/** 谁办理、谁负责: when the complaint holds it is put right; when it has no basis, explained. */
const OUTCOME_HINTS: Record<Outcome, string> = {
  rectified: '问题属实，已立行立改或限期整改',
  explained: '诉求缺乏依据，已向评价人解释说明',
};

interface SheetProps {
  task: RectificationTaskView;
  onDone(next: RectificationTaskView, message: string): void;
  onClose(): void;
}

function HandleSheet({ task, onDone, onClose }: SheetProps) {
  const { pending, error, send } = useSubmit(onDone);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<{ outcome?: string; note?: string }>({});
  const confirm = () => {
    const parsed = handleTaskBody.safeParse({ outcome: outcome ?? undefined, note });
    if (!parsed.success) {
      const found: { outcome?: string; note?: string } = {};
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'outcome') found.outcome ??= issue.message;
        if (issue.path[0] === 'note') found.note ??= issue.message;
      }
      setInvalid(found);
      return;
    }
    setInvalid({});
    void send(() => handleRectificationTask(task.id, parsed.data), '已登记处理结果');
  };
  return (
    <BottomSheet
      open
      title='登记处理结果'
      onClose={onClose}
      testId='rt-sheet-handle'
      footer={
        <BigButton onClick={confirm} loading={pending} loadingText='正在提交…' testId='rt-sheet-handle-confirm'>
          确认登记
        </BigButton>
      }
    >
      <Text className='cw-sheet-text'>评价人会在“我的评价”里看到处理情况，登记后请尽快回访。</Text>
      {HANDLING_OUTCOMES.map((o) => (
        <SheetOption
          key={o}
          on={outcome === o}
          label={HANDLING_OUTCOME_NAMES[o]}
          sub={OUTCOME_HINTS[o]}
          testId='rt-outcome'
          code={o}
          onPick={() => {
            setOutcome(o);
            setInvalid((i) => ({ ...i, outcome: undefined }));
          }}
        />
      ))}
      {invalid.outcome && (
        <Text className='hz-form-error' data-testid='rt-outcome-error'>
          {invalid.outcome}
        </Text>
      )}
      <View className='rt-sheet-gap'>
        <TextAreaField
          inputClass='cw-textarea'
          label='整改或解释情况（评价人会看到）'
          value={note}
          max={NOTE_MAX}
          placeholder='如：已督促经办人当日答复，并开通办理进度短信提醒'
          error={invalid.note}
          testId='rt-handle-note'
          onChange={(v) => {
            setNote(v);
            setInvalid((i) => ({ ...i, note: undefined }));
          }}
        />
      </View>
      <SheetError error={error} testId='rt-sheet-error' />
    </BottomSheet>
  );
}

const SATISFACTION = [
  { code: 'yes', label: '满意', value: true },
  { code: 'no', label: '不满意', value: false },
  { code: 'unknown', label: '未表态', value: undefined },
] as const;

function RevisitSheet({ task, onDone, onClose }: SheetProps) {
  const { pending, error, send } = useSubmit(onDone);
  const [method, setMethod] = useState<Method | null>(null);
  const [result, setResult] = useState('');
  const [satisfied, setSatisfied] = useState<(typeof SATISFACTION)[number]['code'] | null>(null);
  const [invalid, setInvalid] = useState<{ method?: string; result?: string; satisfied?: string }>({});
  const confirm = () => {
    const said = SATISFACTION.find((s) => s.code === satisfied);
    const parsed = revisitBody.safeParse({ method: method ?? undefined, result, ...(said && said.value !== undefined ? { residentSatisfied: said.value } : {}) });
    const found: { method?: string; result?: string; satisfied?: string } = {};
    if (!said) found.satisfied = '请选择评价人对处理是否满意';
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'method') found.method ??= issue.message;
        if (issue.path[0] === 'result') found.result ??= issue.message;
      }
    }
    if (!parsed.success || found.satisfied) {
      setInvalid(found);
      return;
    }
    setInvalid({});
    void send(() => revisitRectificationTask(task.id, parsed.data), '已登记回访');
  };
  return (
    <BottomSheet
      open
      title='登记回访'
      onClose={onClose}
      testId='rt-sheet-revisit'
      footer={
        <BigButton onClick={confirm} loading={pending} loadingText='正在提交…' testId='rt-sheet-revisit-confirm'>
          确认登记回访
        </BigButton>
      }
    >
      <Text className='cw-sheet-text'>回访方式</Text>
      {REVISIT_METHODS.map((m) => (
        <SheetOption
          key={m}
          on={method === m}
          label={REVISIT_METHOD_NAMES[m]}
          testId='rt-revisit-method'
          code={m}
          onPick={() => {
            setMethod(m);
            setInvalid((i) => ({ ...i, method: undefined }));
          }}
        />
      ))}
      {invalid.method && (
        <Text className='hz-form-error' data-testid='rt-revisit-method-error'>
          {invalid.method}
        </Text>
      )}
      <View className='rt-sheet-gap'>
        <TextAreaField
          inputClass='cw-textarea'
          label='回访结果'
          value={result}
          max={RESULT_MAX}
          placeholder='如：已电话告知整改情况，评价人表示认可'
          error={invalid.result}
          testId='rt-revisit-result'
          onChange={(v) => {
            setResult(v);
            setInvalid((i) => ({ ...i, result: undefined }));
          }}
        />
      </View>
      <Text className='cw-sheet-text'>评价人对处理是否满意</Text>
      {SATISFACTION.map((s) => (
        <SheetOption
          key={s.code}
          on={satisfied === s.code}
          label={s.label}
          testId='rt-revisit-satisfied'
          code={s.code}
          onPick={() => {
            setSatisfied(s.code);
            setInvalid((i) => ({ ...i, satisfied: undefined }));
          }}
        />
      ))}
      {invalid.satisfied && (
        <Text className='hz-form-error' data-testid='rt-revisit-satisfied-error'>
          {invalid.satisfied}
        </Text>
      )}
      <SheetError error={error} testId='rt-sheet-error' />
    </BottomSheet>
  );
}

function Resident({ resident }: { resident: RectificationTaskView['resident'] }) {
  const [revealed, setRevealed] = useState(false);
  const { name, phone } = resident;
  return (
    <View className='hz-card' data-testid='rt-resident' data-revealed={revealed ? 'true' : 'false'}>
      <Text className='hz-card__title'>评价人（回访用）</Text>
      <KvRow k='姓名' v={name ? (revealed ? name : maskName(name)) : '未实名'} testId='rt-resident-name' />
      <KvRow k='手机号' v={phone ? (revealed ? phone : maskPhone(phone)) : '未绑定'} testId='rt-resident-phone' />
      <Text className='rt-note'>打开本页已记入评价人的“谁查看了我的信息”。评价人信息仅用于回访，不得提供给他人。</Text>
      {!revealed && (name || phone) && (
        <BigButton variant='plain' onClick={() => setRevealed(true)} testId='rt-resident-reveal'>
          显示完整姓名和手机号
        </BigButton>
      )}
      {phone && (
        <BigButton variant='secondary' onClick={() => callPhone(phone)} testId='rt-resident-call'>
          拨打电话回访
        </BigButton>
      )}
    </View>
  );
}

function History({ task }: { task: RectificationTaskView }) {
  const entries = [
    ...task.handlings.map((h) => ({ at: h.at, title: `${h.outcomeName}（${h.staffName}）`, text: h.note, kind: 'handling' })),
    ...task.revisits.map((v) => ({
      at: v.at,
      title: `${v.methodName}（${v.staffName}）${v.residentSatisfied === null ? '' : v.residentSatisfied ? '，评价人满意' : '，评价人不满意'}`,
      text: v.result,
      kind: 'revisit',
    })),
    ...task.appeals.map((a) => ({ at: a.at, title: '评价人申诉', text: a.reason, kind: 'appeal' })),
    ...(task.rating ? [{ at: task.rating.at, title: `评价人对整改的评价：${task.rating.ratingName}`, text: task.rating.comment ?? '', kind: 'rating' }] : []),
  ].sort((a, b) => a.at.localeCompare(b.at));
  if (entries.length === 0) return null;
  return (
    <View className='hz-card' data-testid='rt-history'>
      <Text className='hz-card__title'>处理记录</Text>
      {entries.map((e, i) => (
        <View key={i} className={`rt-entry rt-entry--${e.kind}`} data-testid='rt-history-entry' data-kind={e.kind}>
          <Text className='rt-entry__title'>{e.title}</Text>
          <Text className='rt-entry__at'>{formatChineseDateTime(e.at)}</Text>
          {e.text && <Text className='rt-entry__text'>{e.text}</Text>}
        </View>
      ))}
    </View>
  );
}

/** 差评整改详情: the rating, who to revisit, the history, and 处理 / 回访. */
export default function RectifyTaskPage() {
  const id = routeParam(useRouter().params, 'id');
  const session = useStaffSession();
  const task = useResource(session && id ? `${id}:${session.token}` : null, () => getRectificationTask(id ?? ''));
  const [latest, setLatest] = useState<RectificationTaskView | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const t = latest ?? task.data;

  const done = (next: RectificationTaskView, message: string) => {
    // An action's answer carries the resident masked; the contact loaded for the 回访 stays.
    setLatest(t ? { ...next, resident: t.resident } : next);
    setDialog(null);
    void Taro.showToast({ title: message, icon: 'success' });
  };

  const ev = t?.evaluation;
  const canHandle = t ? t.status === 'open' || t.status === 'appealed' : false;
  const canRevisit = t ? t.status === 'handled' : false;

  return (
    <PageShell
      name='casework-rectify-task'
      requireLogin='staff'
      loading={task.loading && !t}
      loadingText='正在读取整改任务…'
      error={t ? null : task.error}
      onRetry={task.reload}
      empty={
        !id
          ? { title: '没有指定整改任务', description: '请从“差评整改”列表中选择。', testId: 'rt-missing' }
          : !t && task.error?.code === 'NOT_FOUND'
            ? { title: '找不到这个整改任务', description: '可能不属于您的部门或大厅。', testId: 'rt-not-found' }
            : null
      }
    >
      {t && ev && (
        <View data-testid='rt-detail' data-status={t.status}>
          <View className={`hz-card rt-status${t.overdue ? ' rt-task--overdue' : ''}`}>
            <View className='rt-task__head'>
              <Text className='rt-task__subject'>{ev.subject}</Text>
              <RectificationStatusTag r={t} testId='rt-detail-status' />
            </View>
            <RectDeadline r={t} testId='rt-detail-deadline' />
            <KvRow k='评价对象' v={`${EVALUATION_TARGET_NAMES[ev.targetType]}（${EVALUATION_CHANNEL_NAMES[ev.channel]}）`} />
            <KvRow k='责任单位' v={`${t.unit.type === 'hall' ? '大厅' : '部门'} ${t.unit.id}`} />
            <KvRow k='收到差评' v={formatChineseDateTime(t.createdAt)} />
          </View>

          <View className='hz-card' data-testid='rt-evaluation'>
            <Text className='hz-card__title'>评价内容</Text>
            <EvaluationSummary ev={ev} testId='rt-evaluation-summary' />
            {ev.dimensions.length > 0 && <KvRow k='评价方面' v={ev.dimensions.map((d) => `${d.name} ${d.score} 星`).join('、')} testId='rt-evaluation-dimensions' />}
            {ev.tags.length > 0 && <KvRow k='不满意原因' v={ev.tags.join('、')} testId='rt-evaluation-tags' />}
            <Text className='rt-comment' data-testid='rt-evaluation-comment'>
              {ev.comment ?? '（评价人没有填写文字）'}
            </Text>
          </View>

          <Resident resident={t.resident} />
          <History task={t} />

          {canHandle && (
            <BigButton onClick={() => setDialog('handle')} testId='rt-action-handle'>
              {t.status === 'appealed' ? '重新处理（申诉）' : '处理'}
            </BigButton>
          )}
          {canRevisit && (
            <BigButton onClick={() => setDialog('revisit')} testId='rt-action-revisit'>
              回访
            </BigButton>
          )}
          {!canHandle && !canRevisit && (
            <Text className='rt-note' data-testid='rt-no-action'>
              {t.status === 'closed' ? '整改已办结。' : '已回访，等待评价人评价整改结果或申诉。'}
            </Text>
          )}

          {dialog === 'handle' && <HandleSheet task={t} onDone={done} onClose={() => setDialog(null)} />}
          {dialog === 'revisit' && <RevisitSheet task={t} onDone={done} onClose={() => setDialog(null)} />}
        </View>
      )}
    </PageShell>
  );
}
