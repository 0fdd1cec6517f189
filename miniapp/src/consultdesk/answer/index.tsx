import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { CONSULTATION_TOPIC_NAMES, consultationMessageBody, type StaffConsultationView } from '@haizhu/shared-types';
import { useState } from 'react';
import { answerConsultation, getStaffConsultation, openConsultationAttachment } from '../../api/consultation';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, evaluation, consultation,
// BigButton, BottomSheet, FormField, PageShell): weapp merges them into one common file and needs a single order.
import { BodyField, ConsultationMessages, ConsultationStatusTag, DueLine } from '../../components/consultation';
import { BigButton } from '../../components/BigButton';
import '../../components/FormField/index.scss';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useStaffSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { maskName, maskPhone } from '../../utils/mask';
import { callPhone, routeParam } from '../../utils/navigation';
import '../consultdesk.scss';

const BODY_MAX = consultationMessageBody.shape.body.maxLength ?? 1000;

function Row({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return (
    <View className='cd-kv' data-testid={testId}>
      <Text className='cd-kv__k'>{k}</Text>
      <Text className='cd-kv__v'>{v}</Text>
    </View>
  );
}

/** Who asked: masked on screen until the clerk asks (opening the page is audited either way). */
function Resident({ resident, revealed, onReveal }: { resident: StaffConsultationView['resident']; revealed: boolean; onReveal(): void }) {
  const { name, phone } = resident;
  return (
    <View className='hz-card' data-testid='cd-resident' data-revealed={revealed ? 'true' : 'false'}>
      <Text className='hz-card__title'>提问人</Text>
      <Row k='姓名' v={name ? (revealed ? name : maskName(name)) : '未实名'} testId='cd-resident-name' />
      <Row k='手机号' v={phone ? (revealed ? phone : maskPhone(phone)) : '未绑定'} testId='cd-resident-phone' />
      <Text className='cd-note'>打开本页已记入提问人的“谁查看了我的信息”。提问人信息仅用于答复本次咨询，不得提供给他人。</Text>
      {!revealed && (name || phone) && (
        <BigButton variant='plain' onClick={onReveal} testId='cd-resident-reveal'>
          显示完整姓名和手机号
        </BigButton>
      )}
      {revealed && phone && (
        <BigButton variant='secondary' onClick={() => callPhone(phone)} testId='cd-resident-call'>
          电话联系提问人
        </BigButton>
      )}
    </View>
  );
}

/** 答复咨询 (`?id=`): the thread with the resident's files, who asked, and the answer box. */
export default function ConsultAnswerPage() {
  const id = routeParam(useRouter().params, 'id');
  const session = useStaffSession();
  const thread = useResource(session && id ? `${id}:${session.token}` : null, () => getStaffConsultation(id ?? ''));
  // An answer's response is newer than the load it replaced, until the page loads again.
  const [latest, setLatest] = useState<{ replaces: StaffConsultationView | null; view: StaffConsultationView } | null>(null);
  const [revealed, setRevealed] = useState(false);
  const [body, setBody] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const c = latest && latest.replaces === thread.data ? latest.view : thread.data;

  const send = async () => {
    if (!c || pending) return;
    const parsed = consultationMessageBody.safeParse({ body });
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message ?? '请填写答复内容');
      return;
    }
    setInvalid(null);
    setPending(true);
    setFailure(null);
    try {
      const next = await answerConsultation(c.id, parsed.data);
      // The answer carries the resident masked; the contact loaded with the page stays.
      setLatest({ replaces: thread.data, view: { ...next, resident: c.resident } });
      setBody('');
      void Taro.showToast({ title: '已答复', icon: 'success' });
    } catch (e) {
      const error = toApiError(e);
      if (error.fieldErrors.body) setInvalid(error.fieldErrors.body);
      else setFailure(error);
      // Closed by the resident meanwhile: show the thread as it is now.
      if (error.code === 'INVALID_STATE') thread.reload();
    } finally {
      setPending(false);
    }
  };

  const residentName = c?.resident.name ? (revealed ? c.resident.name : maskName(c.resident.name)) : '未实名';

  return (
    <PageShell
      name='consultdesk-answer'
      requireLogin='staff'
      loading={thread.loading && !c}
      loadingText='正在读取咨询…'
      error={c || thread.error?.code === 'NOT_FOUND' ? null : thread.error}
      onRetry={thread.reload}
      empty={
        !id
          ? { title: '没有指定咨询', description: '请从“咨询答复”列表中选择。', testId: 'cd-missing' }
          : !c && thread.error?.code === 'NOT_FOUND'
            ? { title: '找不到这条咨询', description: '可能不属于您的部门或大厅。', testId: 'cd-not-found' }
            : null
      }
    >
      {c && (
        <View data-testid='cd-detail' data-status={c.status} data-id={c.id}>
          <View className={`hz-card${c.overdue ? ' cd-card--overdue' : ''}`} data-testid='cd-detail-head'>
            <View className='cd-card__head'>
              <Text className='cd-card__subject' data-testid='cd-detail-subject'>
                {c.subject}
              </Text>
              <ConsultationStatusTag c={c} testId='cd-detail-status' />
            </View>
            <Text className='cd-card__line'>
              {CONSULTATION_TOPIC_NAMES[c.topic.type]}：{c.topic.name}
            </Text>
            <Text className='cd-card__line'>答复单位：{c.unit.name}</Text>
            <Text className='cd-card__line'>提问于 {formatChineseDateTime(c.createdAt)}</Text>
            <DueLine c={c} viewer='staff' testId='cd-detail-due' />
          </View>

          <Resident resident={c.resident} revealed={revealed} onReveal={() => setRevealed(true)} />

          <Text className='hz-section-title'>咨询记录</Text>
          <ConsultationMessages c={c} viewer='staff' residentName={residentName} openFile={(fileId) => openConsultationAttachment(c.id, fileId)} />

          {c.status === 'closed' ? (
            <Text className='cd-note' data-testid='cd-closed'>
              提问人已确认问题解决，本次咨询已结束，不能再答复。
            </Text>
          ) : (
            <View className='hz-card' data-testid='cd-answer-card'>
              <Text className='hz-card__title'>{c.status === 'answered' ? '补充答复' : '答复'}</Text>
              <BodyField
                label='答复内容（提问人会看到）'
                value={body}
                max={BODY_MAX}
                placeholder='请直接回答问题，写明依据、要带的材料和办理地点。'
                hint='答复只能是文字；需要材料样表的，请写明在哪里下载或领取。'
                error={invalid}
                testId='cd-answer'
                onChange={(v) => {
                  setBody(v);
                  setInvalid(null);
                }}
              />
              {failure && (
                <View className='hz-alert' data-testid='cd-answer-error' data-code={failure.code}>
                  {failure.message}
                </View>
              )}
              <BigButton onClick={() => void send()} loading={pending} loadingText='正在发送…' testId='cd-answer-send'>
                发送
              </BigButton>
            </View>
          )}
        </View>
      )}
    </PageShell>
  );
}
