import { Text, View } from '@tarojs/components';
import type { PagedList } from '../../hooks/usePagedList';
import { BigButton } from '../BigButton';

export interface LoadMoreProps {
  list: Pick<PagedList<unknown>, 'items' | 'hasMore' | 'loadingMore' | 'moreError' | 'loadMore'>;
  /** `<testId>-more-error` on a later page's failure, `<testId>-load-more` on the button (unless `buttonTestId`). */
  testId: string;
  buttonTestId?: string;
  /** The line under a list with nothing more to load, if the page has one. */
  end?: { text: string; className: string };
}

/** Under a paged list: 加载更多 (重试 after a failure, with its message above), or the end line. */
export function LoadMore({ list, testId, buttonTestId, end }: LoadMoreProps) {
  return (
    <>
      {list.moreError && (
        <View className='hz-alert' data-testid={`${testId}-more-error`}>
          {list.moreError.message}
        </View>
      )}
      {list.hasMore ? (
        <BigButton variant='secondary' onClick={list.loadMore} loading={list.loadingMore} loadingText='正在加载…' testId={buttonTestId ?? `${testId}-load-more`}>
          {list.moreError ? '重试加载更多' : '加载更多'}
        </BigButton>
      ) : (
        end && list.items.length > 0 && <Text className={end.className}>{end.text}</Text>
      )}
    </>
  );
}
