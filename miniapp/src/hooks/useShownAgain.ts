import { useDidHide, useDidShow } from '@tarojs/taro';
import { useRef } from 'react';

/**
 * Calls `fn` when the page shows again after being hidden (back from a page opened on top of it,
 * the app back from the background), not on the first show: what it loaded may have moved on there.
 */
export function useShownAgain(fn: () => void): void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  // A flag set on hide rather than "skip the first show": a card may mount after its page's first show.
  const hidden = useRef(false);
  useDidHide(() => {
    hidden.current = true;
  });
  useDidShow(() => {
    if (hidden.current) fnRef.current();
    hidden.current = false;
  });
}
