import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { CONSULTATION_TOPIC_NAMES, consultationMessageBody, type ConsultationView } from '@haizhu/shared-types';
import { useState } from 'react';
import { closeConsultation, followUpConsultation, getConsultation, openMyFile } from '../../api/consultation';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, evaluation, consultation,
// BigButton, BottomSheet, FormField, PageShell): weapp merges them into one common file and needs a single order.
import { EvaluationSummary, useEvaluationOf } from '../../components/evaluation';
import { BodyField, ConsultationMessages, ConsultationStatusTag, DueLine } from '../../components/consultation';
import { BigButton } from '../../components/BigButton';
import '../../components/FormField/index.scss';
import { PageShell } from '../../components/PageShell';
import { useLiveResource } from '../../hooks/usePolling';
import { useResidentSession } from '../../store/session';
import { formatChineseDateTime } from '../../utils/datetime';
import { goPage, pageUrl, routeParam } from '../../utils/navigation';
import { askSubscribe } from '../../utils/subscribe';
import { AttachmentPicker } from '../components/AttachmentPicker';
import { useAttachmentUploads } from '../components/attachments';
import '../consult.scss';
import './index.scss';

/** An answer appears this often without the resident refreshing. */
const POLL_MS = 15_000;
const BODY_MAX = consultationMessageBody.shape.body.maxLength ?? 1000;

/** 评价本次咨询 once answered, or the rating given; reloads on return from the rating page. */
function RatingCard({ id }: { id: string }) {
  const rating = useEvaluationOf('consultation', id);
  const ev = rating.data;
  return (
    <View className='hz-card' data-testid='consult-rating' data-state={ev ? 'rated' : rating.loading ? 'loading' : 'unrated'}>
      <Text className='hz-card__title'>评价本次咨询</Text>
      {ev ? (
        <View>
          <EvaluationSummary ev={ev} testId='consult-rating-summary' />
          <BigButton variant='plain' onClick={() => goPage('/evaluate/mine/index')} testId='consult-rating-mine'>
            查看我的评价
          </BigButton>
        </View>
      ) : (
        <View>
          <Text className='hz-card__text'>答复是否清楚、及时？您的评价实名记录，用于改进政务服务。</Text>
          {/* Offered even when reading the rating failed: the rating page says if it was rated already. */}
          <BigButton variant='secondary' onClick={() => goPage(pageUrl('/evaluate/rate/index', { targetType: 'consultation', targetId: id }))} testId='consult-rate'>
            评价本次咨询
          </BigButton>
        </View>
      )}
    </View>
  );
}

function Summary({ c }: { c: ConsultationView }) {
  return (
    <View className={`hz-card cs-thread-head${c.overdue ? ' cs-card--overdue' : ''}`} data-testid='consult-thread-head'>
      <View className='cs-card__head'>
        <Text className='cs-card__subject' data-testid='consult-thread-subject'>
          {c.subject}
        </Text>
        <ConsultationStatusTag c={c} testId='consult-thread-status' />
      </View>
      <Text className='cs-card__line' data-testid='consult-thread-topic'>
        {CONSULTATION_TOPIC_NAMES[c.topic.type]}：{c.topic.name}
      </Text>
      <Text className='cs-card__line' data-testid='consult-thread-unit'>
        答复单位：{c.unit.name}
      </Text>
      <Text className='cs-card__line'>提问于 {formatChineseDateTime(c.createdAt)}</Text>
      <DueLine c={c} viewer='resident' testId='consult-thread-due' />
    </View>
  );
}

/** 追问: more words (and files) for the same unit; the thread waits for an answer again. */
function FollowUp({ c, onSent }: { c: ConsultationView; onSent(next: ConsultationView): void }) {
  const uploads = useAttachmentUploads();
  const [body, setBody] = useState('');
  const [invalid, setInvalid] = useState<{ body?: string; attachmentIds?: string }>({});
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  const send = async () => {
    if (pending || uploads.busy) return;
    const parsed = consultationMessageBody.safeParse({ body, ...(uploads.files.length ? { attachmentIds: uploads.files.map((f) => f.id) } : {}) });
    if (!parsed.success) {
      const found: { body?: string; attachmentIds?: string } = {};
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'body') found.body ??= issue.message;
        if (issue.path[0] === 'attachmentIds') found.attachmentIds ??= issue.message;
      }
      setInvalid(found);
      return;
    }
    setInvalid({});
    setPending(true);
    setFailure(null);
    // The consent dialog must start inside the tap: nothing is awaited before this.
    await askSubscribe('consult');
    try {
      onSent(await followUpConsultation(c.id, parsed.data));
      setBody('');
      uploads.reset();
      void Taro.showToast({ title: '已发送', icon: 'success' });
    } catch (e) {
      const error = toApiError(e);
      if (error.code === 'ATTACHMENT_NOT_USABLE') setInvalid({ attachmentIds: '有附件无法使用，请删除后重新上传' });
      else if (error.fieldErrors.body) setInvalid({ body: error.fieldErrors.body });
      else setFailure(error);
    } finally {
      setPending(false);
    }
  };

  return (
    <View className='hz-card' data-testid='consult-followup-card'>
      <Text className='hz-card__title'>{c.status === 'answered' ? '还有疑问？继续追问' : '补充说明'}</Text>
      <BodyField
        label='追问内容'
        value={body}
        max={BODY_MAX}
        placeholder='如：还需要带户口本吗？'
        error={invalid.body}
        testId='consult-followup'
        onChange={(v) => {
          setBody(v);
          setInvalid((i) => ({ ...i, body: undefined }));
        }}
      />
      <AttachmentPicker uploads={uploads} testId='consult-followup-attach' error={invalid.attachmentIds} disabled={pending} />
      {failure && (
        <View className='hz-alert' data-testid='consult-followup-error' data-code={failure.code}>
          {failure.message}
        </View>
      )}
      <BigButton onClick={() => void send()} loading={pending} loadingText='正在发送…' disabled={uploads.busy} testId='consult-followup-send'>
        发送追问
      </BigButton>
    </View>
  );
}

/** 咨询详情 (`?id=[&new=1]`): the conversation, 追问, 问题已解决, and 评价本次咨询 once answered. */
export default function ConsultThreadPage() {
  const params = useRouter().params;
  const id = routeParam(params, 'id');
  const justAsked = routeParam(params, 'new') === '1';
  const session = useResidentSession();
  const thread = useLiveResource(session && id ? `${id}:${session.token}` : null, () => getConsultation(id ?? ''), POLL_MS, (c) => c !== null && c.status !== 'closed');
  // An action's answer is newer than the poll it replaced, until the next poll arrives.
  const [override, setOverride] = useState<{ replaces: ConsultationView | null; view: ConsultationView } | null>(null);
  const [closing, setClosing] = useState(false);
  const [closeError, setCloseError] = useState<ApiError | null>(null);
  const c = override && override.replaces === thread.data ? override.view : thread.data;

  const changed = (next: ConsultationView) => setOverride({ replaces: thread.data, view: next });

  const close = async () => {
    if (!c || closing) return;
    const { confirm } = await Taro.showModal({
      title: '问题已经解决了吗？',
      content: '确认后本次咨询结束，不能再追问。有新问题可以重新提问。',
      confirmText: '已解决',
      cancelText: '还没有',
    });
    if (!confirm) return;
    setClosing(true);
    setCloseError(null);
    try {
      changed(await closeConsultation(c.id));
      void Taro.showToast({ title: '咨询已结束', icon: 'success' });
    } catch (e) {
      setCloseError(toApiError(e));
    } finally {
      setClosing(false);
    }
  };

  const askAgain = (v: ConsultationView) => {
    const query = v.topic.type === 'item' ? { itemCode: v.topic.id } : v.topic.type === 'application' ? { applicationId: v.topic.id } : { hallId: v.topic.id };
    goPage(pageUrl('/consult/ask/index', query));
  };

  return (
    <PageShell
      name='consult-thread'
      requireLogin='resident'
      loading={thread.loading && !c}
      loadingText='正在读取咨询…'
      error={c || thread.error?.code === 'NOT_FOUND' ? null : thread.error}
      onRetry={thread.reload}
      empty={
        !id
          ? { title: '没有指定咨询', description: '请从“我的咨询”中选择。', testId: 'consult-thread-missing' }
          : !c && thread.error?.code === 'NOT_FOUND'
            ? { title: '找不到这条咨询', description: '请从“我的咨询”中重新打开。', testId: 'consult-thread-not-found' }
            : null
      }
    >
      {c && (
        <View data-testid='consult-thread' data-status={c.status} data-id={c.id}>
          {justAsked && c.messages.length === 1 && (
            <View className='hz-alert hz-alert--success' data-testid='consult-thread-created'>
              咨询已提交，{c.unit.name}会尽快答复。答复会显示在这里和“我的咨询”中。
            </View>
          )}
          <Summary c={c} />

          <Text className='hz-section-title'>咨询记录</Text>
          <ConsultationMessages c={c} viewer='resident' openFile={openMyFile} />
          {c.status === 'awaiting_answer' && (
            <Text className='cs-note' data-testid='consult-thread-waiting'>
              正在等待答复，本页每 15 秒自动刷新{thread.error ? '（刚才刷新失败，稍后会再试）' : ''}。
            </Text>
          )}

          {c.answeredAt && <RatingCard id={c.id} />}

          {c.status !== 'closed' && <FollowUp key={c.id} c={c} onSent={changed} />}

          {closeError && (
            <View className='hz-alert' data-testid='consult-close-error'>
              {closeError.message}
            </View>
          )}
          {c.status !== 'closed' ? (
            <BigButton variant='secondary' onClick={() => void close()} loading={closing} loadingText='正在结束…' testId='consult-close'>
              问题已解决
            </BigButton>
          ) : (
            <View className='hz-card' data-testid='consult-thread-closed'>
              <Text className='hz-card__text'>本次咨询已结束。如有新问题，可以重新提问。</Text>
              <BigButton variant='secondary' onClick={() => askAgain(c)} testId='consult-ask-again'>
                重新提问
              </BigButton>
            </View>
          )}
        </View>
      )}
    </PageShell>
  );
}
