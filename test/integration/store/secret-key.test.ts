/**
 * X1: where the store's digest key lives. SQLite: a file beside the database, made 0600 on first
 * use, the same on every open; the database alone (a copied backup) gives different digests.
 * PostgreSQL: `store.secret_key`, required.
 */
import { mkdtemp, readFile, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BillsyncError } from '../../../src/model/errors.js';
import { openStore } from '../../../src/store/db.js';
import type { Store } from '../../../src/store/store.js';
import { HARNESSES, PG_URL, TEST_SECRET_KEY, type TestStore } from './dialects.js';

const PIN = '483920';

let dir: string;
const opened: Store[] = [];
const open = async (url: string, opts: { secretKey?: string } = {}): Promise<Store> => {
  const s = await openStore(url, { baseDir: dir, ...opts });
  opened.push(s);
  return s;
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'billsync-store-key-'));
});
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the SQLite store key file', () => {
  it('is made beside the database on first use, readable by its owner only', async () => {
    const s = await open('sqlite:.billsync/state.db');
    const file = join(dir, '.billsync/state.db.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const hex = (await readFile(file, 'utf8')).trim();
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    expect(s.secrets.digest(PIN)).toMatch(/^secret:hmac-sha256:[0-9a-f]{64}$/);
    // The key never goes into the database.
    expect((await readFile(join(dir, '.billsync/state.db'))).includes(Buffer.from(hex))).toBe(false);
  });

  it('gives the same digests on every open', async () => {
    const a = await open('sqlite:state.db');
    const [b, c] = await Promise.all([open('sqlite:state.db'), open('sqlite:state.db')]);
    expect(b.secrets.digest(PIN)).toBe(a.secrets.digest(PIN));
    expect(c.secrets.digest(PIN)).toBe(a.secrets.digest(PIN));
  });

  it('makes a copy of the database alone useless for guessing: its own key gives other digests', async () => {
    const a = await open('sqlite:state.db');
    const digest = a.secrets.digest(PIN);
    await copyFile(join(dir, 'state.db'), join(dir, 'stolen.db'));
    const thief = await open('sqlite:stolen.db');
    expect(thief.secrets.digest(PIN)).not.toBe(digest);
    expect(thief.secrets.matches(PIN, digest)).toBe(false);
  });

  it('uses store.secret_key instead of a file when one is set', async () => {
    const s = await open('sqlite:state.db', { secretKey: TEST_SECRET_KEY });
    await expect(stat(join(dir, 'state.db.key'))).rejects.toMatchObject({ code: 'ENOENT' });
    const again = await open('sqlite:other.db', { secretKey: TEST_SECRET_KEY });
    expect(again.secrets.digest(PIN)).toBe(s.secrets.digest(PIN));
  });

  it('refuses a damaged key file with the fix, and a short store.secret_key', async () => {
    await writeFile(join(dir, 'state.db.key'), 'not a key\n');
    const err = await openStore('sqlite:state.db', { baseDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BillsyncError);
    expect((err as BillsyncError).message).toMatch(/state\.db\.key is damaged/);
    expect((err as BillsyncError).fix).toMatch(/restore it from a backup/);
    const short = await openStore('sqlite::memory:', { baseDir: dir, secretKey: 'short' }).catch((e: unknown) => e);
    expect((short as BillsyncError).message).toBe('store.secret_key is 5 characters long; it needs at least 32');
  });
});

describe('a PostgreSQL store', () => {
  it('needs store.secret_key, and says how to make one', async () => {
    const err = await openStore(PG_URL, { baseDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BillsyncError);
    expect((err as BillsyncError).code).toBe('STORE');
    expect((err as BillsyncError).message).toMatch(/is PostgreSQL, but store\.secret_key is not set/);
    expect((err as BillsyncError).fix).toMatch(/openssl rand -hex 32/);
  });
});

describe.each(HARNESSES)('secret digests on $name', (harness) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await harness.create();
  });
  afterEach(async () => {
    await t?.cleanup();
  });

  it('are the same for every instance of one store', async () => {
    const other = await t.reopen();
    expect(other.secrets.digest(PIN)).toBe(t.store.secrets.digest(PIN));
    expect(t.store.secrets.matches(PIN, other.secrets.digest(PIN))).toBe(true);
  });
});
