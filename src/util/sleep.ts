/**
 * Waiting that an abort can cut short, shared by source clients (backoff between retries) and the
 * emulators (latency and slow failures on demand).
 */

/**
 * Resolves after `ms`; rejects with the signal's reason as soon as `signal` aborts (at once when
 * it already has), so a cancelled read does not sit out a long backoff.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
