import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { useResource, type Resource } from './useResource';

/**
 * Calls `tick` every `intervalMs` while the page is on screen and `enabled`; stops when the page
 * is hidden (another page on top, the app in the background) or unloaded, and ticks once at
 * once when it comes back, so what the person sees is never older than one interval.
 */
export function usePolling(enabled: boolean, intervalMs: number, tick: () => void): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  const [shown, setShown] = useState(true);
  const hiddenOnce = useRef(false);

  useDidShow(() => {
    if (hiddenOnce.current) tickRef.current();
    setShown(true);
  });
  useDidHide(() => {
    hiddenOnce.current = true;
    setShown(false);
  });

  useEffect(() => {
    if (!enabled || !shown) return undefined;
    const timer = setInterval(() => tickRef.current(), intervalMs);
    return () => clearInterval(timer);
  }, [enabled, shown, intervalMs]);
}

export interface LiveResource<T> extends Resource<T> {
  /** When the data shown last arrived (ms), for a "last updated" line. */
  updatedAt: number | null;
}

/**
 * Server data that keeps itself fresh: loaded like useResource, then reloaded every `intervalMs`
 * while `live(data)` says it can still change and the page is shown. A failed refresh keeps the
 * last data (the page says the update failed) rather than blanking the screen.
 */
export function useLiveResource<T>(key: string | null, load: () => Promise<T>, intervalMs: number, live: (data: T | null) => boolean = () => true): LiveResource<T> {
  const resource = useResource(key, load);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);

  useEffect(() => {
    if (resource.data !== null) setUpdatedAt(Date.now());
  }, [resource.data]);

  usePolling(key !== null && live(resource.data), intervalMs, () => {
    // One request at a time: a slow answer is not overtaken by the next tick.
    if (!resource.loading) resource.reload();
  });

  return { ...resource, updatedAt };
}
