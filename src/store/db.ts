/**
 * Opening the store: picks the dialect from the URL, connects, migrates, returns the Store.
 *
 *   const store = await openStore(config.store.url, { baseDir: config.dir });
 */
import type { Kysely } from 'kysely';
import { KyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrate.js';
import { openPostgres } from './postgres-db.js';
import type { StoreDatabase } from './schema.js';
import { openSqlite } from './sqlite-db.js';
import { sqliteSnapshotLoader } from './sqlite-snapshot-loader.js';
import type { Store } from './store.js';
import { parseStoreUrl } from './store-url.js';

/** Default store URL: a SQLite file under `.billsync/` next to sync.yaml. */
export const DEFAULT_STORE_URL = 'sqlite:.billsync/state.db';

/** 500 rows × 13 columns = 6,500 parameters, well under SQLite's 32,766. */
const SQLITE_BATCH_ROWS = 500;
/** 2,000 rows × 13 columns = 26,000 parameters, under PostgreSQL's 65,535; fewer round trips. */
const POSTGRES_BATCH_ROWS = 2000;

/**
 * Opens the store at `url` (see store-url.ts for the forms), running pending migrations.
 * `baseDir` anchors relative SQLite paths (the directory of sync.yaml).
 * Throws BillsyncError('STORE') naming the URL (password masked) and what to check.
 */
export async function openStore(url: string, opts: { baseDir: string }): Promise<Store> {
  const loc = parseStoreUrl(url, opts.baseDir);
  if (loc.dialect === 'sqlite') {
    const { db, database } = openSqlite(loc);
    await migrateOrClose(db, { display: loc.display });
    return new KyselyStore(db, { batchRows: SQLITE_BATCH_ROWS, loadSnapshot: sqliteSnapshotLoader(db, database) });
  }
  const { db, schema } = await openPostgres(loc);
  await migrateOrClose(db, { display: loc.display, migrationTableSchema: schema });
  return new KyselyStore(db, { batchRows: POSTGRES_BATCH_ROWS });
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
