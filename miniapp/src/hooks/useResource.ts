import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiError, toApiError } from '../api/errors';

export interface Resource<T> {
  data: T | null;
  error: ApiError | null;
  /** True while a load runs, including a reload with data already shown. */
  loading: boolean;
  reload(): void;
}

/**
 * Server data for a page, kept apart from the page's own UI state. `key` names what to load: a
 * change (e.g. the token) reloads; `null` means "nothing to load" (logged out) and clears the data.
 */
export function useResource<T>(key: string | null, load: () => Promise<T>): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(key !== null);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(() => {
    const mine = ++generation.current;
    if (key === null) {
      setData(null);
      setError(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    setError(null);
    loadRef.current().then(
      (value) => {
        // A newer load (or logout) started meanwhile: its answer wins.
        if (mine !== generation.current) return;
        setData(value);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setError(toApiError(e));
        setLoading(false);
      },
    );
  }, [key]);

  useEffect(run, [run]);

  return { data, error, loading, reload: run };
}
