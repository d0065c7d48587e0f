/**
 * The one way a command writes to targets: under the per-target writer lock (writer-lock.ts),
 * after marking runs left by dead processes abandoned, and after the preflight. Everything a
 * writer decides — including whether a saved plan is still fresh — happens inside `work`.
 */
import { parseStoreUrl } from '../store/store-url.js';
import { markAbandonedRuns } from './abandoned-runs.js';
import { preflight } from './preflight.js';
import type { Runtime } from './runtime.js';
import { acquireWriterLock } from './writer-lock.js';

/**
 * `work` gets a signal that aborts when the writer lock is lost while it runs (a PostgreSQL
 * lock's connection gone): from then on another writer may start, so an apply must stop taking
 * new ops (applyPlan's signal), as it does on Ctrl-C.
 */
export async function asWriter<T>(rt: Runtime, targets: readonly string[], work: (lockLost: AbortSignal) => Promise<T>, opts: { preflight?: boolean } = {}): Promise<T> {
  const lost = new AbortController();
  const lock = await acquireWriterLock(rt.config, targets, rt.logger, (target, reason) => {
    rt.logger.error({ target, reason }, 'writer lock lost: stopping new ops');
    lost.abort(new LockLostError(target, reason));
  });
  try {
    const loc = parseStoreUrl(rt.config.store.url, rt.config.dir);
    await markAbandonedRuns(rt.store, loc.dialect === 'sqlite', rt.logger);
    if (opts.preflight !== false) await preflight(rt);
    return await work(lost.signal);
  } finally {
    await lock.release();
  }
}

/** Why an apply stopped: its writer lock went away (see asWriter). */
export class LockLostError extends Error {
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`the writer lock of target ${target} was lost (${reason})`);
    this.name = 'LockLostError';
  }
}
