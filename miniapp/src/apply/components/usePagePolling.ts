import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';

/**
 * Calls `tick` every `intervalMs` while `enabled` and the page is on screen; pauses when another
 * page covers it or the app goes to the background, and ticks at once when it is shown again.
 */
export function usePagePolling(enabled: boolean, intervalMs: number, tick: () => void): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  const [shown, setShown] = useState(true);
  const hidden = useRef(false);

  useDidShow(() => {
    if (hidden.current) tickRef.current();
    hidden.current = false;
    setShown(true);
  });
  useDidHide(() => {
    hidden.current = true;
    setShown(false);
  });

  useEffect(() => {
    if (!enabled || !shown) return undefined;
    const timer = setInterval(() => tickRef.current(), intervalMs);
    return () => clearInterval(timer);
  }, [enabled, shown, intervalMs]);
}
