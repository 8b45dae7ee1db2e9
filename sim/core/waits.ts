// Latency waits that a closing simulator releases at once, so no request handler stays parked after close.
export interface ReleasableWaits {
  /** Resolves after `ms` (at once for 0, and once released). */
  wait(ms: number): Promise<void>;
  /** Resolves every pending wait now; later waits resolve at once. */
  releaseAll(): void;
}

export function releasableWaits(): ReleasableWaits {
  const waiting = new Map<NodeJS.Timeout, () => void>();
  let released = false;
  return {
    wait: (ms) =>
      ms <= 0 || released
        ? Promise.resolve()
        : new Promise((resolve) => {
            const timer = setTimeout(() => {
              waiting.delete(timer);
              resolve();
            }, ms);
            waiting.set(timer, resolve);
          }),
    releaseAll() {
      released = true;
      for (const [timer, release] of waiting) {
        clearTimeout(timer);
        release();
      }
      waiting.clear();
    },
  };
}
