/**
 * Opening the store: picks the dialect from the URL, connects, migrates, returns the Store.
 *
 *   const store = await openStore(config.store.url, { baseDir: config.dir, secretKey: config.store.secretKey });
 */
import type { Kysely } from 'kysely';
import { KyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrate.js';
import { openPostgres } from './postgres-db.js';
import { postgresSnapshotWriter } from './postgres-snapshot-writer.js';
import type { StoreDatabase } from './schema.js';
import { openSqlite } from './sqlite-db.js';
import { sqliteSnapshotLoader, sqliteSnapshotScanner } from './sqlite-snapshot-loader.js';
import type { Store } from './store.js';
import { parseStoreUrl } from './store-url.js';
import { BillsyncError } from '../model/errors.js';
import { keyedSecretDigests } from '../model/secret-digest.js';
import { ephemeralKey, keyFileOf, keyFromSetting, loadOrCreateKeyFile, POSTGRES_KEY_FIX } from './secret-key.js';

/** 500 rows × 13 columns = 6,500 parameters, well under SQLite's 32,766. */
const SQLITE_BATCH_ROWS = 500;
/** 2,000 rows × 13 columns = 26,000 parameters, under PostgreSQL's 65,535; fewer round trips. */
const POSTGRES_BATCH_ROWS = 2000;
/**
 * From this many rows a PostgreSQL putSnapshot goes through COPY (postgres-snapshot-writer.ts).
 * Measured with bench/pg-put-snapshot-bench.ts: COPY's temporary table and extra round trips
 * cost more than they save below it.
 */
export const POSTGRES_COPY_MIN_ROWS = 1000;

export interface OpenStoreOptions {
  /** Anchors relative SQLite paths (the directory of sync.yaml). */
  readonly baseDir: string;
  /**
   * `store.secret_key` from sync.yaml (resolved): the key of the secret digests. Required for
   * PostgreSQL; a SQLite file store without it keeps a random key in a file beside itself.
   * Empty counts as absent (`${BILLSYNC_STORE_KEY:-}` in a shared example config).
   */
  readonly secretKey?: string;
}

/**
 * Opens the store at `url` (see store-url.ts for the forms), running pending migrations.
 * Throws BillsyncError('STORE') naming the URL (password masked) and what to check, or the
 * missing or unusable secret key.
 */
export async function openStore(url: string, opts: OpenStoreOptions): Promise<Store> {
  const loc = parseStoreUrl(url, opts.baseDir);
  const setting = opts.secretKey === undefined || opts.secretKey === '' ? undefined : keyFromSetting(opts.secretKey);
  if (loc.dialect === 'sqlite') {
    const { db, database } = openSqlite(loc);
    try {
      const key = setting ?? (loc.file === ':memory:' ? ephemeralKey() : loadOrCreateKeyFile(keyFileOf(loc.file)));
      await migrateOrClose(db, { display: loc.display });
      return new KyselyStore(db, { batchRows: SQLITE_BATCH_ROWS, loadSnapshot: sqliteSnapshotLoader(db, database), scanSnapshot: sqliteSnapshotScanner(db, database), secrets: keyedSecretDigests(key) });
    } catch (err) {
      await db.destroy().catch(() => undefined);
      throw err;
    }
  }
  if (setting === undefined) throw missingPostgresKey(loc.display);
  const { db, schema, pool } = await openPostgres(loc);
  await migrateOrClose(db, { display: loc.display, migrationTableSchema: schema });
  return new KyselyStore(db, {
    batchRows: POSTGRES_BATCH_ROWS,
    bulkWrite: { minRows: POSTGRES_COPY_MIN_ROWS, write: postgresSnapshotWriter(pool) },
    secrets: keyedSecretDigests(setting),
  });
}

/** The error for a PostgreSQL store without `store.secret_key`. */
export function missingPostgresKey(display: string): BillsyncError {
  return new BillsyncError('STORE', `store ${display} is PostgreSQL, but store.secret_key is not set`, {
    path: 'store.secret_key',
    fix: POSTGRES_KEY_FIX,
  });
}

async function migrateOrClose(
  db: Kysely<StoreDatabase>,
  opts: { display: string; migrationTableSchema?: string },
): Promise<void> {
  try {
    await migrateToLatest(db, opts);
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw err;
  }
}
