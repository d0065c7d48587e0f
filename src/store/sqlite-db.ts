/** Opens the embedded SQLite store (better-sqlite3 through Kysely). */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { BillsyncError } from '../model/errors.js';
import type { StoreDatabase } from './schema.js';
import type { SqliteLocation } from './store-url.js';

export interface OpenedSqlite {
  readonly db: Kysely<StoreDatabase>;
  /** The handle under `db`, for the one hot path that bypasses Kysely (sqlite-snapshot-loader.ts). */
  readonly database: Database.Database;
}

/**
 * Opens (creating if needed) the SQLite file and its parent directory. WAL lets `status` read
 * while an apply writes; `synchronous=NORMAL` is durable across process crashes in WAL mode
 * (only an OS crash can lose the last commits, which the next plan then repairs against the
 * target); busy_timeout makes a second billsync process wait instead of failing at once.
 */
export function openSqlite(loc: SqliteLocation): OpenedSqlite {
  let database: Database.Database;
  try {
    if (loc.file !== ':memory:') mkdirSync(dirname(loc.file), { recursive: true });
    database = new Database(loc.file);
    // busy_timeout first: switching to WAL needs a lock another process may hold.
    database.pragma('busy_timeout = 5000');
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
  } catch (cause) {
    throw new BillsyncError('STORE', `cannot open store ${loc.display}: ${(cause as Error).message}`, {
      fix: 'check that the path in store.url of sync.yaml is writable and is a billsync SQLite file',
      cause,
    });
  }
  return { db: new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database }) }), database };
}
