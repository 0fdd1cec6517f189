import type { ItemSummary } from '@haizhu/shared-types';
import { listItems, type ItemsFilter } from '../api/catalog';
import { usePagedList, type PagedList } from './usePagedList';

export type ItemList = PagedList<ItemSummary>;

/** A results list (browse or search) with 加载更多. `filter` null means nothing to load yet (an empty search box). */
export function useItemList(filter: ItemsFilter | null): ItemList {
  return usePagedList(filter ? JSON.stringify(filter) : null, (cursor) => listItems(filter ?? {}, cursor));
}
