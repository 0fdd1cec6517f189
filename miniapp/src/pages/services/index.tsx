import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { getMarket, type MarketResult } from '../../api/catalog';
import { ItemCard, LinkRow } from '../../components/catalog';
import { PageShell } from '../../components/PageShell';
import { useResource } from '../../hooks/useResource';
import { UPCOMING_FEATURES, goPage, pageUrl, takeRequestedFeature, type UpcomingFeature } from '../../utils/navigation';
import './index.scss';

// Every feature of the tiles is open now; the list is kept for the next ones (缴费, 寄递).
const UPCOMING: UpcomingFeature[] = [];

// One plain line under each mode, so 马上办 and 一次办 mean something to a first-time visitor.
const MODE_HINTS: Record<string, string> = {
  immediate: '当场办结',
  online: '手机上办',
  one_visit: '最多跑一次',
  nearby: '街道就近办',
  self_service: '自助机办理',
};

function itemsUrl(filter: 'lifeEvent' | 'department' | 'mode', code: string, title: string): string {
  return pageUrl('/pages/items/index', { [filter]: code, title });
}

function SearchEntry() {
  return (
    <View className='market-search' data-testid='market-search' hoverClass='market-search--pressed' onClick={() => goPage('/pages/search/index')}>
      <Text className='market-search__icon'>搜</Text>
      <Text className='market-search__placeholder'>搜事项，如“社保卡”“生孩子”</Text>
    </View>
  );
}

function Market({ market }: { market: MarketResult }) {
  return (
    <View>
      <Text className='hz-section-title'>按人生事件找</Text>
      <View className='market-grid' data-testid='market-life-events'>
        {market.lifeEvents.map((e) => (
          <View
            key={e.code}
            className='market-grid__cell'
            data-testid='market-life-event'
            data-code={e.code}
            hoverClass='market-grid__cell--pressed'
            onClick={() => goPage(itemsUrl('lifeEvent', e.code, e.name))}
          >
            <Text className='market-grid__name'>{e.name}</Text>
          </View>
        ))}
      </View>

      <Text className='hz-section-title'>按办理方式找</Text>
      <View className='market-modes' data-testid='market-modes'>
        {market.modes.map((m) => (
          <View
            key={m.code}
            className='market-modes__cell'
            data-testid='market-mode'
            data-code={m.code}
            hoverClass='market-grid__cell--pressed'
            onClick={() => goPage(itemsUrl('mode', m.code, m.name))}
          >
            <Text className='market-modes__name'>{m.name}</Text>
            <Text className='market-modes__hint'>{MODE_HINTS[m.code] ?? ''}</Text>
          </View>
        ))}
      </View>

      {market.hotItems.length > 0 && (
        <View data-testid='market-hot-items'>
          <Text className='hz-section-title'>大家常办</Text>
          {market.hotItems.map((item) => (
            <ItemCard key={item.itemCode} item={item} />
          ))}
        </View>
      )}

      {market.bundles.length > 0 && (
        <View>
          <Text className='hz-section-title'>一件事，一次办</Text>
          <View className='hz-card market-list' data-testid='market-bundles'>
            <Text className='market-list__intro'>相关的几个事项合在一起办，材料只交一次。</Text>
            {market.bundles.map((b) => (
              <LinkRow key={b.code} title={b.name} testId='market-bundle' code={b.code} onClick={() => goPage(pageUrl('/pages/bundle/index', { code: b.code }))} />
            ))}
          </View>
        </View>
      )}

      <Text className='hz-section-title'>按部门找</Text>
      <View className='hz-card market-list' data-testid='market-departments'>
        {market.departments
          .filter((d) => d.itemCount > 0)
          .map((d) => (
            <LinkRow
              key={d.code}
              title={d.shortName ?? d.name}
              sub={`${d.itemCount}个事项`}
              testId='market-department'
              code={d.code}
              onClick={() => goPage(itemsUrl('department', d.code, d.shortName ?? d.name))}
            />
          ))}
      </View>

      <Text className='hz-section-title'>到大厅办</Text>
      <View className='hz-card market-list'>
        <LinkRow title='预约办事' sub='选好大厅和时间，到了签到就办' testId='market-book' onClick={() => goPage('/pages/book/index')} />
        <LinkRow title='取号排队' sub='在手机上取号，看前面还有几人' testId='market-queue' onClick={() => goPage('/pages/queue/index')} />
        <LinkRow title='服务大厅' sub='区政务服务中心、分中心和18个街道中心的时间与窗口' testId='market-halls' onClick={() => goPage('/pages/halls/index')} />
      </View>
    </View>
  );
}

/** The 民生服务超市: search, then browse by life event, mode, department; 一件事; halls. */
export default function ServicesPage() {
  const [requested, setRequested] = useState<UpcomingFeature | null>(null);
  const market = useResource('market', getMarket);

  useDidShow(() => setRequested(takeRequestedFeature()));

  return (
    <PageShell
      name='services'
      header={
        <View>
          {requested && (
            <View className='hz-alert hz-alert--info' data-testid='services-requested'>
              您选择的「{UPCOMING_FEATURES[requested].title}」即将开放，敬请期待。现在可以先查事项、看办事指南。
            </View>
          )}
          <SearchEntry />
        </View>
      }
      loading={market.loading && !market.data}
      loadingText='正在打开民生服务超市…'
      error={market.data ? null : market.error}
      onRetry={market.reload}
    >
      {market.data && <Market market={market.data} />}

      <Text className='hz-section-title'>即将开放</Text>
      <View className='hz-card services-list'>
        {UPCOMING.map((f) => (
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
