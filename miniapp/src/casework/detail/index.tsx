import { Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { E_LICENCE_NAMES, acceptBody, refuseBody, supplementBody, type ApplicationView, type ELicenceType, type FormField as FieldDef, type PaymentView } from '@haizhu/shared-types';
import { useState } from 'react';
import { getItem, type ItemDetail } from '../../api/catalog';
import { acceptCase, fetchMaterial, getCase, refuseCase, requestSupplement } from '../../api/casework';
// Shared stylesheets load in one order on every page (catalog, application, BigButton, BottomSheet,
// FormField, PageShell): weapp merges them into one common file and needs a single order.
import { CaseStatusTag, DeadlineLine, Timeline, outcomeText } from '../../components/application';
import { BigButton } from '../../components/BigButton';
import { BottomSheet, SheetError, SheetOption } from '../../components/BottomSheet';
import { FormField, TextAreaField } from '../../components/FormField';
import { PageShell } from '../../components/PageShell';
import { useFilePreview } from '../../hooks/useFilePreview';
import { useResource } from '../../hooks/useResource';
import { useSubmit } from '../../hooks/useSubmit';
import { useStaffSession } from '../../store/session';
import { IS_H5 } from '../../config';
import { formatChineseDateTime } from '../../utils/datetime';
import { routeParam } from '../../utils/navigation';
import { CourierCard } from '../components/CourierCard';
import { KvRow } from '../components/KvRow';
import { PaymentsCard } from '../components/PaymentsCard';
import { canRefund } from '../roles';
import '../casework.scss';
import './index.scss';

type CaseMaterial = ApplicationView['materials'][number];
type Dialog = 'accept' | 'deficient' | 'refuse' | 'supplement' | null;

function formValue(field: FieldDef | undefined, value: unknown): string {
  if (value === null || value === undefined || value === '') return '未填写';
  const s = String(value);
  if (field?.type === 'select') return field.options?.find((o) => o.value === s)?.label ?? s;
  return s;
}

function providedText(m: CaseMaterial): string {
  if (!m.provided) return m.deficient ? `容缺，${m.deficient.due} 前补齐（${m.deficient.way}）` : m.required ? '未提供' : '未提供（非必需）';
  const at = formatChineseDateTime(m.provided.at);
  if (m.provided.source === 'e_licence') return `电子证照：${E_LICENCE_NAMES[m.provided.eLicenceType as ELicenceType] ?? m.provided.eLicenceType ?? ''}（${at}）`;
  return `${m.provided.source === 'library' ? '材料库文件' : '上传文件'}（${at}）`;
}

/** One material with a preview of the file the resident gave (fetched with the staff token, audited). */
function MaterialRow({ caseId, m }: { caseId: string; m: CaseMaterial }) {
  const { preview, shown, loading, error, toggle } = useFilePreview(() => fetchMaterial(caseId, m.code));
  const openPdf = () => {
    if (preview && IS_H5) window.open(preview.url, '_blank', 'noopener');
  };

  return (
    <View className='cw-material' data-testid='cw-material' data-code={m.code} data-provided={m.provided ? m.provided.source : 'none'}>
      <View className='cw-material__head'>
        <Text className='cw-material__name'>{m.name}</Text>
        {m.supplementRequested && <Text className='hz-tag hz-tag--warning'>已要求补正</Text>}
      </View>
      <View className='hz-tags'>
        <Text className={`hz-tag ${m.required ? 'hz-tag--outline' : 'hz-tag--plain'}`}>{m.required ? '必需' : '非必需'}</Text>
        {m.deficiencyAllowed && <Text className='hz-tag hz-tag--warning'>可容缺</Text>}
        {m.eLicenceType && <Text className='hz-tag hz-tag--success'>可用电子证照</Text>}
      </View>
      <Text className={`cw-material__state${m.provided ? ' cw-material__state--done' : ''}`} data-testid='cw-material-state'>
        {providedText(m)}
      </Text>
      {m.provided?.fileId && (
        <BigButton variant='secondary' onClick={() => void toggle()} loading={loading} loadingText='正在打开…' testId='cw-material-preview'>
          {shown && IS_H5 ? '收起预览' : '预览材料（查看留痕）'}
        </BigButton>
      )}
      {error && <View className='hz-alert cw-material__error'>{error.message}</View>}
      {preview && shown && IS_H5 && preview.kind === 'image' && <Image className='cw-material__image' src={preview.url} mode='widthFix' data-testid='cw-preview-image' />}
      {preview && shown && IS_H5 && preview.kind === 'pdf' && (
        <View className='cw-material__pdf' data-testid='cw-preview-pdf'>
          <Text className='cw-material__pdf-text'>PDF 文件已取回。</Text>
          <BigButton variant='plain' onClick={openPdf} testId='cw-preview-pdf-open'>
            在新窗口打开 PDF
          </BigButton>
        </View>
      )}
    </View>
  );
}

function Reason({ value, onChange, placeholder, error, testId }: { value: string; onChange(v: string): void; placeholder: string; error?: string; testId: string }) {
  return <TextAreaField label='理由（申请人会看到）' value={value} onChange={onChange} max={500} placeholder={placeholder} error={error} testId={testId} inputClass='cw-textarea' />;
}

interface DialogProps {
  view: ApplicationView;
  item: ItemDetail | null;
  onDone(view: ApplicationView, message: string): void;
  onClose(): void;
}

function AcceptSheet({ view, item, onDone, onClose }: DialogProps) {
  const { pending, error, send } = useSubmit(onDone);
  const missing = view.materials.filter((m) => m.required && !m.provided);
  const days = item?.promisedDays ?? item?.legalDays ?? null;
  return (
    <BottomSheet
      open
      title='受理'
      onClose={onClose}
      testId='cw-sheet-accept'
      footer={
        <BigButton onClick={() => void send(() => acceptCase(view.id), '已受理')} loading={pending} loadingText='正在受理…' testId='cw-sheet-accept-confirm'>
          确认受理
        </BigButton>
      }
    >
      <Text className='cw-sheet-text'>确认材料齐全、符合受理条件。受理后开始计算承诺时限{days !== null ? `（${days} 个工作日）` : ''}，案件转送部门审批。</Text>
      {missing.length > 0 && (
        <View className='hz-alert'>还缺少：{missing.map((m) => m.name).join('、')}。缺少的材料如允许容缺，请用“容缺受理”。</View>
      )}
      <SheetError error={error} testId='cw-sheet-error' />
    </BottomSheet>
  );
}

interface DeficientChoice {
  days: string;
  way: string;
}

function DeficientSheet({ view, item, onDone, onClose }: DialogProps) {
  const { pending, error, send } = useSubmit(onDone);
  const candidates = view.materials.filter((m) => m.deficiencyAllowed);
  const [chosen, setChosen] = useState<Record<string, DeficientChoice>>(() =>
    Object.fromEntries(candidates.filter((m) => !m.provided).map((m) => [m.code, { days: '5', way: item?.materials.find((g) => g.code === m.code)?.deficiencyWay ?? '' }])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});

  const toggle = (m: CaseMaterial) => {
    forget('all', `${m.code}.days`, `${m.code}.way`);
    setChosen((c) => {
      const next = { ...c };
      if (next[m.code]) delete next[m.code];
      else next[m.code] = { days: '5', way: item?.materials.find((g) => g.code === m.code)?.deficiencyWay ?? '' };
      return next;
    });
  };
  const forget = (...keys: string[]) =>
    setErrors((e) => {
      const next = { ...e };
      for (const k of keys) delete next[k];
      return next;
    });
  const change = (code: string, field: keyof DeficientChoice, value: string) => {
    setChosen((c) => ({ ...c, [code]: { ...(c[code] ?? { days: '5', way: '' }), [field]: value } }));
    forget(`${code}.${field}`);
  };

  const confirm = () => {
    const entries = Object.entries(chosen);
    if (entries.length === 0) {
      setErrors({ all: '请至少选择一项容缺的材料；材料齐全请用“受理”。' });
      return;
    }
    const deficient = entries.map(([materialCode, c]) => ({ materialCode, dueWorkingDays: Number(c.days), way: c.way.trim() }));
    const parsed = acceptBody.safeParse({ deficient });
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const [, index, field] = issue.path;
        const code = typeof index === 'number' ? deficient[index]?.materialCode : undefined;
        if (!code) continue;
        if (field === 'dueWorkingDays') found[`${code}.days`] = '补齐期限为 1 到 30 个工作日';
        else if (field === 'way') found[`${code}.way`] = issue.message === '请说明补齐方式' ? issue.message : '请说明补齐方式（2 到 200 字）';
      }
      setErrors(found);
      return;
    }
    setErrors({});
    void send(() => acceptCase(view.id, parsed.data.deficient ?? []), '已容缺受理');
  };

  return (
    <BottomSheet
      open
      title='容缺受理'
      onClose={onClose}
      testId='cw-sheet-deficient'
      footer={
        candidates.length > 0 && (
          <BigButton onClick={confirm} loading={pending} loadingText='正在受理…' testId='cw-sheet-deficient-confirm'>
            确认容缺受理
          </BigButton>
        )
      }
    >
      {candidates.length === 0 ? (
        <Text className='cw-sheet-text'>本事项没有允许容缺的材料。</Text>
      ) : (
        <Text className='cw-sheet-text'>选择暂缺、允许后补的材料，写明补齐期限和方式。申请人会在“需要您做的”里看到。</Text>
      )}
      {errors.all && <View className='hz-alert'>{errors.all}</View>}
      {candidates.map((m) => {
        const c = chosen[m.code];
        return (
          <View key={m.code} className='cw-deficient'>
            <SheetOption square on={!!c} label={m.name} sub={m.provided ? '申请人已提供' : '申请人未提供'} testId='cw-deficient-material' code={m.code} onPick={() => toggle(m)} />
            {c && (
              <View className='cw-deficient__fields'>
                <FormField label='补齐期限（工作日，1–30）' value={c.days} onChange={(v) => change(m.code, 'days', v)} type='number' maxlength={2} error={errors[`${m.code}.days`]} testId={`cw-deficient-days-${m.code}`} />
                <FormField label='补齐方式' value={c.way} onChange={(v) => change(m.code, 'way', v)} maxlength={200} placeholder='如：5 个工作日内上传或到窗口补交' error={errors[`${m.code}.way`]} testId={`cw-deficient-way-${m.code}`} />
              </View>
            )}
          </View>
        );
      })}
      <SheetError error={error} testId='cw-sheet-error' />
    </BottomSheet>
  );
}

function RefuseSheet({ view, onDone, onClose }: DialogProps) {
  const { pending, error, send } = useSubmit(onDone);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();
  const changeReason = (value: string) => {
    setReason(value);
    setInvalid(undefined);
  };
  const confirm = () => {
    const parsed = refuseBody.safeParse({ reason });
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message ?? '请写明不予受理的理由');
      return;
    }
    setInvalid(undefined);
    void send(() => refuseCase(view.id, parsed.data.reason), '已不予受理');
  };
  return (
    <BottomSheet
      open
      title='不予受理'
      onClose={onClose}
      testId='cw-sheet-refuse'
      footer={
        <BigButton variant='danger' onClick={confirm} loading={pending} loadingText='正在提交…' testId='cw-sheet-refuse-confirm'>
          确认不予受理
        </BigButton>
      }
    >
      <Text className='cw-sheet-text'>不予受理后案件结束。请写明理由和依据，申请人会看到。</Text>
      <Reason value={reason} onChange={changeReason} placeholder='如：不属于本区受理范围，请向××申请' error={invalid} testId='cw-refuse-reason' />
      <SheetError error={error} testId='cw-sheet-error' />
    </BottomSheet>
  );
}

function SupplementSheet({ view, onDone, onClose }: DialogProps) {
  const { pending, error, send } = useSubmit(onDone);
  const [materials, setMaterials] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ materials?: string; reason?: string }>({});
  const toggle = (code: string) => {
    setMaterials((ms) => (ms.includes(code) ? ms.filter((c) => c !== code) : [...ms, code]));
    setErrors((e) => ({ ...e, materials: undefined }));
  };
  const changeReason = (value: string) => {
    setReason(value);
    setErrors((e) => ({ ...e, reason: undefined }));
  };
  const confirm = () => {
    const parsed = supplementBody.safeParse({ materials, reason });
    if (!parsed.success) {
      const found: { materials?: string; reason?: string } = {};
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'materials' && !found.materials) found.materials = issue.message;
        if (issue.path[0] === 'reason' && !found.reason) found.reason = issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    void send(() => requestSupplement(view.id, parsed.data.materials, parsed.data.reason), '已要求补正');
  };
  return (
    <BottomSheet
      open
      title='要求补正'
      onClose={onClose}
      testId='cw-sheet-supplement'
      footer={
        <BigButton onClick={confirm} loading={pending} loadingText='正在提交…' testId='cw-sheet-supplement-confirm'>
          发送补正要求
        </BigButton>
      }
    >
      <Text className='cw-sheet-text'>选择需要申请人重新提供的材料。选中的材料会被清空，申请人补正后重新提交。</Text>
      {view.materials.map((m) => (
        <SheetOption square key={m.code} on={materials.includes(m.code)} label={m.name} sub={providedText(m)} testId='cw-supplement-material' code={m.code} onPick={() => toggle(m.code)} />
      ))}
      {errors.materials && (
        <Text className='hz-form-error' data-testid='cw-supplement-materials-error'>
          {errors.materials}
        </Text>
      )}
      <Reason value={reason} onChange={changeReason} placeholder='如：身份证照片不清晰，请重新拍照上传' error={errors.reason} testId='cw-supplement-reason' />
      <SheetError error={error} testId='cw-sheet-error' />
    </BottomSheet>
  );
}

/** 办件审核: one case with applicant, form, materials (preview), timeline and the acceptance decisions. */
export default function CaseworkDetailPage() {
  const id = routeParam(useRouter().params, 'id');
  const session = useStaffSession();
  const caseView = useResource(session && id ? `${id}:${session.token}` : null, () => getCase(id ?? ''));
  const [latest, setLatest] = useState<ApplicationView | null>(null);
  const view = latest ?? caseView.data;
  const item = useResource(view?.itemCode ?? null, () => getItem(view?.itemCode ?? ''));
  const [dialog, setDialog] = useState<Dialog>(null);

  const done = (next: ApplicationView, message: string) => {
    setLatest(next);
    setDialog(null);
    void Taro.showToast({ title: message, icon: 'success' });
  };

  const fields = item.data?.form ?? [];
  const formKeys = view ? Object.keys(view.form) : [];
  const orderedKeys = [...fields.map((f) => f.key).filter((k) => formKeys.includes(k)), ...formKeys.filter((k) => !fields.some((f) => f.key === k))];
  const dialogProps = view ? { view, item: item.data, onDone: done, onClose: () => setDialog(null) } : null;
  const mayRefund = session ? canRefund(session.staff.roles) : false;
  const refunded = (p: PaymentView) => {
    if (!view) return;
    setLatest({ ...view, payments: view.payments.map((x) => (x.id === p.id ? p : x)) });
    void Taro.showToast({ title: '已提交退款', icon: 'success' });
  };

  return (
    <PageShell
      name='casework-detail'
      requireLogin='staff'
      loading={caseView.loading && !view}
      loadingText='正在打开办件…'
      error={view ? null : caseView.error}
      onRetry={caseView.reload}
      empty={
        !id
          ? { title: '没有指定办件', description: '请从办件列表中选择。', testId: 'cw-missing' }
          : !view && caseView.error?.code === 'NOT_FOUND'
            ? { title: '找不到这个办件', description: '它可能不属于您的部门或大厅。', testId: 'cw-not-found' }
            : null
      }
    >
      {view && (
        <View data-testid='cw-detail' data-status={view.status}>
          <View className='hz-card'>
            <View className='cw-detail__head'>
              <Text className='cw-detail__no' data-testid='cw-detail-no'>
                {view.applicationNo}
              </Text>
              <CaseStatusTag status={view.status} testId='cw-detail-status' />
            </View>
            <Text className='cw-detail__item'>{view.itemName}</Text>
            <KvRow k='申请人' v={`${view.applicantName ?? '未实名'}${view.onBehalf ? '（由受托人代办）' : ''}`} testId='cw-detail-applicant' />
            <KvRow k='受理部门' v={view.departmentName} />
            <KvRow k='提交时间' v={view.submittedAt ? formatChineseDateTime(view.submittedAt) : '未提交'} />
            {view.deadline && <DeadlineLine deadline={view.deadline} testId='cw-detail-deadline' />}
            <Text className='cw-audit-note'>您查看本办件已记录，申请人可在“谁查看了我的信息”中看到。</Text>
          </View>

          {view.supplement && view.status === 'supplement_requested' && (
            <View className='hz-alert cw-note' data-testid='cw-detail-supplement'>
              已要求补正：{view.supplement.reason}
            </View>
          )}
          {view.refusalReason && (
            <View className='hz-alert' data-testid='cw-detail-refusal'>
              不予受理：{view.refusalReason}
            </View>
          )}
          {view.result && (
            <View className='hz-alert hz-alert--success' data-testid='cw-detail-result'>
              办理结果：{outcomeText(view.result.outcome)}
              {view.result.note ? `（${view.result.note}）` : ''}
            </View>
          )}

          <View className='hz-card' data-testid='cw-detail-form'>
            <Text className='hz-card__title'>申请表</Text>
            {orderedKeys.length === 0 && <Text className='hz-card__text'>申请人未填写内容。</Text>}
            {orderedKeys.map((k) => {
              const f = fields.find((x) => x.key === k);
              return <KvRow key={k} k={f?.label ?? k} v={formValue(f, view.form[k])} testId={`cw-form-${k}`} />;
            })}
            {Object.keys(view.situation).length > 0 && item.data && (
              <View className='cw-situation'>
                <Text className='cw-situation__title'>申请人的情况</Text>
                {item.data.situations.map((q) => (
                  <KvRow key={q.code} k={q.question} v={q.options.find((o) => o.code === view.situation[q.code])?.label ?? '未回答'} />
                ))}
              </View>
            )}
          </View>

          <View className='hz-card' data-testid='cw-detail-materials'>
            <Text className='hz-card__title'>材料</Text>
            {view.materials.map((m) => (
              <MaterialRow key={m.code} caseId={view.id} m={m} />
            ))}
          </View>

          <PaymentsCard view={view} mayRefund={mayRefund} onRefunded={refunded} />
          <CourierCard view={view} onHandedOver={(next) => done(next, '已交快递寄出')} />

          <View className='hz-card'>
            <Text className='hz-card__title'>办理进度</Text>
            <Timeline entries={view.timeline} testId='cw-timeline' />
          </View>

          {(view.status === 'submitted' || view.status === 'in_review') && (
            <View className='hz-card cw-actions' data-testid='cw-actions'>
              <Text className='hz-card__title'>审核操作</Text>
              {view.status === 'submitted' && (
                <BigButton onClick={() => setDialog('accept')} testId='cw-action-accept'>
                  受理
                </BigButton>
              )}
              {view.status === 'submitted' && view.materials.some((m) => m.deficiencyAllowed) && (
                <BigButton variant='secondary' onClick={() => setDialog('deficient')} testId='cw-action-deficient'>
                  容缺受理
                </BigButton>
              )}
              <BigButton variant='secondary' onClick={() => setDialog('supplement')} testId='cw-action-supplement'>
                要求补正
              </BigButton>
              {view.status === 'submitted' && (
                <BigButton variant='danger' onClick={() => setDialog('refuse')} testId='cw-action-refuse'>
                  不予受理
                </BigButton>
              )}
            </View>
          )}

          {dialogProps && dialog === 'accept' && <AcceptSheet {...dialogProps} />}
          {dialogProps && dialog === 'deficient' && <DeficientSheet {...dialogProps} />}
          {dialogProps && dialog === 'refuse' && <RefuseSheet {...dialogProps} />}
          {dialogProps && dialog === 'supplement' && <SupplementSheet {...dialogProps} />}
        </View>
      )}
    </PageShell>
  );
}
