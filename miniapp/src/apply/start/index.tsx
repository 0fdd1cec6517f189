import { Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import type { ApplicationView } from '@haizhu/shared-types';
import { useCallback, useEffect, useRef, useState } from 'react';
import { createApplication, getApplication, listApplications, saveDraft, submitApplication } from '../../api/application';
import { getItem, type ItemDetail } from '../../api/catalog';
import { type ApiError, toApiError } from '../../api/errors';
import { getMe } from '../../api/me';
// Shared stylesheets load in one order on every page (catalog, application, BigButton, BottomSheet,
// FormField, PageShell): weapp merges them into one common file and needs a single order.
import { notFoundState } from '../../components/catalog';
import { BigButton } from '../../components/BigButton';
import { FormFields } from '../components/FormFields';
import { MaterialProvider } from '../components/MaterialProvider';
import { LoadingState, PageShell } from '../../components/PageShell';
import type { EmptyStateProps } from '../../components/PageShell/StateViews';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { clockTimeOf } from '../components/clock';
import { ApplySteps } from '../components/ApplySteps';
import { displayValue, fromFormValues, toFormValues, validateForm, type FormDraft } from '../components/formRules';
import { rememberQueryCode, rememberedQueryCode } from '../components/queryCodes';
import { formatChineseDateTime } from '../../utils/datetime';
import { goPage, pageUrl, routeParam } from '../../utils/navigation';
import { askSubscribe } from '../../utils/subscribe';
import '../components/apply.scss';
import './index.scss';

type StepName = '情形' | '填写表单' | '提供材料' | '核对提交';
type Answers = Record<string, string>;
type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: number } | { kind: 'failed'; error: ApiError };

/** Typing pauses this long before the draft is saved; a step change saves at once. */
const SAVE_AFTER_TYPING_MS = 1500;

function scrollTop(): void {
  void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
}

function stepsOf(item: ItemDetail): StepName[] {
  return [...(item.situations.length ? (['情形'] as const) : []), '填写表单', '提供材料', '核对提交'];
}

/** Materials still to give before submitting: required ones, except those the window may accept 容缺. */
function blockingMissing(view: ApplicationView | null): string[] {
  return (view?.materials ?? []).filter((m) => m.required && !m.deficiencyAllowed && !m.provided).map((m) => m.name);
}

function SaveNote({ state }: { state: SaveState }) {
  if (state.kind === 'idle') return null;
  const text = state.kind === 'saving' ? '正在保存草稿…' : state.kind === 'saved' ? `草稿已自动保存（${clockTimeOf(state.at)}）` : `草稿保存失败：${state.error.message}`;
  return (
    <Text className={`apply-save${state.kind === 'failed' ? ' apply-save--failed' : ''}`} data-testid='apply-draft-state' data-state={state.kind}>
      {text}
    </Text>
  );
}

function SituationStep({ item, answers, onAnswer }: { item: ItemDetail; answers: Answers; onAnswer(question: string, option: string): void }) {
  return (
    <View>
      <View className='hz-alert hz-alert--info'>先回答几个问题，只需准备适合您情况的材料。</View>
      {item.situations.map((q, i) => (
        <View key={q.code} className='hz-card' data-testid='apply-situation-question' data-code={q.code}>
          <Text className='apply-question'>
            {i + 1}. {q.question}
          </Text>
          {q.options.map((o) => (
            <View
              key={o.code}
              className={`hz-sheet-option${answers[q.code] === o.code ? ' hz-sheet-option--chosen' : ''}`}
              hoverClass='hz-sheet-option--pressed'
              data-testid='apply-situation-option'
              data-code={o.code}
              data-chosen={answers[q.code] === o.code ? 'true' : 'false'}
              onClick={() => onAnswer(q.code, o.code)}
            >
              <View className='hz-sheet-option__mark' />
              <Text className='hz-sheet-option__label'>{o.label}</Text>
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}

function Row({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return (
    <View className='apply-kv' data-testid={testId}>
      <Text className='apply-kv__k'>{k}</Text>
      <Text className='apply-kv__v'>{v}</Text>
    </View>
  );
}

function materialState(m: ApplicationView['materials'][number]): string {
  if (m.provided) return m.provided.source === 'e_licence' ? '使用电子证照（免提交）' : m.provided.source === 'library' ? '已从材料库选用' : '已上传';
  if (!m.required) return '未提供（可不提供）';
  if (m.deficiencyAllowed) return '未提供（可容缺，受理后补交）';
  return '未提供';
}

function ReviewStep({ item, answers, form, view }: { item: ItemDetail; answers: Answers; form: FormDraft; view: ApplicationView | null }) {
  const values = toFormValues(item.form, form);
  return (
    <View data-testid='apply-review'>
      <View className='hz-card'>
        <Text className='hz-card__title'>申办事项</Text>
        <Row k='事项' v={item.name} />
        <Row k='受理部门' v={item.departmentName} />
        {view && <Row k='办件编号' v={view.applicationNo} testId='apply-review-no' />}
      </View>
      {item.situations.length > 0 && (
        <View className='hz-card'>
          <Text className='hz-card__title'>您的情况</Text>
          {item.situations.map((q) => (
            <Row key={q.code} k={q.question} v={q.options.find((o) => o.code === answers[q.code])?.label ?? '未选择'} />
          ))}
        </View>
      )}
      <View className='hz-card' data-testid='apply-review-form'>
        <Text className='hz-card__title'>填写的内容</Text>
        {item.form.map((f) => (
          <Row key={f.key} k={f.label} v={displayValue(f, values[f.key])} testId={`apply-review-${f.key}`} />
        ))}
      </View>
      <View className='hz-card' data-testid='apply-review-materials'>
        <Text className='hz-card__title'>材料</Text>
        {(view?.materials ?? []).length === 0 && <Text className='hz-card__text'>按您的情况，不需要提供材料。</Text>}
        {view?.materials.map((m) => <Row key={m.code} k={m.name} v={materialState(m)} />)}
      </View>
    </View>
  );
}

function Success({ view, queryCode }: { view: ApplicationView; queryCode: string | null }) {
  return (
    <View className='hz-card apply-success' data-testid='apply-success'>
      <View className='apply-success__icon'>✓</View>
      <Text className='apply-success__title'>申请已提交</Text>
      <Text className='hz-card__text'>工作人员受理后会开始计算办理时限。进度会显示在“我的办件”里。</Text>
      <View className='apply-success__codes'>
        <Row k='办件编号' v={view.applicationNo} testId='apply-success-no' />
        <Row k='查询码' v={queryCode ?? '请在“我的办件”中查看进度'} testId='apply-success-code' />
      </View>
      <View className='hz-alert hz-alert--info apply-success__keep' data-testid='apply-success-keep'>
        请记下或截图保存办件编号和查询码。不用登录，凭这两个号码也能在“办件查询”里查看进度，也可以告诉家人帮您查。
      </View>
      <BigButton onClick={() => void Taro.redirectTo({ url: pageUrl('/apply/case/index', { id: view.id }) })} testId='apply-success-case'>
        查看办件进度
      </BigButton>
      <BigButton variant='secondary' onClick={() => goPage(pageUrl('/apply/progress/index', { no: view.applicationNo }))} testId='apply-success-progress'>
        办件查询（无需登录）
      </BigButton>
    </View>
  );
}

function ApplyFlow({ item, resumed }: { item: ItemDetail; resumed: ApplicationView | null }) {
  const steps = stepsOf(item);
  const [step, setStep] = useState(resumed ? steps.indexOf('填写表单') : 0);
  const [answers, setAnswers] = useState<Answers>(resumed?.situation ?? {});
  const [form, setForm] = useState<FormDraft>(resumed ? fromFormValues(resumed.form) : {});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempted, setAttempted] = useState(false);
  const [appId, setAppId] = useState<string | null>(resumed?.id ?? null);
  const [view, setView] = useState<ApplicationView | null>(resumed);
  const [queryCode, setQueryCode] = useState<string | null>(resumed ? rememberedQueryCode(resumed.id) : null);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<ApiError | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [stepAlert, setStepAlert] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const [keepInLibrary, setKeepInLibrary] = useState(true);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<ApiError | null>(null);
  const [submitted, setSubmitted] = useState<ApplicationView | null>(null);

  // The latest values for saves that run after a delay or in a chain.
  const formRef = useRef(form);
  const answersRef = useRef(answers);
  const appIdRef = useRef(appId);
  const creatingRef = useRef<Promise<string | null> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  formRef.current = form;
  answersRef.current = answers;
  appIdRef.current = appId;

  const name = steps[step] ?? '填写表单';

  /** Saves the draft now; saves run one after another, each sending the latest values. */
  const save = useCallback((): Promise<ApplicationView | null> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const run = async (): Promise<ApplicationView | null> => {
      const id = appIdRef.current;
      if (!id) return null;
      setSaveState({ kind: 'saving' });
      try {
        const saved = await saveDraft(id, { form: toFormValues(item.form, formRef.current), situation: answersRef.current });
        setView(saved);
        setSaveState({ kind: 'saved', at: Date.now() });
        return saved;
      } catch (e) {
        setSaveState({ kind: 'failed', error: toApiError(e) });
        return null;
      }
    };
    const next = chain.current.then(run, run);
    chain.current = next;
    return next;
  }, [item.form]);

  const saveSoon = useCallback(() => {
    if (!appIdRef.current) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), SAVE_AFTER_TYPING_MS);
  }, [save]);

  // Leaving the page (back, another page on top, the app to the background) keeps what was typed.
  const flush = useCallback(() => {
    if (timer.current) void save();
  }, [save]);
  useDidHide(flush);
  useEffect(() => flush, [flush]);

  /** Creates the draft once; a second call while it is being created waits for the same answer. */
  const ensureDraft = useCallback((): Promise<string | null> => {
    if (appIdRef.current) return Promise.resolve(appIdRef.current);
    if (creatingRef.current) return creatingRef.current;
    setCreating(true);
    setCreateError(null);
    const creation = (async () => {
      try {
        const created = await createApplication({ itemCode: item.itemCode, form: toFormValues(item.form, formRef.current), situation: answersRef.current });
        rememberQueryCode(created.id, created.applicationNo, created.queryCode);
        appIdRef.current = created.id;
        setAppId(created.id);
        setQueryCode(created.queryCode);
        setView(await getApplication(created.id).catch(() => null));
        return created.id;
      } catch (e) {
        setCreateError(toApiError(e));
        return null;
      } finally {
        creatingRef.current = null;
        setCreating(false);
      }
    })();
    creatingRef.current = creation;
    return creation;
  }, [item.form, item.itemCode]);

  // The draft exists from the form step on, so leaving after that loses nothing.
  useEffect(() => {
    if (name !== '情形' && !appId) void ensureDraft();
  }, [name, appId, ensureDraft]);

  const goStep = (next: number) => {
    setStepAlert(null);
    setSubmitError(null);
    setStep(next);
    scrollTop();
  };

  const answer = (question: string, option: string) => {
    setAnswers((a) => ({ ...a, [question]: option }));
    setStepAlert(null);
  };

  const changeField = (key: string, value: string) => {
    const next = { ...formRef.current, [key]: value };
    formRef.current = next;
    setForm(next);
    // Once they have tried to go on, errors follow their typing; before that they'd only be noise.
    if (attempted) setErrors(validateForm(item.form, next));
    saveSoon();
  };

  const next = async () => {
    if (moving) return;
    setStepAlert(null);
    if (name === '情形') {
      const open = item.situations.filter((q) => !answers[q.code]);
      if (open.length) {
        setStepAlert(`请先回答：${open.map((q) => q.question).join('、')}`);
        return;
      }
      if (appIdRef.current) void save();
      goStep(step + 1);
      return;
    }
    if (name === '填写表单') {
      setAttempted(true);
      const found = validateForm(item.form, form);
      setErrors(found);
      if (Object.keys(found).length) {
        scrollTop();
        return;
      }
      setMoving(true);
      const id = await ensureDraft();
      const saved = id ? await save() : null;
      setMoving(false);
      if (!saved) {
        setStepAlert(id ? '草稿没有保存成功，请检查网络后再点“下一步”。' : '申请没有创建成功，请点上面的“重试”。');
        return;
      }
      goStep(step + 1);
      return;
    }
    if (name === '提供材料') {
      const missing = blockingMissing(view);
      if (missing.length) {
        setStepAlert(`还需要提供：${missing.join('、')}`);
        return;
      }
      goStep(step + 1);
    }
  };

  const back = () => {
    if (appIdRef.current) void save();
    goStep(Math.max(0, step - 1));
  };

  const submit = async () => {
    const id = appIdRef.current;
    if (!id || submitting) return;
    setSubmitting(true);
    setSubmitError(null);
    await askSubscribe('submit');
    try {
      await save();
      setSubmitted(await submitApplication(id));
      scrollTop();
    } catch (e) {
      const error = toApiError(e);
      setSubmitError(error);
      const fields = error.fieldErrors;
      if (Object.keys(fields).length) {
        setAttempted(true);
        setErrors(fields);
      }
    } finally {
      setSubmitting(false);
    }
  };

  if (submitted) return <Success view={submitted} queryCode={queryCode} />;

  const errorCount = Object.keys(errors).length;
  const fieldProblems = submitError ? Object.entries(submitError.fieldErrors) : [];
  const missingDetails = submitError?.code === 'MATERIALS_MISSING' && Array.isArray(submitError.details.missing) ? (submitError.details.missing as { name?: unknown }[]) : [];

  return (
    <View>
      <ApplySteps steps={steps} current={step} />
      {creating ? (
        <Text className='apply-save' data-testid='apply-draft-state' data-state='creating'>
          正在创建申请…
        </Text>
      ) : (
        <SaveNote state={saveState} />
      )}
      {name === '填写表单' && attempted && errorCount > 0 && (
        <View className='hz-alert' data-testid='apply-form-alert'>
          还有 {errorCount} 处需要修改，请看下面红色的提示。
        </View>
      )}
      {createError && (
        <View className='hz-alert' data-testid='apply-create-error'>
          <Text>没能创建申请：{createError.message}</Text>
          <BigButton variant='secondary' onClick={() => void ensureDraft()} testId='apply-create-retry'>
            重试
          </BigButton>
        </View>
      )}

      {name === '情形' && <SituationStep item={item} answers={answers} onAnswer={answer} />}

      {name === '填写表单' && (
        <View className='hz-card'>
          <Text className='hz-card__text'>带“（选填）”的可以不填，其余都要填写。填写的内容会自动保存，中途离开也不会丢失。</Text>
          <FormFields fields={item.form} values={form} errors={errors} onChange={changeField} />
        </View>
      )}

      {name === '提供材料' && appId && (
        <View>
          <View className='hz-alert hz-alert--info'>每项材料可以拍照上传，或从手机里选择 JPG、PNG 图片或 PDF 文件；标有“可用电子证照”的，点一下就能免提交。</View>
          <View
            className={`hz-sheet-option apply-keep${keepInLibrary ? ' hz-sheet-option--chosen' : ''}`}
            data-testid='apply-keep-in-library'
            data-checked={keepInLibrary ? 'true' : 'false'}
            onClick={() => setKeepInLibrary(!keepInLibrary)}
          >
            <View className='hz-sheet-option__mark hz-sheet-option__mark--square' />
            <View className='hz-sheet-option__main'>
              <Text className='hz-sheet-option__label'>上传的材料同时存入“我的材料库”</Text>
              <Text className='hz-sheet-option__sub'>下次办事可以直接选用，不用重新拍照</Text>
            </View>
          </View>
          {!view && <LoadingState text='正在读取需要的材料…' />}
          {view && view.materials.length === 0 && <View className='hz-alert hz-alert--info'>按您的情况，这个事项不需要提供材料。</View>}
          {view?.materials.map((m) => {
            const guide = item.materials.find((g) => g.code === m.code);
            return (
              <MaterialProvider
                key={m.code}
                applicationId={appId}
                material={m}
                guide={guide ? { notes: guide.notes, deficiencyWay: guide.deficiencyWay } : undefined}
                editable
                keepInLibrary={keepInLibrary}
                onChanged={setView}
              />
            );
          })}
        </View>
      )}

      {name === '核对提交' && (
        <View>
          <ReviewStep item={item} answers={answers} form={form} view={view} />
          {submitError && (
            <View className='hz-alert' data-testid='apply-submit-error' data-code={submitError.code}>
              <Text className='apply-submit-error__title'>{fieldProblems.length ? '有内容需要修改：' : submitError.message}</Text>
              {fieldProblems.map(([key, message]) => (
                <Text key={key} className='apply-submit-error__line'>
                  • {message}
                </Text>
              ))}
              {missingDetails.map((m, i) => (
                <Text key={i} className='apply-submit-error__line' data-testid='apply-submit-missing'>
                  • {String(m.name ?? '')}
                </Text>
              ))}
              {fieldProblems.length > 0 && (
                <BigButton variant='secondary' onClick={() => goStep(steps.indexOf('填写表单'))} testId='apply-fix-form'>
                  返回修改表单
                </BigButton>
              )}
              {missingDetails.length > 0 && (
                <BigButton variant='secondary' onClick={() => goStep(steps.indexOf('提供材料'))} testId='apply-fix-materials'>
                  去提供材料
                </BigButton>
              )}
            </View>
          )}
          <BigButton onClick={() => void submit()} loading={submitting} loadingText='正在提交…' testId='apply-submit'>
            确认无误，提交申请
          </BigButton>
          <View className='apply-nav apply-nav--single'>
            <BigButton variant='secondary' onClick={back} testId='apply-back'>
              上一步
            </BigButton>
          </View>
        </View>
      )}

      {/* Next to the buttons, where the eye is when 下一步 is refused. */}
      {stepAlert && (
        <View className='hz-alert apply-step-alert' data-testid='apply-step-alert'>
          {stepAlert}
        </View>
      )}
      {name !== '核对提交' && (
        <View className='apply-nav'>
          {step > 0 && (
            <BigButton variant='secondary' onClick={back} testId='apply-back'>
              上一步
            </BigButton>
          )}
          <BigButton onClick={() => void next()} loading={moving} loadingText='正在保存…' testId='apply-next'>
            下一步
          </BigButton>
        </View>
      )}
    </View>
  );
}

/** 在线申办: 情形 → 填写表单 → 提供材料 → 核对提交, as a draft saved along the way. */
export default function ApplyStartPage() {
  const params = useRouter().params;
  const code = routeParam(params, 'code');
  const resumeId = routeParam(params, 'id');
  const session = useResidentSession();
  const token = session ? session.token : null;
  const profile = useResource(token, getMe);
  const resumed = useResource(token && resumeId ? `${resumeId}:${token}` : null, () => getApplication(resumeId ?? ''));
  const itemCode = code ?? resumed.data?.itemCode ?? null;
  const item = useResource(itemCode, () => getItem(itemCode ?? ''));
  // Starting again from the guide while a draft of the same item waits: offer to continue it.
  const recent = useResource(token && code && !resumeId ? `${code}:${token}` : null, () => listApplications(null));
  const [startNew, setStartNew] = useState(false);
  const waitingDraft = startNew ? null : (recent.data?.items.find((a) => a.status === 'draft' && a.itemCode === code) ?? null);
  const shown = useRef(false);

  // Back from 实名认证 (or login): check again.
  useDidShow(() => {
    if (shown.current && token && !profile.data?.realNameVerified) profile.reload();
    shown.current = true;
  });

  const header = item.data && (
    <View className='apply-header'>
      <Text className='apply-header__name' data-testid='apply-item-name'>
        {item.data.name}
      </Text>
      <Text className='apply-header__dept'>{item.data.departmentName} · 在线申办</Text>
    </View>
  );

  if (!session) {
    return (
      <PageShell
        name='apply-start'
        header={header}
        empty={{
          title: '在线申办需要先登录',
          description: '登录后才能以您本人的名义提交申请，并随时查看办理进度。',
          testId: 'apply-login-required',
          action: (
            <BigButton onClick={() => goPage('/pages/login/index')} testId='apply-login-button'>
              去登录
            </BigButton>
          ),
        }}
      />
    );
  }

  let empty: EmptyStateProps | null = null;
  if (!code && !resumeId) empty = { title: '没有指定要申办的事项', description: '请从办事指南点“在线申办”进入。', testId: 'apply-missing' };
  else if (resumed.error?.code === 'NOT_FOUND') empty = { title: '找不到这份申请', description: '它可能已被撤回。请在“我的办件”中查看。', testId: 'apply-draft-missing' };
  else if (!item.data) empty = notFoundState(item.error, '事项', 'apply-item-not-found');
  else if (profile.data && !profile.data.realNameVerified)
    empty = {
      title: '办理前请先完成实名认证',
      description: '在线申办要确认是您本人。实名认证只需填写姓名和身份证号，大约 1 分钟，完成后会回到这里。',
      testId: 'apply-real-name-required',
      action: (
        <BigButton onClick={() => goPage('/pages/real-name/index')} testId='apply-real-name-button'>
          去实名认证
        </BigButton>
      ),
    };
  else if (!item.data.onlineApply)
    empty = {
      title: '这个事项暂不能在线申办',
      description: '请按办事指南准备材料，到大厅办理。',
      testId: 'apply-not-online',
      action: (
        <BigButton variant='secondary' onClick={() => goPage(pageUrl('/pages/item/index', { code: item.data?.itemCode }))} testId='apply-open-guide'>
          查看办事指南
        </BigButton>
      ),
    };
  else if (resumed.data && resumed.data.status !== 'draft')
    empty = {
      title: '这份申请已经提交',
      description: `当前状态：${resumed.data.statusName}。请在办件详情中查看进度。`,
      testId: 'apply-already-submitted',
      action: (
        <BigButton onClick={() => void Taro.redirectTo({ url: pageUrl('/apply/case/index', { id: resumed.data?.id }) })} testId='apply-open-case'>
          查看办件
        </BigButton>
      ),
    };

  const loading = (profile.loading && !profile.data) || (item.loading && !item.data) || (resumed.loading && !resumed.data) || (recent.loading && !recent.data && !recent.error);
  const error = empty ? null : (profile.data ? null : profile.error) ?? (item.data ? null : item.error) ?? (resumed.data ? null : resumed.error);

  return (
    <PageShell
      name='apply-start'
      requireLogin='resident'
      header={header}
      loading={loading && !empty}
      loadingText='正在准备申请表…'
      error={error}
      onRetry={() => {
        profile.reload();
        item.reload();
        resumed.reload();
      }}
      empty={empty}
    >
      {item.data && profile.data?.realNameVerified && waitingDraft && (
        <View className='hz-card' data-testid='apply-draft-found'>
          <Text className='hz-card__title'>您有一份没提交的申请</Text>
          <Text className='hz-card__text'>
            {formatChineseDateTime(waitingDraft.createdAt)} 开始填写，办件编号 {waitingDraft.applicationNo}。可以接着填写，不用从头再来。
          </Text>
          <BigButton onClick={() => void Taro.redirectTo({ url: pageUrl('/apply/start/index', { id: waitingDraft.id }) })} testId='apply-draft-continue'>
            继续上次的申请
          </BigButton>
          <BigButton variant='secondary' onClick={() => setStartNew(true)} testId='apply-draft-new'>
            重新填写一份
          </BigButton>
        </View>
      )}
      {item.data && profile.data?.realNameVerified && !waitingDraft && (!resumeId || resumed.data) && <ApplyFlow item={item.data} resumed={resumed.data} />}
    </PageShell>
  );
}
