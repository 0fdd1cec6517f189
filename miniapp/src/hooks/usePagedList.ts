import type { Page } from '@haizhu/shared-types';
import { useState } from 'react';
import { type ApiError, toApiError } from '../api/errors';
import { useResource } from './useResource';

export interface PagedList<T> {
  items: T[];
  /** The first page has arrived (it may be empty). */
  loaded: boolean;
  /** First page loading, nothing to show yet. */
  loading: boolean;
  /** The first page failed (nothing to show); a later page's failure is `moreError`. */
  error: ApiError | null;
  /** Back to the first page, fetched again. */
  reload(): void;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: ApiError | null;
  loadMore(): void;
}

/**
 * A cursor-paged list with 加载更多. `key` names what is listed (the filter, the session's token):
 * a new key loads its first page, `null` means nothing to load yet. Later pages are UI state on
 * top of the first page; a new key or a reload resets them.
 */
export function usePagedList<T>(key: string | null, fetchPage: (cursor: string | null) => Promise<Page<T>>): PagedList<T> {
  const [more, setMore] = useState<{ key: string; items: T[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  // Tagged with its key: while a new filter loads, the old results must not pass for its answer.
  const first = useResource(key, () => fetchPage(null).then((page) => ({ key, page })));
  const page = first.data && first.data.key === key ? first.data.page : null;

  // Pages fetched for an earlier key don't belong to this one.
  const mine = more && more.key === key ? more : null;
  const items = [...(page?.items ?? []), ...(mine?.items ?? [])];
  const cursor = mine ? mine.cursor : (page?.nextCursor ?? null);

  const loadMore = () => {
    if (!cursor || loadingMore || key === null) return;
    setLoadingMore(true);
    setMoreError(null);
    fetchPage(cursor).then(
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
