/**
 * A run left `running` by a process that died (kill -9, power loss, OOM) is marked `abandoned`
 * by the next writer, so `status` never shows an apply running forever. Ops it committed are in
 * the snapshot; what it did not finish, the next plan plans again.
 */
import { hostname } from 'node:os';
import type { Store } from '../store/store.js';
import { processAlive } from '../lock/sqlite-lock-file.js';
import type { Logger } from '../util/logger.js';

/**
 * @param exclusive the caller holds the whole store (the SQLite lock file): then every run still
 *   marked running is dead. Otherwise (PostgreSQL, shared by several processes) only runs begun
 *   on this host by a process that is gone are.
 */
export async function markAbandonedRuns(store: Store, exclusive: boolean, logger: Logger): Promise<number> {
  const here = hostname();
  let n = 0;
  for (const run of await store.listRunningRuns()) {
    const [pid, host] = splitOwner(run.owner);
    const dead = exclusive ? pid !== process.pid : host === here && pid !== null && pid !== process.pid && !processAlive(pid);
    if (!dead) continue;
    await store.finishRun(run.id, 'abandoned', run.counts);
    logger.warn({ run: run.id, owner: run.owner, startedAt: run.startedAt }, 'a run left unfinished by a process that is gone was marked abandoned; the next plan picks up what it did not do');
    n++;
  }
  return n;
}

function splitOwner(owner: string | null): [number | null, string | null] {
  if (!owner) return [null, null];
  const at = owner.indexOf('@');
  const pid = Number(owner.slice(0, at));
  return [Number.isInteger(pid) ? pid : null, owner.slice(at + 1)];
}
