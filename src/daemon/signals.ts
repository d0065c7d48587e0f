/**
 * SIGTERM / SIGINT → graceful shutdown; a second signal while shutting down exits at once
 * (the operator insisted), saying so.
 */
import type { Logger } from '../util/logger.js';

/** Installs the handlers; returns their removal. */
export function onShutdownSignals(shutdown: (reason: string) => void, logger: Logger, exit: (code: number) => void = (c) => process.exit(c)): () => void {
  let seen = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (seen) {
      logger.error({ signal }, 'second signal during shutdown; exiting now (in-flight ops may be retried by the next run)');
      exit(1);
      return;
    }
    seen = true;
    shutdown(`received ${signal}`);
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}
