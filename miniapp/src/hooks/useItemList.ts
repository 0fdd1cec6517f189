import type { ItemSummary } from '@haizhu/shared-types';
import { useState } from 'react';
import { listItems, type ItemsFilter } from '../api/catalog';
import { type ApiError, toApiError } from '../api/errors';
import { useResource } from './useResource';

export interface ItemList {
  items: ItemSummary[];
  /** The first page has arrived (it may be empty). */
  loaded: boolean;
  /** First page loading, nothing to show yet. */
  loading: boolean;
  error: ApiError | null;
  reload(): void;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: ApiError | null;
  loadMore(): void;
}

/**
 * A results list (browse or search) with 加载更多. `filter` null means nothing to load yet (an
 * empty search box). Later pages are UI state on top of the first page; a new filter resets them.
 */
export function useItemList(filter: ItemsFilter | null): ItemList {
  const key = filter ? JSON.stringify(filter) : null;
  const [more, setMore] = useState<{ key: string; items: ItemSummary[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  // Tagged with its key: while a new search loads, the old results must not pass for its answer.
  const first = useResource(key, () => listItems(filter ?? {}).then((page) => ({ key, page })));
  const page = first.data && first.data.key === key ? first.data.page : null;

  // Pages fetched for an earlier filter don't belong to this one.
  const mine = more && more.key === key ? more : null;
  const items = [...(page?.items ?? []), ...(mine?.items ?? [])];
  const cursor = mine ? mine.cursor : (page?.nextCursor ?? null);

  const loadMore = () => {
    if (!cursor || loadingMore || !key || !filter) return;
    setLoadingMore(true);
    setMoreError(null);
    listItems(filter, cursor).then(
      (next) => {
        setMore((prev) => ({ key, items: [...(prev && prev.key === key ? prev.items : []), ...next.items], cursor: next.nextCursor }));
        setLoadingMore(false);
      },
      (e: unknown) => {
        setMoreError(toApiError(e));
        setLoadingMore(false);
      },
    );
  };

  const reload = () => {
    setMore(null);
    setMoreError(null);
    first.reload();
  };

  return {
    items,
    loaded: page !== null,
    loading: first.loading && page === null,
    error: page ? null : first.error,
    reload,
    hasMore: cursor !== null,
    loadingMore,
    moreError,
    loadMore,
  };
}
