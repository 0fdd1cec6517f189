import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { listPendingEvaluations } from '../../api/evaluation';
import { getMe } from '../../api/me';
import { usesSimulator } from '../../auth/provider';
import { logoutResident } from '../../auth/logout';
import { useWechatLogin } from '../../auth/useWechatLogin';
import { BigButton } from '../../components/BigButton';
import { ErrorState, LoadingState, PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useResidentSession, useResidentSessionExpired } from '../../store/session';
import { goPage } from '../../utils/navigation';
import { PhoneBinding } from './components/PhoneBinding';
import './index.scss';

function LinkRow({ label, url, testId, badge }: { label: string; url: string; testId: string; badge?: string | null }) {
  return (
    <View className='hz-row hz-row--link' data-testid={testId} hoverClass='me-row--pressed' onClick={() => goPage(url)}>
      <Text className='hz-row__label'>{label}</Text>
      {badge && (
        <Text className='hz-tag hz-tag--warning me-row__badge' data-testid={`${testId}-badge`}>
          {badge}
        </Text>
      )}
      <Text className='hz-row__chevron'>›</Text>
    </View>
  );
}

export default function MePage() {
  const session = useResidentSession();
  const expired = useResidentSessionExpired();
  const profile = useResource(session ? session.token : null, getMe);
  const toRate = useResource(session ? session.token : null, listPendingEvaluations);
  const { login, pending, error } = useWechatLogin();
  const [loggingOut, setLoggingOut] = useState(false);
  const shown = useRef(false);

  useDidShow(() => {
    if (shown.current && session) {
      profile.reload();
      toRate.reload();
    }
    shown.current = true;
  });

  const onLogout = async () => {
    setLoggingOut(true);
    await logoutResident();
    setLoggingOut(false);
  };

  if (!session) {
    return (
      <PageShell name='me'>
        {expired && (
          <View className='hz-alert' data-testid='me-session-expired'>
            登录已过期，请重新登录。
          </View>
        )}
        <View className='hz-card me-login'>
          <Text className='me-login__title'>登录海珠政务</Text>
          <Text className='hz-card__text'>登录后可以实名认证、绑定手机号，查看谁查看过您的信息。</Text>
          <BigButton onClick={() => void login()} loading={pending} loadingText='正在登录…' testId='me-login-button'>
            微信一键登录
          </BigButton>
          {usesSimulator && (
            <Text className='me-login__note' data-testid='me-sim-note'>
              开发环境：使用微信模拟器登录
            </Text>
          )}
          {error && (
            <View className='hz-alert me-login__error' data-testid='me-login-error'>
              {error.message}
            </View>
          )}
        </View>
        <View className='hz-card me-links'>
          <LinkRow label='设置' url='/pages/settings/index' testId='me-link-settings' />
          <LinkRow label='工作人员入口' url='/staff/login/index' testId='me-link-staff' />
        </View>
      </PageShell>
    );
  }

  const p = profile.data;
  return (
    <PageShell name='me' requireLogin='resident'>
      <View className='hz-card' data-testid='me-profile'>
        <Text className='hz-card__title'>我的信息</Text>
        {!p && profile.loading && <LoadingState text='正在读取您的信息…' />}
        {!p && profile.error && <ErrorState error={profile.error} onRetry={profile.reload} />}
        {p && (
          <View>
            <View className='hz-row'>
              <Text className='hz-row__label'>姓名</Text>
              <Text className='hz-row__value' data-testid='profile-name'>
                {p.name ?? '未实名'}
              </Text>
            </View>
            <View className='hz-row'>
              <Text className='hz-row__label'>身份证号</Text>
              <Text className='hz-row__value' data-testid='profile-id-number'>
                {p.idNumber ?? '未填写'}
              </Text>
            </View>
            <View className='hz-row'>
              <Text className='hz-row__label'>手机号</Text>
              <Text className='hz-row__value' data-testid='profile-phone'>
                {p.phone ?? '未绑定'}
              </Text>
            </View>
            <View className='hz-row'>
              <Text className='hz-row__label'>实名认证</Text>
              <Text
                className={`hz-tag ${p.realNameVerified ? 'hz-tag--success' : 'hz-tag--warning'}`}
                data-testid='profile-real-name-status'
              >
                {p.realNameVerified ? '已实名' : '未实名'}
              </Text>
            </View>
            {!p.realNameVerified && (
              <View className='me-action'>
                <BigButton onClick={() => goPage('/pages/real-name/index')} testId='me-real-name-button'>
                  实名认证
                </BigButton>
              </View>
            )}
            {!p.phoneBound && (
              <View className='me-action'>
                <PhoneBinding onBound={profile.reload} />
              </View>
            )}
          </View>
        )}
      </View>

      <View className='hz-card me-links'>
        <LinkRow label='我的办件' url='/apply/cases/index' testId='me-link-applications' />
        <LinkRow label='收件地址' url='/apply/addresses/index' testId='me-link-addresses' />
        <LinkRow label='我的预约' url='/pages/appointments/index' testId='me-link-appointments' />
        <LinkRow label='我的咨询' url='/consult/list/index' testId='me-link-consultations' />
        <LinkRow label='我的评价' url='/evaluate/mine/index' testId='me-link-evaluations' badge={toRate.data?.length ? `${toRate.data.length} 条待评价` : null} />
        <LinkRow label='我的排队号' url='/pages/queue/index' testId='me-link-tickets' />
        <LinkRow label='谁查看了我的信息' url='/pages/data-access-log/index' testId='me-link-access-log' />
        <LinkRow label='设置' url='/pages/settings/index' testId='me-link-settings' />
      </View>

      <BigButton variant='danger' onClick={() => void onLogout()} loading={loggingOut} loadingText='正在退出…' testId='me-logout'>
        退出登录
      </BigButton>
    </PageShell>
  );
}
