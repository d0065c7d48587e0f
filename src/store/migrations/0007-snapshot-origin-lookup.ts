/**
 * 0007: a restricted plan (a trigger, a change-driven round) reads the snapshot rows of the
 * subscribers it names, by origin within one target (store/snapshot-pick-queries.ts). The
 * console's (origin_source, origin_id) index can serve that only by filtering every target's
 * rows of the subscriber; with target leading, the three equalities find exactly the rows, and
 * PostgreSQL without fresh statistics (right after a bulk load) has no cheaper-looking prefix
 * of the primary key to pick instead. Rows by key use the primary key (target, kind, key).
 */
import type { Kysely, Migration } from 'kysely';

export const snapshotOriginLookup: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('snapshot_entity_target_origin_idx').on('snapshot_entity').columns(['target', 'origin_source', 'origin_id']).execute();
  },
};
