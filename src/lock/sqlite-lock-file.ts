/**
 * Leadership on a SQLite store: one process owns it, through an exclusive lock file next to the
 * database (`state.db.lock`, created with O_EXCL, holding the owner's pid). A second process is
 * refused with the owner's pid and the fix. A lock file whose process is gone (kill -9, power
 * loss) is stale and taken over.
 */
import { openSync, closeSync, writeSync, readFileSync, unlinkSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import { BillsyncError } from '../model/errors.js';
import type { SqliteLocation } from '../store/store-url.js';
import type { Logger } from '../util/logger.js';
import type { Leadership, LeadershipEvents } from './leadership.js';

interface LockContent {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/** Whether a process with this pid exists on this machine. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class SqliteLockFile implements Leadership {
  readonly kind = 'sqlite-file';
  readonly path: string;
  private owned = false;
  private readonly onExit = (): void => this.release();

  constructor(
    private readonly loc: SqliteLocation,
    private readonly targets: readonly string[],
    private readonly logger: Logger,
  ) {
    this.path = `${loc.file}.lock`;
  }

  async start(events: LeadershipEvents): Promise<void> {
    this.acquire(true);
    for (const t of this.targets) events.acquired(t);
  }

  holds(target: string): boolean {
    return this.owned && this.targets.includes(target);
  }

  held(): readonly string[] {
    return this.owned ? this.targets : [];
  }

  async close(): Promise<void> {
    this.release();
  }

  private acquire(mayBreakStale: boolean): void {
    const content: LockContent = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    let fd: number;
    try {
      // A fresh install has no store directory yet: the lock comes before the store creates it.
      mkdirSync(dirname(this.path), { recursive: true });
      fd = openSync(this.path, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new BillsyncError('STORE', `cannot create the lock file ${this.path}: ${(err as Error).message}`, {
          fix: 'make the store directory writable for the user billsync runs as',
          cause: err,
        });
      }
      const owner = this.readOwner();
      if (mayBreakStale && owner && owner.host === hostname() && !processAlive(owner.pid)) {
        this.logger.warn({ lock: this.path, pid: owner.pid }, 'removing a stale store lock: its process is gone');
        unlinkSync(this.path);
        this.acquire(false);
        return;
      }
      throw this.refusal(owner);
    }
    try {
      writeSync(fd, JSON.stringify(content));
    } finally {
      closeSync(fd);
    }
    this.owned = true;
    // Also on process.exit() (the shutdown watchdog): a clean lock is not left to look stale.
    process.once('exit', this.onExit);
  }

  private readOwner(): LockContent | null {
    try {
      const v = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<LockContent>;
      return typeof v.pid === 'number' && typeof v.host === 'string' ? { pid: v.pid, host: v.host, since: String(v.since ?? '?') } : null;
    } catch {
      return null;
    }
  }

  private refusal(owner: LockContent | null): BillsyncError {
    const who = owner
      ? `billsync process ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''} (since ${owner.since})`
      : 'another process (the lock file is unreadable)';
    const stop = owner && owner.host === hostname() ? `stop it first (kill ${owner.pid}) or send it triggers with 'billsync sync'` : 'stop that process first';
    return new BillsyncError('STORE', `the store ${this.loc.display} is in use by ${who}; two processes on one SQLite store would apply the same changes twice`, {
      fix: `${stop}; to run several daemons, share a PostgreSQL store (store.url: postgres://…). If no such process runs, delete ${this.path}`,
    });
  }

  private release(): void {
    if (!this.owned) return;
    this.owned = false;
    process.removeListener('exit', this.onExit);
    try {
      // Only our own lock: never remove one a successor wrote after ours was broken as stale.
      if (this.readOwner()?.pid === process.pid) unlinkSync(this.path);
    } catch {
      // Already gone.
    }
  }
}
