import { Text, View } from '@tarojs/components';
import type { ItemList } from '../../hooks/useItemList';
import { LoadMore } from '../LoadMore';
import { ItemCard } from './ItemCard';

/** The cards of a results list, 加载更多 with its own error, and an end line. */
export function ItemResults({ list, testId }: { list: ItemList; testId: string }) {
  return (
    <View data-testid={testId}>
      {list.items.map((item) => (
        <ItemCard key={item.itemCode} item={item} />
      ))}
      <LoadMore list={list} testId={testId} buttonTestId={`${testId}-more`} end={{ text: '已显示全部事项', className: 'hz-footnote hz-footnote--center' }} />
      {list.items.length > 0 && <Text className='hz-footnote'>跑动次数、办理时限以事项指南和窗口告知为准。</Text>}
    </View>
  );
}
