import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  CHANNEL_OF_TARGET,
  EVALUATION_BAD_TAGS,
  EVALUATION_DIMENSIONS,
  EVALUATION_GOOD_TAGS,
  EVALUATION_LEVEL_NAMES,
  EVALUATION_TARGET_NAMES,
  EVALUATION_TARGET_TYPES,
  createEvaluationBody,
  gradeOf,
  type EvaluationLevel,
  type EvaluationTag,
  type EvaluationTargetType,
  type EvaluationView,
} from '@haizhu/shared-types';
import { useState } from 'react';
import { getApplication } from '../../api/application';
import { getAppointment } from '../../api/appointment';
import { type ApiError, toApiError } from '../../api/errors';
import { evaluationOf, listPendingEvaluations, rateService } from '../../api/evaluation';
// Shared stylesheets load in one order on every page (catalog, application, evaluation, BigButton,
// BottomSheet, FormField, PageShell): weapp merges them into one common file and needs a single order.
import { EvaluationSummary, LevelStars, RectificationStatusTag, unitWord } from '../../components/evaluation';
import { BigButton } from '../../components/BigButton';
import '../../components/FormField/index.scss';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { fullDate } from '../../utils/datetime';
import { goBackOr, goPage, routeParam } from '../../utils/navigation';
import '../evaluate.scss';
import './index.scss';

/** Best first: the order people read a scale in. */
const LEVELS_SHOWN: readonly EvaluationLevel[] = [5, 4, 3, 2, 1];
const COMMENT_MAX = createEvaluationBody.shape.comment.unwrap().maxLength ?? 500;

interface TargetInfo {
  subject: string;
  facts: { k: string; v: string }[];
  finished: boolean;
  /** the department or hall by name, for "转给…整改" */
  unitName: string;
  /** the last day before 基本满意 applies (cases only) */
  rateBy: string | null;
}

/** What is being rated, in words, and whether it is finished; null for a target the mini-program can't show yet. */
async function describeTarget(type: EvaluationTargetType, id: string): Promise<TargetInfo | null> {
  if (type === 'application') {
    const [app, pending] = await Promise.all([getApplication(id), listPendingEvaluations().catch(() => [])]);
    const rateBy = pending.find((p) => p.targetType === type && p.targetId === id)?.rateBy ?? null;
    return {
      subject: app.itemName,
      facts: [
        { k: '办件编号', v: app.applicationNo },
        { k: '办理部门', v: app.departmentName },
      ],
      finished: app.status === 'completed',
      unitName: app.departmentName,
      rateBy,
    };
  }
  if (type === 'appointment') {
    const a = await getAppointment(id);
    return {
      subject: a.itemName ?? a.categoryName,
      facts: [
        { k: '大厅', v: a.hallName },
        { k: '日期', v: fullDate(a.slot.date) },
      ],
      finished: a.status === 'served',
      unitName: a.hallName,
      rateBy: null,
    };
  }
  // Consultations: the API says whether one can be rated; the form works the same.
  return null;
}

function targetTypeOf(raw: string | null): EvaluationTargetType | null {
  return (EVALUATION_TARGET_TYPES as readonly string[]).includes(raw ?? '') ? (raw as EvaluationTargetType) : null;
}

function Subject({ type, info, rated }: { type: EvaluationTargetType; info: TargetInfo | null; rated: boolean }) {
  return (
    <View className='hz-card ev-subject' data-testid='rate-subject'>
      <Text className='ev-subject__kind'>{EVALUATION_TARGET_NAMES[type]}</Text>
      {info && <Text className='ev-subject__name'>{info.subject}</Text>}
      {info?.facts.map((f) => (
        <View key={f.k} className='ev-kv'>
          <Text className='ev-kv__k'>{f.k}</Text>
          <Text className='ev-kv__v'>{f.v}</Text>
        </View>
      ))}
      {info?.rateBy && !rated && <Text className='ev-subject__note'>请在 {fullDate(info.rateBy)} 前评价，逾期未评价视为基本满意。</Text>}
    </View>
  );
}

function LevelChoice({ level, on, onPick }: { level: EvaluationLevel; on: boolean; onPick(): void }) {
  const grade = gradeOf(level);
  return (
    <View className={`ev-level ev-level--${grade}${on ? ' ev-level--on' : ''}`} hoverClass='ev-level--pressed' data-testid='rate-level' data-level={level} data-on={on ? 'true' : 'false'} onClick={onPick}>
      <View className='ev-level__mark' />
      <View className='ev-level__main'>
        <Text className='ev-level__name'>{EVALUATION_LEVEL_NAMES[level]}</Text>
        {grade === 'bad' && <Text className='ev-level__grade'>差评</Text>}
      </View>
      <LevelStars level={level} />
    </View>
  );
}

function Chip({ label, on, testId, code, onToggle }: { label: string; on: boolean; testId: string; code: string; onToggle(): void }) {
  return (
    <View className={`hz-ev-chip${on ? ' hz-ev-chip--on' : ''}`} hoverClass='hz-ev-chip--pressed' data-testid={testId} data-code={code} data-on={on ? 'true' : 'false'} onClick={onToggle}>
      <Text>{label}</Text>
    </View>
  );
}

function toggled<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

interface FormProps {
  type: EvaluationTargetType;
  id: string;
  info: TargetInfo | null;
  onRated(view: EvaluationView): void;
  onAlreadyRated(): void;
}

function RateForm({ type, id, info, onRated, onAlreadyRated }: FormProps) {
  const [level, setLevel] = useState<EvaluationLevel | null>(null);
  const [dimensions, setDimensions] = useState<string[]>([]);
  const [tags, setTags] = useState<EvaluationTag[]>([]);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ level?: string; reason?: string; other?: string }>({});
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  const dimensionNames: Record<string, string> = EVALUATION_DIMENSIONS[CHANNEL_OF_TARGET[type]];
  const bad = level !== null && gradeOf(level) === 'bad';
  const tagChoices: readonly EvaluationTag[] = level === null ? [] : bad ? EVALUATION_BAD_TAGS : EVALUATION_GOOD_TAGS;
  const unit = info?.unitName ?? unitWord(type);

  const pick = (next: EvaluationLevel) => {
    setLevel(next);
    // Praise and complaints are different lists: keep only the reasons that still fit.
    const nextChoices: readonly EvaluationTag[] = gradeOf(next) === 'bad' ? EVALUATION_BAD_TAGS : EVALUATION_GOOD_TAGS;
    setTags((ts) => ts.filter((t) => nextChoices.includes(t)));
    setErrors({});
  };

  const submit = async () => {
    if (pending) return;
    if (level === null) {
      setErrors({ level: '请先选择您的满意程度' });
      return;
    }
    const trimmed = comment.trim();
    const parsed = createEvaluationBody.safeParse({
      targetType: type,
      targetId: id,
      level,
      // A tapped aspect is rated at the level chosen above: one scale, one tap per aspect.
      ...(dimensions.length ? { dimensions: Object.fromEntries(dimensions.map((d) => [d, level])) } : {}),
      ...(tags.length ? { tags } : {}),
      ...(trimmed ? { comment: trimmed } : {}),
    });
    if (!parsed.success) {
      const found: { level?: string; reason?: string; other?: string } = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === 'level') found.level ??= issue.message;
        else if (field === 'comment' || field === 'tags') found.reason ??= issue.message;
        else found.other ??= issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    setPending(true);
    setFailure(null);
    try {
      onRated(await rateService(parsed.data));
    } catch (e) {
      const error = toApiError(e);
      if (error.code === 'ALREADY_EVALUATED') onAlreadyRated();
      else if (error.code === 'VALIDATION_FAILED') setErrors({ reason: Object.values(error.fieldErrors)[0] ?? error.message });
      else setFailure(error);
    } finally {
      setPending(false);
    }
  };

  return (
    <View data-testid='rate-form'>
      <View className='hz-card'>
        <Text className='hz-card__title'>您对这次服务满意吗？</Text>
        <View data-testid='rate-levels'>
          {LEVELS_SHOWN.map((n) => (
            <LevelChoice key={n} level={n} on={level === n} onPick={() => pick(n)} />
          ))}
        </View>
        {errors.level && (
          <Text className='hz-form-error' data-testid='rate-level-error'>
            {errors.level}
          </Text>
        )}
      </View>

      {bad && (
        <View className='hz-card ev-bad-notice' data-testid='rate-bad-notice'>
          <Text className='ev-bad-notice__title'>差评会转给{unit}整改</Text>
          <Text className='ev-bad-notice__line'>对方会联系您核实情况，在规定的工作日内整改或向您说明理由，并回访您。具体期限在提交后显示。</Text>
          <Text className='ev-bad-notice__line'>请在下面选一选或写一写哪里不满意，方便他们改进。</Text>
        </View>
      )}

      {level !== null && (
        <View className='hz-card'>
          <Text className='hz-card__title'>您评价的是哪些方面？</Text>
          <Text className='ev-hint'>可多选，也可不选。选中的方面按“{EVALUATION_LEVEL_NAMES[level]}”记录。</Text>
          <View className='hz-ev-chips' data-testid='rate-dimensions'>
            {Object.entries(dimensionNames).map(([code, name]) => (
              <Chip key={code} label={name} code={code} on={dimensions.includes(code)} testId='rate-dimension' onToggle={() => setDimensions((ds) => toggled(ds, code))} />
            ))}
          </View>

          <Text className='hz-card__title ev-section-gap'>{bad ? '哪里不满意？' : '有哪些做得好？（可不选）'}</Text>
          <View className='hz-ev-chips' data-testid='rate-tags'>
            {tagChoices.map((t) => (
              <Chip
                key={t}
                label={t}
                code={t}
                on={tags.includes(t)}
                testId='rate-tag'
                onToggle={() => {
                  setTags((ts) => toggled(ts, t));
                  setErrors((e) => ({ ...e, reason: undefined }));
                }}
              />
            ))}
          </View>

          <View className={`hz-field ev-section-gap${errors.reason ? ' hz-field--invalid' : ''}`}>
            <Text className='hz-field__label'>{bad ? '具体情况（选了原因可不写）' : '想说的话（可不写）'}</Text>
            <Textarea
              className='hz-field__input hz-ev-textarea'
              value={comment}
              maxlength={COMMENT_MAX}
              autoHeight
              placeholder={bad ? '如：打了三次电话才有人回复' : '如：材料一次说清楚，很快就办好了'}
              placeholderClass='hz-field__placeholder'
              onInput={(e) => {
                setComment(e.detail.value);
                setErrors((er) => ({ ...er, reason: undefined }));
              }}
              data-testid='rate-comment'
            />
            <Text className='hz-ev-count' data-testid='rate-comment-count'>
              {Array.from(comment).length}/{COMMENT_MAX} 字
            </Text>
            {errors.reason && (
              <Text className='hz-field__error' data-testid='rate-reason-error'>
                {errors.reason}
              </Text>
            )}
          </View>
        </View>
      )}

      {errors.other && <View className='hz-alert'>{errors.other}</View>}
      {failure && (
        <View className='hz-alert' data-testid='rate-error' data-code={failure.code}>
          <Text>{failure.message}</Text>
          {failure.code === 'REAL_NAME_REQUIRED' && (
            <BigButton variant='secondary' className='ev-alert-action' onClick={() => goPage('/pages/real-name/index')} testId='rate-real-name'>
              去实名认证
            </BigButton>
          )}
        </View>
      )}
      <BigButton onClick={() => void submit()} loading={pending} loadingText='正在提交…' testId='rate-submit'>
        提交评价
      </BigButton>
      <Text className='ev-note'>好差评实行实名评价。您的评价和个人信息受保护，未经您同意不会提供给第三方；工作人员不得干预您的评价。</Text>
    </View>
  );
}

function NextSteps({ ev, unit }: { ev: EvaluationView; unit: string }) {
  const r = ev.rectification;
  if (!r) {
    return (
      <Text className='ev-next__line' data-testid='rate-next'>
        您的评价已如实记录，将用于改进政务服务。如需进一步反映问题，可拨打 12345 政务服务便民热线。
      </Text>
    );
  }
  return (
    <View data-testid='rate-next' data-due={r.dueDate}>
      <Text className='ev-next__title'>接下来会怎样</Text>
      <Text className='ev-next__line'>1. 您的差评已转给{unit}，对方会联系您核实情况。</Text>
      <Text className='ev-next__line' data-testid='rate-next-deadline'>
        2. {r.workingDaysLeft !== null ? `${r.workingDaysLeft} 个工作日内（` : '（'}
        {fullDate(r.dueDate)} 前）整改或向您说明理由，并回访您。
      </Text>
      <Text className='ev-next__line'>3. 处理结果会显示在“我的评价”里，您可以评价整改结果；对处理不满意，可以申诉一次。</Text>
    </View>
  );
}

/** 服务评价 (`?targetType=application|appointment|consultation&targetId=`): five levels, aspects, reasons, a comment. */
export default function EvaluateRatePage() {
  const params = useRouter().params;
  const type = targetTypeOf(routeParam(params, 'targetType'));
  const id = routeParam(params, 'targetId');
  const session = useResidentSession();
  const key = session && type && id ? `${type}:${id}:${session.token}` : null;
  const existing = useResource(key, () => evaluationOf(type ?? 'application', id ?? ''));
  const target = useResource(key, () => describeTarget(type ?? 'application', id ?? ''));
  const [rated, setRated] = useState<EvaluationView | null>(null);

  const info = target.data;
  const unit = info?.unitName ?? (type ? unitWord(type) : '');
  const shown = rated ?? existing.data;
  const notFound = target.error?.code === 'NOT_FOUND';

  let body = null;
  if (type && id && !existing.loading && !target.loading) {
    if (rated) {
      body = (
        <View className='hz-card ev-done' data-testid='rate-done' data-level={rated.level}>
          <View className='ev-done__icon'>✓</View>
          <Text className='ev-done__title'>感谢您的评价</Text>
          <EvaluationSummary ev={rated} testId='rate-done-summary' />
          <View className='ev-next'>
            <NextSteps ev={rated} unit={unit} />
          </View>
          <BigButton onClick={() => void Taro.redirectTo({ url: '/evaluate/mine/index' })} testId='rate-done-mine'>
            查看我的评价
          </BigButton>
          <BigButton variant='secondary' onClick={() => goBackOr()} testId='rate-done-back'>
            返回
          </BigButton>
        </View>
      );
    } else if (shown) {
      body = (
        <View className='hz-card' data-testid='rate-existing' data-level={shown.level}>
          <Text className='hz-card__title'>您已评价过这次服务</Text>
          <EvaluationSummary ev={shown} testId='rate-existing-summary' />
          {shown.rectification && (
            <View className='ev-existing__rect'>
              <Text className='ev-hint'>差评整改：</Text>
              <RectificationStatusTag r={shown.rectification} testId='rate-existing-rectification' />
            </View>
          )}
          <BigButton variant='secondary' onClick={() => goPage('/evaluate/mine/index')} testId='rate-existing-mine'>
            查看我的评价
          </BigButton>
        </View>
      );
    } else if (info && !info.finished) {
      body = null;
    } else {
      body = <RateForm type={type} id={id} info={info} onRated={setRated} onAlreadyRated={existing.reload} />;
    }
  }

  return (
    <PageShell
      name='evaluate-rate'
      requireLogin='resident'
      header={session && type && !notFound ? <Subject type={type} info={info} rated={!!shown} /> : undefined}
      loading={(existing.loading && !existing.data) || (target.loading && !target.data)}
      loadingText='正在读取…'
      error={existing.error ?? (notFound ? null : target.error)}
      onRetry={() => {
        existing.reload();
        target.reload();
      }}
      empty={
        !type || !id
          ? { title: '没有指定要评价的服务', description: '请从办件详情、预约详情或“我的评价”进入。', testId: 'rate-missing' }
          : notFound
            ? { title: '找不到这项服务', description: '可能链接有误，或它不是用本微信账号办理的。', testId: 'rate-not-found' }
            : !shown && info && !info.finished
              ? { title: '现在还不能评价', description: type === 'appointment' ? '到厅办理完成后才能评价。' : '办件办结后才能评价。', testId: 'rate-not-yet' }
              : null
      }
    >
      {body}
    </PageShell>
  );
}
