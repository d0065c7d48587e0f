/**
 * The store's migrations, listed statically: no directory globbing, so they resolve the same
 * from tsx (src/) and from the build (dist/). Names sort in the order they must run.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';
import { runOwnerHeldBack } from './0002-run-owner-held-back.js';
import { scrubLegacyDigests } from './0003-scrub-legacy-digests.js';
import { consoleIndexes } from './0004-console.js';
import { memberNames } from './0005-member-names.js';
import { upsalePurchases } from './0006-upsale-purchases.js';
import { snapshotOriginLookup } from './0007-snapshot-origin-lookup.js';

const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-run-owner-held-back': runOwnerHeldBack,
  '0003-scrub-legacy-digests': scrubLegacyDigests,
  '0004-console': consoleIndexes,
  '0005-member-names': memberNames,
  '0006-upsale-purchases': upsalePurchases,
  '0007-snapshot-origin-lookup': snapshotOriginLookup,
};

/** A MigrationProvider over the static list above. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
