import { Text, View } from '@tarojs/components';
import type { ItemList } from '../../hooks/useItemList';
import { BigButton } from '../BigButton';
import { ItemCard } from './ItemCard';

/** The cards of a results list, 加载更多 with its own error, and an end line. */
export function ItemResults({ list, testId }: { list: ItemList; testId: string }) {
  return (
    <View data-testid={testId}>
      {list.items.map((item) => (
        <ItemCard key={item.itemCode} item={item} />
      ))}
      {list.moreError && (
        <View className='hz-alert' data-testid={`${testId}-more-error`}>
          {list.moreError.message}
        </View>
      )}
      {list.hasMore ? (
        <BigButton variant='secondary' onClick={list.loadMore} loading={list.loadingMore} loadingText='正在加载…' testId={`${testId}-more`}>
          {list.moreError ? '重试加载更多' : '加载更多'}
        </BigButton>
      ) : (
        list.items.length > 0 && <Text className='hz-footnote hz-footnote--center'>已显示全部事项</Text>
      )}
      {list.items.length > 0 && <Text className='hz-footnote'>跑动次数、办理时限以事项指南和窗口告知为准。</Text>}
    </View>
  );
}
