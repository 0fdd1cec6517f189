import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { staffLoginBody } from '@haizhu/shared-types';
import { useState } from 'react';
import { staffLogin } from '../../api/staff';
import { type ApiError, toApiError } from '../../api/errors';
import { BigButton } from '../../components/BigButton';
import { FormField } from '../../components/FormField';
import { PageShell } from '../../components/PageShell';
import { saveStaffSession, useStaffSession } from '../../store/session';
import './index.scss';

type Field = 'username' | 'password';

export default function StaffLoginPage() {
  const existing = useStaffSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const goHome = () => void Taro.redirectTo({ url: '/staff/home/index' });

  const submit = async () => {
    if (pending) return;
    setError(null);
    const parsed = staffLoginBody.safeParse({ username, password });
    if (!parsed.success) {
      const errors: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const f = issue.path[0];
        if ((f === 'username' || f === 'password') && !errors[f]) errors[f] = issue.message;
      }
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    setPending(true);
    try {
      const result = await staffLogin(parsed.data);
      saveStaffSession(result.token, result.expiresAt, result.staff);
      // The password has done its job; don't keep it in memory behind the next page.
      setPassword('');
      goHome();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <PageShell name='staff-login'>
      <View className='staff-login-head'>
        <Text className='staff-login-head__title'>工作人员登录</Text>
        <Text className='staff-login-head__sub'>仅供海珠区政务服务中心及各部门工作人员使用</Text>
      </View>
      {existing && (
        <View className='hz-alert hz-alert--info' data-testid='staff-login-existing'>
          已登录：{existing.staff.displayName}。
          <Text className='staff-login-link' onClick={goHome}>
            进入工作台
          </Text>
        </View>
      )}
      <View className='hz-card'>
        <FormField
          label='用户名'
          value={username}
          onChange={setUsername}
          error={fieldErrors.username}
          placeholder='单位分配的用户名'
          maxlength={64}
          testId='staff-username'
        />
        <FormField
          label='密码'
          value={password}
          onChange={setPassword}
          error={fieldErrors.password}
          placeholder='请输入密码'
          password
          maxlength={256}
          testId='staff-password'
          onConfirm={() => void submit()}
        />
        {error && (
          <View className='hz-alert' data-testid='staff-login-error'>
            {error.message}
          </View>
        )}
        <BigButton onClick={() => void submit()} loading={pending} loadingText='正在登录…' testId='staff-login-submit'>
          登录
        </BigButton>
      </View>
    </PageShell>
  );
}
