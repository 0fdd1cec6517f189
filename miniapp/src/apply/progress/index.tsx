import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { progressQuery, type ProgressView } from '@haizhu/shared-types';
import { useState } from 'react';
import { getProgress } from '../../api/application';
import { type ApiError, toApiError } from '../../api/errors';
// Shared stylesheets load in one order on every page (catalog, application, BigButton, BottomSheet,
// FormField, PageShell): weapp merges them into one common file and needs a single order.
import { CaseStatusTag, DeadlineLine, Timeline } from '../../components/application';
import { BigButton } from '../../components/BigButton';
import { FormField } from '../../components/FormField';
import { PageShell } from '../../components/PageShell';
import { routeParam } from '../../utils/navigation';
import '../components/apply.scss';
import './index.scss';

type Field = 'applicationNo' | 'queryCode';

/** The same schema the API checks the query with. */
function validate(applicationNo: string, queryCode: string): Partial<Record<Field, string>> {
  const result = progressQuery.safeParse({ applicationNo, queryCode });
  if (result.success) return {};
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (field === 'applicationNo' && !errors.applicationNo) errors.applicationNo = '请填写完整的办件编号，如 HZ20260928000123';
    if (field === 'queryCode' && !errors.queryCode) errors.queryCode = issue.message.includes('6') ? issue.message : '查询码为 6 位数字';
  }
  return errors;
}

function Result({ progress }: { progress: ProgressView }) {
  return (
    <View data-testid='progress-result' data-status={progress.status}>
      <View className='hz-card'>
        <View className='progress-result__head'>
          <Text className='progress-result__item' data-testid='progress-item-name'>
            {progress.itemName}
          </Text>
          <CaseStatusTag status={progress.status} testId='progress-status' />
        </View>
        <Text className='progress-result__no'>办件编号：{progress.applicationNo}</Text>
        {progress.deadline && <DeadlineLine deadline={progress.deadline} testId='progress-deadline' />}
      </View>
      <View className='hz-card'>
        <Text className='hz-card__title'>办理进度</Text>
        <Timeline entries={progress.timeline} testId='progress-timeline' />
      </View>
    </View>
  );
}

/** 办件查询: the 办件编号 and its 6-digit 查询码 show a case's progress, without logging in. */
export default function ApplyProgressPage() {
  const [applicationNo, setApplicationNo] = useState(routeParam(useRouter().params, 'no') ?? '');
  const [queryCode, setQueryCode] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [progress, setProgress] = useState<ProgressView | null>(null);

  const search = async () => {
    if (pending) return;
    const no = applicationNo.trim().toUpperCase();
    const code = queryCode.trim();
    const errors = validate(no, code);
    setFieldErrors(errors);
    setError(null);
    if (errors.applicationNo || errors.queryCode) return;
    setPending(true);
    try {
      setProgress(await getProgress(no, code));
    } catch (e) {
      setProgress(null);
      setError(toApiError(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <PageShell name='apply-progress'>
      <View className='hz-alert hz-alert--info'>输入申请时得到的办件编号和 6 位查询码即可查看进度，不需要登录，家人也可以帮您查。</View>
      <View className='hz-card'>
        <FormField label='办件编号' value={applicationNo} onChange={setApplicationNo} error={fieldErrors.applicationNo} placeholder='如 HZ20260928000123' maxlength={32} testId='progress-application-no' />
        <FormField label='查询码' value={queryCode} onChange={setQueryCode} error={fieldErrors.queryCode} placeholder='6 位数字' type='number' maxlength={6} testId='progress-query-code' onConfirm={() => void search()} />
        {error && (
          <View className='hz-alert' data-testid='progress-error'>
            {error.code === 'NOT_FOUND' ? '没有找到这个办件。请核对办件编号和查询码是否填写正确。' : error.message}
          </View>
        )}
        <BigButton onClick={() => void search()} loading={pending} loadingText='正在查询…' testId='progress-submit'>
          查询进度
        </BigButton>
      </View>
      {progress && <Result progress={progress} />}
    </PageShell>
  );
}
