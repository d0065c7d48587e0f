/** Brings a store's schema to the latest migration. Idempotent; safe with several instances. */
import { Migrator, type Kysely } from 'kysely';
import { BillsyncError } from '../model/errors.js';
import type { StoreDatabase } from './schema.js';
import { migrationProvider } from './migrations/index.js';

/**
 * Runs every pending migration. `migrationTableSchema` pins Kysely's bookkeeping tables to the
 * store's schema on PostgreSQL: without it Kysely would find another schema's tables in the same
 * database and skip creating its own.
 */
export async function migrateToLatest(
  db: Kysely<StoreDatabase>,
  opts: { migrationTableSchema?: string; display: string },
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(opts.migrationTableSchema === undefined ? {} : { migrationTableSchema: opts.migrationTableSchema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((r) => r.status === 'Error')?.migrationName;
  const message = error instanceof Error ? error.message : String(error);
  throw new BillsyncError(
    'STORE',
    `migrating store ${opts.display} failed${failed ? ` at ${failed}` : ''}: ${message}`,
    {
      fix: /missing/i.test(message)
        ? 'this store was migrated by a newer billsync; upgrade billsync or point store.url at another database'
        : 'check that the store user may create tables, then run again',
      cause: error,
    },
  );
}
