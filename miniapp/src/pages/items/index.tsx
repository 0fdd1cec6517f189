import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { SERVICE_MODES, type ServiceMode } from '@haizhu/shared-types';
import { useEffect, useMemo } from 'react';
import type { ItemsFilter } from '../../api/catalog';
import { BigButton } from '../../components/BigButton';
import { ItemResults } from '../../components/catalog';
import { PageShell } from '../../components/PageShell';
import { useItemList } from '../../hooks/useItemList';
import { goPage, routeParam } from '../../utils/navigation';
import './index.scss';

function isMode(value: string | null): value is ServiceMode {
  return value !== null && (SERVICE_MODES as readonly string[]).includes(value);
}

/** A browse list: the items of one life event, department, mode or shelf (`?lifeEvent=` …). */
export default function ItemsPage() {
  const { params } = useRouter();
  const lifeEvent = routeParam(params, 'lifeEvent');
  const department = routeParam(params, 'department');
  const mode = routeParam(params, 'mode');
  const category = routeParam(params, 'category');
  const title = routeParam(params, 'title') ?? category ?? '事项列表';

  const filter = useMemo<ItemsFilter>(() => {
    const f: ItemsFilter = {};
    if (lifeEvent) f.lifeEvent = lifeEvent;
    if (department) f.department = department;
    if (isMode(mode)) f.mode = mode;
    if (category) f.category = category;
    return f;
  }, [lifeEvent, department, mode, category]);
  const list = useItemList(filter);

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title });
  }, [title]);

  return (
    <PageShell
      name='items'
      header={
        <View className='items-header'>
          <Text className='items-header__title' data-testid='items-title'>
            {title}
          </Text>
          <Text className='items-header__hint'>点事项查看办事指南：要带什么、去哪里办、多久办好。</Text>
        </View>
      }
      loading={list.loading}
      loadingText='正在查找事项…'
      error={list.error}
      onRetry={list.reload}
      empty={
        list.loaded && list.items.length === 0
          ? {
              title: '这一类暂时没有事项',
              description: '可以换个分类看看，或直接搜索您要办的事。也可拨打 12345 政务服务便民热线咨询。',
              testId: 'items-empty',
              action: (
                <BigButton variant='secondary' onClick={() => goPage('/pages/search/index')} testId='items-empty-search'>
                  去搜索
                </BigButton>
              ),
            }
          : null
      }
    >
      <ItemResults list={list} testId='items-list' />
    </PageShell>
  );
}
