import Taro from '@tarojs/taro';
import { useEffect, useRef } from 'react';

/** Back to the top whenever `step` changes (not on the first render): each step starts with its question. */
export function useScrollTopOnChange(step: unknown): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    scrollToTop();
  }, [step]);
}

export function scrollToTop(): void {
  Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
}
