/**
 * Real-time timers that can all be cancelled at once (reset, close), so nothing the simulator
 * scheduled outlives it and close() never waits on a timer.
 */
export class Timers {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  /** Runs `fn` after `ms` unless cancelled; returns the cancel function. */
  schedule(ms: number, fn: () => void): () => void {
    const timer = setTimeout(
      () => {
        this.pending.delete(timer);
        fn();
      },
      Math.min(Math.max(0, ms), 2_147_483_647),
    );
    this.pending.set(timer, () => undefined);
    return () => {
      clearTimeout(timer);
      this.pending.delete(timer);
    };
  }

  /** Resolves after `ms`, or at once when the timers are cleared. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  /** Cancels every timer; pending sleeps resolve. */
  clear(): void {
    for (const [timer, release] of this.pending) {
      clearTimeout(timer);
      release();
    }
    this.pending.clear();
  }
}
