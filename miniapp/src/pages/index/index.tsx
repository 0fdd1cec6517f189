import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';
import { getMe } from '../../api/me';
import { BigButton } from '../../components/BigButton';
import { ElderSwitch } from '../../components/ElderSwitch';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { useResidentSession } from '../../store/session';
import { greetingNow } from '../../utils/datetime';
import { goPage, goTab } from '../../utils/navigation';
import './index.scss';

interface Tile {
  testId: string;
  mark: string;
  title: string;
  description: string;
  open(): void;
}

const TILES: Tile[] = [
  {
    testId: 'home-tile-supermarket',
    mark: '超',
    title: '民生服务超市',
    description: '查找事项、看办事指南',
    open: () => goTab('/pages/services/index'),
  },
  {
    testId: 'home-tile-appointment',
    mark: '约',
    title: '预约办事',
    description: '预约到大厅办理的时间',
    open: () => goPage('/pages/book/index'),
  },
  {
    testId: 'home-tile-queue',
    mark: '号',
    title: '取号排队',
    description: '在手机上取号、看排队',
    open: () => goPage('/pages/queue/index'),
  },
  {
    testId: 'home-tile-applications',
    mark: '件',
    title: '我的办件',
    description: '在线申办、查看办理进度',
    open: () => goPage('/apply/cases/index'),
  },
];

export default function HomePage() {
  const session = useResidentSession();
  const profile = useResource(session ? session.token : null, getMe);
  const shown = useRef(false);

  // Coming back from 实名认证 should drop the prompt without a manual refresh.
  useDidShow(() => {
    if (shown.current && session) profile.reload();
    shown.current = true;
  });

  return (
    <PageShell name='index'>
      <View className='home-header'>
        <Text className='home-header__greeting' data-testid='home-greeting'>
          {greetingNow()}！
        </Text>
        <Text className='home-header__sub'>欢迎使用海珠政务，在手机上办事</Text>
      </View>

      <ElderSwitch />

      {!session && (
        <View className='hz-card home-prompt' data-testid='home-login-card'>
          <Text className='hz-card__title'>登录后办事更方便</Text>
          <Text className='hz-card__text'>使用微信一键登录，查看您本人的信息和办事记录。</Text>
          <BigButton onClick={() => goPage('/pages/login/index')} testId='home-login-button'>
            微信一键登录
          </BigButton>
        </View>
      )}

      {session && profile.data && !profile.data.realNameVerified && (
        <View className='hz-card hz-card--notice home-prompt' data-testid='home-real-name-card'>
          <Text className='hz-card__title'>还差一步：实名认证</Text>
          <Text className='hz-card__text'>办理政务服务需要先确认是您本人。只需填写姓名和身份证号。</Text>
          <BigButton onClick={() => goPage('/pages/real-name/index')} testId='home-real-name-button'>
            去实名认证
          </BigButton>
        </View>
      )}

      {session && profile.loading && !profile.data && (
        <View className='home-inline-status' data-testid='home-profile-loading'>
          <View className='hz-spinner hz-spinner--small' />
          <Text className='home-inline-status__text'>正在读取您的账户信息…</Text>
        </View>
      )}

      {session && profile.error && (
        <View className='hz-card' data-testid='home-profile-error'>
          <Text className='hz-card__title'>暂时无法读取您的账户信息</Text>
          <Text className='hz-card__text'>{profile.error.message}</Text>
          <BigButton variant='secondary' onClick={profile.reload} testId='home-profile-retry'>
            重试
          </BigButton>
        </View>
      )}

      <Text className='hz-section-title'>常用服务</Text>
      <View className='home-tiles'>
        {TILES.map((tile) => (
          <View key={tile.testId} className='home-tile' data-testid={tile.testId} hoverClass='home-tile--pressed' onClick={tile.open}>
            <View className='home-tile__mark'>{tile.mark}</View>
            <View className='home-tile__body'>
              <Text className='home-tile__title'>{tile.title}</Text>
              <Text className='home-tile__desc'>{tile.description}</Text>
            </View>
          </View>
        ))}
      </View>
    </PageShell>
  );
}
