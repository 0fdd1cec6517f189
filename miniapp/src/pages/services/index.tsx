import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { BigButton } from '../../components/BigButton';
import { EmptyState, PageShell } from '../../components/PageShell';
import { UPCOMING_FEATURES, goTab, takeRequestedFeature, type UpcomingFeature } from '../../utils/navigation';
import './index.scss';

const ORDER: UpcomingFeature[] = ['supermarket', 'appointment', 'queue', 'applications'];

/** An honest placeholder until the catalog and booking features land: no made-up listings. */
export default function ServicesPage() {
  const [requested, setRequested] = useState<UpcomingFeature | null>(null);

  useDidShow(() => setRequested(takeRequestedFeature()));

  return (
    <PageShell name='services'>
      {requested && (
        <View className='hz-alert hz-alert--info' data-testid='services-requested'>
          您选择的「{UPCOMING_FEATURES[requested].title}」即将开放，敬请期待。
        </View>
      )}
      <View className='hz-card'>
        <EmptyState
          testId='services-empty'
          title='民生服务超市正在建设中'
          description='事项查询、预约办事、取号排队等功能即将开放。现在可以先登录并完成实名认证，开放后就能直接办理。'
          action={
            <BigButton variant='secondary' onClick={() => goTab('/pages/me/index')} testId='services-go-me'>
              去“我的”登录和实名认证
            </BigButton>
          }
        />
      </View>

      <Text className='hz-section-title'>即将开放</Text>
      <View className='hz-card services-list'>
        {ORDER.map((f) => (
          <View key={f} className={`hz-row${requested === f ? ' services-list__row--requested' : ''}`} data-testid={`services-upcoming-${f}`}>
            <View className='services-list__label'>
              <Text className='services-list__title'>{UPCOMING_FEATURES[f].title}</Text>
              <Text className='services-list__desc'>{UPCOMING_FEATURES[f].description}</Text>
            </View>
            <Text className='hz-tag hz-tag--warning'>即将开放</Text>
          </View>
        ))}
      </View>
    </PageShell>
  );
}
