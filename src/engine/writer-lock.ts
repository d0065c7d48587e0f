/**
 * One writer per target, always (DESIGN rule 5): `apply`, `apply PLAN`, local `sync`, `approve`
 * and the daemon take the same per-target lock — a PostgreSQL advisory lock per target, or the
 * SQLite store's lock file — before they plan what they will write. A second writer is refused
 * with who holds the lock; two writers would send every create twice (SmartYard keeps both).
 */
import type { SyncConfig } from '../config/types.js';
import { BillsyncError } from '../model/errors.js';
import type { Logger } from '../util/logger.js';
import { createLeadership } from '../lock/index.js';
import { PostgresLeadership } from '../lock/postgres-leadership.js';

export interface WriterLock {
  readonly targets: readonly string[];
  release(): Promise<void>;
}

/**
 * Takes the lock of every target in `targets` or none: throws LOCKED naming the holder.
 * `onLost` hears of a lock lost while held: a PostgreSQL lock lives as long as its connection,
 * which is watched (a round trip every few seconds) for as long as the lock is held; once it is
 * gone another writer may start, so the holder must stop taking new ops. (The SQLite lock file
 * cannot be lost while this process lives.)
 */
export async function acquireWriterLock(
  config: SyncConfig,
  targets: readonly string[],
  logger: Logger,
  onLost: (target: string, reason: string) => void = () => undefined,
): Promise<WriterLock> {
  const leadership = createLeadership(config.store.url, config.dir, targets, logger);
  // The SQLite lock file refuses by throwing, already naming its owner (pid, host, since).
  await leadership.start({ acquired: () => undefined, lost: onLost }, { watch: leadership.kind === 'postgres' });
  const missing = targets.filter((t) => !leadership.holds(t));
  if (missing.length > 0) {
    const holders = await Promise.all(missing.map(async (t) => `${t} (held by ${(leadership instanceof PostgresLeadership ? await leadership.holderOf(t) : null) ?? 'another billsync process'})`));
    await leadership.close();
    throw new BillsyncError('LOCKED', `another billsync writer holds target ${holders.join(', ')}; two writers would apply the same changes twice`, {
      fix: "wait for it to finish, or stop it; when a daemon runs, send it triggers instead ('billsync sync') or approve held-back changes through it",
    });
  }
  return { targets, release: () => leadership.close() };
}
