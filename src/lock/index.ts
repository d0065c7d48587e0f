/** Picks the leadership for a store URL: advisory locks (PostgreSQL) or a lock file (SQLite). */
import { parseStoreUrl } from '../store/store-url.js';
import type { Logger } from '../util/logger.js';
import { InMemoryLeadership, type Leadership } from './leadership.js';
import { PostgresLeadership } from './postgres-leadership.js';
import { SqliteLockFile } from './sqlite-lock-file.js';

export type { Leadership } from './leadership.js';

/** Default takeover bound on PostgreSQL: how often a follower tries the locks. */
export const DEFAULT_LEADER_POLL_MS = 2000;

export function createLeadership(
  storeUrl: string,
  baseDir: string,
  targets: readonly string[],
  logger: Logger,
  opts: { pollMs?: number } = {},
): Leadership {
  const loc = parseStoreUrl(storeUrl, baseDir);
  if (loc.dialect === 'postgres') return new PostgresLeadership(loc, targets, logger, { pollMs: opts.pollMs ?? DEFAULT_LEADER_POLL_MS });
  if (loc.file === ':memory:') return new InMemoryLeadership(targets);
  return new SqliteLockFile(loc, targets, logger);
}
