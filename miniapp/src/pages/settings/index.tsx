import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { logoutResident } from '../../auth/logout';
import { BigButton } from '../../components/BigButton';
import { ElderSwitch } from '../../components/ElderSwitch';
import { PageShell } from '../../components/PageShell';
import { APP_VERSION, IS_H5, LOGIN_PROVIDER } from '../../config';
import { getSubscriptions } from '../../api/notification';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { goPage } from '../../utils/navigation';
import './index.scss';

export default function SettingsPage() {
  const session = useResidentSession();
  const [loggingOut, setLoggingOut] = useState(false);
  const subscriptions = useResource(session ? `subscriptions:${session.token}` : null, getSubscriptions);

  const onLogout = async () => {
    setLoggingOut(true);
    await logoutResident();
    setLoggingOut(false);
  };

  return (
    <PageShell name='settings'>
      <Text className='hz-section-title settings-first'>显示</Text>
      <ElderSwitch testId='settings-elder-mode-switch' />

      {session && subscriptions.data && (
        <>
          <Text className='hz-section-title'>消息订阅</Text>
          <View className='hz-card settings-about' data-testid='settings-subscriptions'>
            {subscriptions.data.map((s) => (
              <View className='hz-row' key={s.templateId} data-testid={`settings-subscription-${s.key}`}>
                <Text className='hz-row__label'>{s.title}</Text>
                <Text className='hz-row__value'>{s.kind === 'one_time' && s.status !== 'none' ? `${s.statusName}，可提醒 ${s.credits ?? 0} 次` : s.statusName}</Text>
              </View>
            ))}
            <Text className='settings-about__text'>预约、取号、提交申请、缴费时可选择接收微信消息提醒；长期订阅可在微信“设置 - 订阅消息”中关闭。</Text>
          </View>
        </>
      )}

      <Text className='hz-section-title'>关于</Text>
      <View className='hz-card settings-about' data-testid='settings-about'>
        <View className='hz-row'>
          <Text className='hz-row__label'>名称</Text>
          <Text className='hz-row__value'>海珠政务</Text>
        </View>
        <View className='hz-row'>
          <Text className='hz-row__label'>版本</Text>
          <Text className='hz-row__value' data-testid='settings-version'>
            {APP_VERSION}
          </Text>
        </View>
        <View className='hz-row'>
          <Text className='hz-row__label'>运行环境</Text>
          <Text className='hz-row__value'>{IS_H5 ? `网页版（${LOGIN_PROVIDER === 'wechat-sim' ? '开发' : '正式'}）` : '微信小程序'}</Text>
        </View>
        <Text className='settings-about__text'>
          海珠政务由海珠区政务服务中心提供，用于在手机上预约、取号和办理政务服务事项。
        </Text>
      </View>

      <View className='hz-card settings-links'>
        <View
          className='hz-row hz-row--link'
          data-testid='settings-link-staff'
          hoverClass='settings-row--pressed'
          onClick={() => goPage('/staff/login/index')}
        >
          <Text className='hz-row__label'>工作人员入口</Text>
          <Text className='hz-row__chevron'>›</Text>
        </View>
      </View>

      {session && (
        <BigButton variant='danger' onClick={() => void onLogout()} loading={loggingOut} loadingText='正在退出…' testId='settings-logout'>
          退出登录
        </BigButton>
      )}
    </PageShell>
  );
}
