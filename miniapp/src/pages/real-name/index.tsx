import { Text, View } from '@tarojs/components';
import { realNameBody, type RealNameResult } from '@haizhu/shared-types';
import { useEffect, useState } from 'react';
import { submitRealName } from '../../api/me';
import { type ApiError, toApiError } from '../../api/errors';
import { BigButton } from '../../components/BigButton';
import { FormField } from '../../components/FormField';
import { PageShell } from '../../components/PageShell';
import { goBackOr } from '../../utils/navigation';
import './index.scss';

type Field = 'name' | 'idNumber';
type FieldErrors = Partial<Record<Field, string>>;

/** The same zod schema the API validates with, so the person hears about a typo before sending. */
function validate(name: string, idNumber: string): FieldErrors {
  const result = realNameBody.safeParse({ name, idNumber });
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if ((field === 'name' || field === 'idNumber') && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

const BACK_AFTER_MS = 2500;

export default function RealNamePage() {
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  // Re-check as they type only after the first attempt: errors mid-typing are just noise.
  const [attempted, setAttempted] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<RealNameResult | null>(null);

  useEffect(() => {
    if (!done) return undefined;
    const timer = setTimeout(() => goBackOr('/pages/me/index'), BACK_AFTER_MS);
    return () => clearTimeout(timer);
  }, [done]);

  const change = (field: Field, value: string) => {
    const next = { name, idNumber, [field]: value };
    if (field === 'name') setName(value);
    else setIdNumber(value);
    if (attempted) setFieldErrors(validate(next.name, next.idNumber));
  };

  const submit = async () => {
    if (pending) return;
    setAttempted(true);
    setError(null);
    const errors = validate(name, idNumber);
    setFieldErrors(errors);
    if (errors.name || errors.idNumber) return;
    setPending(true);
    try {
      setDone(await submitRealName({ name: name.trim(), idNumber: idNumber.trim().toUpperCase() }));
    } catch (e) {
      const apiError = toApiError(e);
      const server = apiError.fieldErrors;
      const fromServer: FieldErrors = {};
      if (server.name) fromServer.name = server.name;
      if (server.idNumber) fromServer.idNumber = server.idNumber;
      else if (apiError.code === 'ID_NUMBER_INVALID') fromServer.idNumber = apiError.message;
      setFieldErrors(fromServer);
      // Shown once: under the field when it belongs to one, otherwise above the button.
      setError(fromServer.name || fromServer.idNumber ? null : apiError);
    } finally {
      setPending(false);
    }
  };

  if (done) {
    return (
      <PageShell name='real-name'>
        <View className='hz-card real-name-done' data-testid='real-name-success'>
          <View className='real-name-done__icon'>✓</View>
          <Text className='real-name-done__title'>实名认证成功</Text>
          <View className='hz-row'>
            <Text className='hz-row__label'>姓名</Text>
            <Text className='hz-row__value' data-testid='real-name-success-name'>
              {done.name}
            </Text>
          </View>
          <View className='hz-row'>
            <Text className='hz-row__label'>身份证号</Text>
            <Text className='hz-row__value' data-testid='real-name-success-id-number'>
              {done.idNumber}
            </Text>
          </View>
          <Text className='real-name-done__hint'>稍后自动返回…</Text>
          <BigButton onClick={() => goBackOr('/pages/me/index')} testId='real-name-done'>
            完成
          </BigButton>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell name='real-name' requireLogin='resident'>
      <View className='hz-alert hz-alert--info'>请填写您本人身份证上的姓名和号码。信息仅用于确认身份，加密保存。</View>
      <View className='hz-card'>
        <FormField
          label='姓名'
          value={name}
          onChange={(v) => change('name', v)}
          error={fieldErrors.name}
          placeholder='与身份证上一致'
          maxlength={50}
          testId='real-name-name'
        />
        <FormField
          label='身份证号'
          value={idNumber}
          onChange={(v) => change('idNumber', v)}
          error={fieldErrors.idNumber}
          placeholder='18位身份证号码'
          type='idcard'
          maxlength={18}
          hint='最后一位如果是 X，大小写都可以'
          testId='real-name-id-number'
          onConfirm={() => void submit()}
        />
        {error && (
          <View className='hz-alert' data-testid='real-name-error'>
            {error.message}
          </View>
        )}
        <BigButton onClick={() => void submit()} loading={pending} loadingText='正在核验，请稍候…' testId='real-name-submit'>
          提交认证
        </BigButton>
      </View>
    </PageShell>
  );
}
