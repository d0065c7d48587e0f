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

export async function asWriter<T>(rt: Runtime, targets: readonly string[], work: () => Promise<T>, opts: { preflight?: boolean } = {}): Promise<T> {
  const lock = await acquireWriterLock(rt.config, targets, rt.logger);
  try {
    const loc = parseStoreUrl(rt.config.store.url, rt.config.dir);
    await markAbandonedRuns(rt.store, loc.dialect === 'sqlite', rt.logger);
    if (opts.preflight !== false) await preflight(rt);
    return await work();
  } finally {
    await lock.release();
  }
}
