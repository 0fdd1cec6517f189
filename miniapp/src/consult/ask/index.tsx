import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { CONSULTATION_TOPIC_NAMES, createConsultationBody, type ConsultationTopic } from '@haizhu/shared-types';
import { useState } from 'react';
import { getApplication } from '../../api/application';
import { getHall, getItem } from '../../api/catalog';
import { askConsultation } from '../../api/consultation';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, evaluation, consultation,
// BigButton, BottomSheet, FormField, PageShell): weapp merges them into one common file and needs a single order.
import { BodyField } from '../../components/consultation';
import { BigButton } from '../../components/BigButton';
import { FormField } from '../../components/FormField';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { pageUrl, routeParam } from '../../utils/navigation';
import { askSubscribe } from '../../utils/subscribe';
import { AttachmentPicker } from '../components/AttachmentPicker';
import { useAttachmentUploads } from '../components/attachments';
import '../consult.scss';

const SUBJECT_MAX = createConsultationBody.shape.subject.unwrap().maxLength ?? 60;
const BODY_MAX = createConsultationBody.shape.body.maxLength ?? 1000;

type Field = 'subject' | 'body' | 'attachmentIds';

interface TopicInfo {
  name: string;
  /** who answers */
  unitName: string;
}

/** The topic from the page's query: an item (办事指南), one's own case, or a hall. */
function topicOf(params: Record<string, string | undefined>): ConsultationTopic | null {
  const itemCode = routeParam(params, 'itemCode');
  if (itemCode) return { type: 'item', itemCode };
  const applicationId = routeParam(params, 'applicationId');
  if (applicationId) return { type: 'application', applicationId };
  const hallId = routeParam(params, 'hallId');
  if (hallId) return { type: 'hall', hallId };
  return null;
}

function topicKey(t: ConsultationTopic): string {
  return t.type === 'item' ? `item:${t.itemCode}` : t.type === 'application' ? `application:${t.applicationId}` : `hall:${t.hallId}`;
}

async function describeTopic(t: ConsultationTopic): Promise<TopicInfo> {
  if (t.type === 'item') {
    const item = await getItem(t.itemCode);
    return { name: item.name, unitName: item.departmentName };
  }
  if (t.type === 'application') {
    const app = await getApplication(t.applicationId);
    return { name: `${app.applicationNo} ${app.itemName}`, unitName: app.departmentName };
  }
  const hall = await getHall(t.hallId);
  return { name: hall.name, unitName: hall.name };
}

/** 在线咨询 (`?itemCode=|applicationId=|hallId=`): a question to the department or hall that answers for the topic. */
export default function ConsultAskPage() {
  const topic = topicOf(useRouter().params);
  const session = useResidentSession();
  const info = useResource(topic && session ? `${topicKey(topic)}:${session.token}` : null, () => describeTopic(topic as ConsultationTopic));
  const uploads = useAttachmentUploads();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  const submit = async () => {
    if (!topic || pending) return;
    if (uploads.busy) {
      setErrors({ attachmentIds: '附件还在上传，请稍候再提交' });
      return;
    }
    const parsed = createConsultationBody.safeParse({
      topic,
      ...(subject.trim() ? { subject } : {}),
      body,
      ...(uploads.files.length ? { attachmentIds: uploads.files.map((f) => f.id) } : {}),
    });
    if (!parsed.success) {
      const found: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === 'subject' || field === 'body' || field === 'attachmentIds') found[field] ??= issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    setPending(true);
    setFailure(null);
    // The consent dialog must start inside the tap: nothing is awaited before this.
    await askSubscribe('consult');
    try {
      const created = await askConsultation(parsed.data);
      // The form is done with: back from the thread goes where the question was asked from.
      void Taro.redirectTo({ url: pageUrl('/consult/thread/index', { id: created.id, new: '1' }) });
    } catch (e) {
      const error = toApiError(e);
      if (error.code === 'ATTACHMENT_NOT_USABLE') setErrors({ attachmentIds: '有附件无法使用，请删除后重新上传' });
      else if (error.code === 'VALIDATION_FAILED' && Object.keys(error.fieldErrors).length) {
        const f = error.fieldErrors;
        setErrors({ subject: f.subject, body: f.body });
        if (!f.subject && !f.body) setFailure(error);
      } else setFailure(error);
      setPending(false);
    }
  };

  const topicName = info.data?.name;
  return (
    <PageShell
      name='consult-ask'
      requireLogin='resident'
      loading={info.loading && !info.data}
      loadingText='正在读取咨询的事项…'
      error={info.data || info.error?.code === 'NOT_FOUND' ? null : info.error}
      onRetry={info.reload}
      empty={
        !topic
          ? { title: '请先选择要咨询的事项', description: '在办事指南或办件详情页点“咨询”，就能就这件事提问。', testId: 'consult-ask-missing' }
          : info.error?.code === 'NOT_FOUND'
            ? { title: '找不到要咨询的事项', description: '请返回后重新选择。', testId: 'consult-ask-not-found' }
            : null
      }
    >
      {topic && info.data && (
        <View data-testid='consult-ask-form' data-topic={topic.type}>
          <View className='hz-card cs-topic' data-testid='consult-ask-topic'>
            <Text className='cs-topic__kind'>咨询的{CONSULTATION_TOPIC_NAMES[topic.type]}</Text>
            <Text className='cs-topic__name' data-testid='consult-ask-topic-name'>
              {topicName}
            </Text>
            <Text className='cs-topic__line' data-testid='consult-ask-unit'>
              由 {info.data.unitName} 答复
            </Text>
            <Text className='cs-topic__note'>工作人员会在规定的工作日内答复，提交后可看到最迟答复时间。答复会显示在“我的咨询”里。</Text>
          </View>

          <View className='hz-card'>
            <FormField
              label='标题（可不填）'
              value={subject}
              maxlength={SUBJECT_MAX}
              placeholder='一句话说明想问什么'
              hint={`不填时以“${topicName}”为标题`}
              error={errors.subject}
              testId='consult-subject'
              onChange={(v) => {
                setSubject(v);
                setErrors((e) => ({ ...e, subject: undefined }));
              }}
            />
            <BodyField
              label='您的问题'
              value={body}
              max={BODY_MAX}
              placeholder='请写清楚您的情况和想问的问题，如：我在外地工作，能否由家人代办？'
              hint='请不要填写身份证号、银行卡号等信息。'
              error={errors.body}
              testId='consult-body'
              onChange={(v) => {
                setBody(v);
                setErrors((e) => ({ ...e, body: undefined }));
              }}
            />
            <AttachmentPicker uploads={uploads} testId='consult-ask-attach' error={errors.attachmentIds} disabled={pending} />
          </View>

          {failure && (
            <View className='hz-alert' data-testid='consult-ask-error' data-code={failure.code}>
              {failure.message}
            </View>
          )}
          <BigButton onClick={() => void submit()} loading={pending} loadingText='正在提交…' disabled={uploads.busy} testId='consult-ask-submit'>
            提交
          </BigButton>
        </View>
      )}
    </PageShell>
  );
}
