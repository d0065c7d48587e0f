/**
 * The two store dialects as test harnesses: each `create()` gives a fresh, empty, migrated store
 * (a temp SQLite file, or a PostgreSQL schema of its own) and cleans up after itself.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../../../src/store/db.js';
import type { Store } from '../../../src/store/store.js';

/** CI guarantees this server; if it is down the PostgreSQL tests fail, they are not skipped. */
export const PG_URL = process.env.BILLSYNC_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** `store.secret_key` of the PostgreSQL test stores (a SQLite store keeps its own key file). */
export const TEST_SECRET_KEY = 'test-store-secret-key-0123456789abcdef';

export interface TestStore {
  readonly store: Store;
  readonly url: string;
  readonly baseDir: string;
  /** Another Store on the same database (closed by cleanup). */
  reopen(): Promise<Store>;
  /** Closes every Store opened here and drops the database / schema. */
  cleanup(): Promise<void>;
}

export interface StoreHarness {
  readonly name: 'sqlite' | 'postgres';
  create(): Promise<TestStore>;
}

function track(url: string, baseDir: string, drop: () => Promise<void>, secretKey?: string): (first: Store) => TestStore {
  return (first) => {
    const opened: Store[] = [first];
    return {
      store: first,
      url,
      baseDir,
      async reopen() {
        const s = await openStore(url, { baseDir, ...(secretKey ? { secretKey } : {}) });
        opened.push(s);
        return s;
      },
      async cleanup() {
        for (const s of opened) await s.close();
        await drop();
      },
    };
  };
}

export const sqliteHarness: StoreHarness = {
  name: 'sqlite',
  async create() {
    const dir = await mkdtemp(join(tmpdir(), 'billsync-store-test-'));
    // A nested relative path: also checks that the parent directory is created.
    const url = 'sqlite:.billsync/state.db';
    const wrap = track(url, dir, () => rm(dir, { recursive: true, force: true }));
    return wrap(await openStore(url, { baseDir: dir }));
  },
};

/** `base` with `?schema=name` added (keeping any query the URL already has). */
export function withSchema(base: string, schema: string): string {
  const u = new URL(base);
  u.searchParams.set('schema', schema);
  return u.toString();
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

export function uniqueSchema(): string {
  return `billsync_store_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export const postgresHarness: StoreHarness = {
  name: 'postgres',
  async create() {
    const schema = uniqueSchema();
    const url = withSchema(PG_URL, schema);
    const wrap = track(url, tmpdir(), () => dropSchema(schema), TEST_SECRET_KEY);
    try {
      return wrap(await openStore(url, { baseDir: tmpdir(), secretKey: TEST_SECRET_KEY }));
    } catch (err) {
      await dropSchema(schema).catch(() => undefined);
      throw err;
    }
  },
};

export const HARNESSES: readonly StoreHarness[] = [sqliteHarness, postgresHarness];
