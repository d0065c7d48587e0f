import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteLockFile } from '../../../src/lock/sqlite-lock-file.js';
import { silentLogger } from '../../../src/util/logger.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const noop = { acquired: () => undefined, lost: () => undefined };

function lockFor(): { lock: () => SqliteLockFile; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'billsync-lock-'));
  dirs.push(dir);
  const file = join(dir, 'state.db');
  return { lock: () => new SqliteLockFile({ dialect: 'sqlite', file, display: `sqlite:${file}` }, ['smarty'], silentLogger()), path: `${file}.lock` };
}

describe('SqliteLockFile', () => {
  it('holds the store, refuses a second holder with the pid and the fix, and cleans up', async () => {
    const { lock, path } = lockFor();
    const first = lock();
    const acquired: string[] = [];
    await first.start({ acquired: (t) => acquired.push(t), lost: () => undefined });
    expect(acquired).toEqual(['smarty']);
    expect(first.holds('smarty')).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    const err = await lock().start(noop).catch((e: { message: string; fix: string }) => e);
    expect(err).toMatchObject({ code: 'STORE' });
    expect((err as { message: string }).message).toContain(`in use by billsync process ${process.pid}`);
    expect((err as { fix: string }).fix).toContain(`kill ${process.pid}`);
    await first.close();
    expect(existsSync(path)).toBe(false);
    expect(first.holds('smarty')).toBe(false);
  });

  it('takes over a stale lock whose process is gone', async () => {
    const { lock, path } = lockFor();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(path, JSON.stringify({ pid: Number(dead), host: hostname(), since: 'earlier' }));
    const l = lock();
    await l.start(noop);
    expect(l.holds('smarty')).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    await l.close();
  });
});
