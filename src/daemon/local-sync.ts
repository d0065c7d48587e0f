/**
 * `billsync sync` without a daemon: the same one-subscriber plan-and-apply, in this process,
 * under the same leadership rules — refused on a SQLite store another process owns, and skipped
 * for targets another daemon leads on PostgreSQL.
 */
import type { SyncConfig } from '../config/types.js';
import { openRuntime } from '../engine/runtime.js';
import { BillsyncError } from '../model/errors.js';
import type { Logger } from '../util/logger.js';
import { createLeadership } from '../lock/index.js';
import { reconcileTarget } from './reconcile-target.js';
import type { WorkerRun } from './target-worker.js';
import { triggerStatus, type TriggerResult } from './trigger.js';

export async function syncLocally(config: SyncConfig, source: string, id: string, logger: Logger): Promise<TriggerResult> {
  const rt = await openRuntime(config, { logger });
  try {
    const fed = [...new Set(rt.mappings.filter((m) => m.source === source).map((m) => m.target))];
    if (fed.length === 0) {
      const known = [...new Set(rt.mappings.map((m) => m.source))];
      throw new BillsyncError('USAGE', `no mapping reads source '${source}'`, { fix: `use one of: ${known.join(', ')}` });
    }
    const leadership = createLeadership(config.store.url, config.dir, fed, logger);
    await leadership.start({ acquired: () => undefined, lost: () => undefined }, { watch: false });
    try {
      const signal = new AbortController().signal;
      const runs: WorkerRun[] = [];
      for (const target of fed) {
        if (!leadership.holds(target)) {
          runs.push({ target, status: 'skipped', reason: `a billsync daemon leads target ${target}; send the trigger to it (billsync sync --daemon http://HOST:PORT)` });
          continue;
        }
        const log = logger.child({ target, subscriber: `${source}:${id}` });
        try {
          runs.push(await reconcileTarget(rt, target, { only: [{ source, id }], signal, logger: log }));
        } catch (err) {
          if (!(err instanceof BillsyncError)) throw err;
          runs.push({ target, status: 'error', reason: err.message });
        }
      }
      return { source, id, status: triggerStatus(runs), targets: runs };
    } finally {
      await leadership.close();
    }
  } finally {
    await rt.close();
  }
}
