import { Text, View } from '@tarojs/components';
import { usesSimulator } from '../../auth/provider';
import { useWechatLogin } from '../../auth/useWechatLogin';
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { useResidentSession } from '../../store/session';
import { goBackOr, goTab } from '../../utils/navigation';
import './index.scss';

export default function LoginPage() {
  const session = useResidentSession();
  const { login, pending, error } = useWechatLogin(() => goBackOr('/pages/me/index'));

  return (
    <PageShell name='login'>
      <View className='login-hero'>
        <View className='login-hero__badge'>海珠</View>
        <Text className='login-hero__title'>海珠政务</Text>
        <Text className='login-hero__sub'>海珠区政务服务，在手机上办</Text>
      </View>

      {session ? (
        <View className='hz-card' data-testid='login-already'>
          <Text className='hz-card__title'>您已登录</Text>
          <BigButton onClick={() => goTab('/pages/me/index')} testId='login-go-me'>
            去“我的”
          </BigButton>
        </View>
      ) : (
        <View className='hz-card'>
          <Text className='hz-card__text'>使用微信一键登录。我们只用它确认是您本人，不会获取您的聊天记录和好友信息。</Text>
          <BigButton onClick={() => void login()} loading={pending} loadingText='正在登录，请稍候…' testId='login-button'>
            微信一键登录
          </BigButton>
          {usesSimulator && (
            <Text className='login-note' data-testid='login-sim-note'>
              开发环境：使用微信模拟器登录
            </Text>
          )}
          {error && (
            <View className='hz-alert login-error' data-testid='login-error'>
              {error.message}
            </View>
          )}
        </View>
      )}
    </PageShell>
  );
}
