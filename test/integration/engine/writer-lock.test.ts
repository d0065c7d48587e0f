/**
 * One writer per target: the lock apply, approve and the daemon share refuses a second writer
 * and names the holder — on SQLite (the store's lock file) and on PostgreSQL (advisory locks,
 * holder read from pg_locks). On a fresh install the lock's directory does not exist yet.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acquireWriterLock, type WriterLock } from '../../../src/engine/writer-lock.js';
import type { SyncConfig } from '../../../src/config/types.js';
import { BillsyncError } from '../../../src/model/errors.js';
import { silentLogger } from '../../../src/util/logger.js';

const PG_URL = process.env.BILLSYNC_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const configFor = (url: string, dir: string): SyncConfig => ({ store: { url }, dir } as unknown as SyncConfig);

const held: WriterLock[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const l of held.splice(0)) await l.release();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function refusal(config: SyncConfig, targets: string[]): Promise<BillsyncError> {
  const err = await acquireWriterLock(config, targets, silentLogger()).then(
    (l) => {
      held.push(l);
      return null;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BillsyncError);
  return err as BillsyncError;
}

describe('writer lock', () => {
  it('SQLite: takes the lock on a fresh install (no store directory yet) and refuses a second writer by pid and host', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'billsync-lock-'));
    dirs.push(dir);
    const config = configFor('sqlite:.billsync/state.db', dir);
    held.push(await acquireWriterLock(config, ['smarty'], silentLogger()));
    const err = await refusal(config, ['smarty']);
    expect(err.code).toBe('STORE');
    expect(err.message).toContain(`billsync process ${process.pid}`);
    expect(err.message).toContain('since');
  });

  it('PostgreSQL: a second writer of the same target is refused naming the holder; other targets are free', async () => {
    const schema = `wlock_${process.pid}_${Date.now().toString(36)}`;
    const config = configFor(`${PG_URL}?schema=${schema}`, '/');
    held.push(await acquireWriterLock(config, ['smarty', 'yard'], silentLogger()));
    const err = await refusal(config, ['yard']);
    expect(err.code).toBe('LOCKED');
    expect(err.message).toContain(`held by billsync pid ${process.pid} on ${hostname()}`.slice(0, 60));
    held.push(await acquireWriterLock(config, ['smotreshka'], silentLogger()));
  });

  it('PostgreSQL: a lock lost while held (its connection killed) is told to the holder, which must stop writing', async () => {
    const schema = `wlost_${process.pid}_${Date.now().toString(36)}`;
    const config = configFor(`${PG_URL}?schema=${schema}`, '/');
    const lost: string[] = [];
    held.push(await acquireWriterLock(config, ['smarty'], silentLogger(), (target, reason) => lost.push(`${target}: ${reason}`)));
    expect(lost).toEqual([]);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      // What a failover, a network cut or an administrator does to the holder's session.
      const { rowCount } = await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name like $1", [`billsync pid ${process.pid} on %`]);
      expect(rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await vi.waitFor(() => expect(lost).toEqual([expect.stringMatching(/^smarty: leadership connection/)]), { timeout: 20_000, interval: 100 });
    // Another writer may now take it.
    held.push(await acquireWriterLock(config, ['smarty'], silentLogger()));
  }, 30_000);
});
