/**
 * SIGINT / SIGTERM during an apply: stop taking new ops, let the ops in flight finish and commit
 * (up to `graceMs`), record the run as interrupted, exit 130. A second signal — or the grace
 * running out — exits at once; the run is then marked abandoned by the next writer.
 */
export interface Interruption {
  readonly signal: AbortSignal;
  /** The signal's name once one arrived. */
  readonly received: () => string | null;
  dispose(): void;
}

export function onInterrupt(opts: { graceMs: number; onForcedExit: (why: string) => void; exit?: (code: number) => void }): Interruption {
  const controller = new AbortController();
  const exit = opts.exit ?? ((c: number) => process.exit(c));
  let received: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  const handler = (signal: NodeJS.Signals): void => {
    if (received !== null) {
      opts.onForcedExit(`second ${signal}: exiting now; ops in flight may be retried by the next apply`);
      exit(130);
      return;
    }
    received = signal;
    controller.abort(new Error(`received ${signal}`));
    timer = setTimeout(() => {
      opts.onForcedExit(`ops in flight did not finish within ${Math.round(opts.graceMs / 1000)} s of ${signal}: exiting now; the next apply retries them`);
      exit(130);
    }, opts.graceMs);
    timer.unref();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    received: () => received,
    dispose() {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
