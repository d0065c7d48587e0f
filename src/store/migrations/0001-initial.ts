/**
 * 0001: the snapshot, the run history and the op log. Forward-only: a later change is a new
 * numbered migration, never an edit of this one (stores in the field have already run it).
 */
import type { Kysely, Migration } from 'kysely';

export const initial: Migration = {
  // `Kysely<unknown>`: a migration must not depend on today's table types, which later
  // migrations will change.
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('snapshot_entity')
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('parent_kind', 'text')
      .addColumn('parent_key', 'text')
      .addColumn('origin_source', 'text')
      .addColumn('origin_id', 'text')
      .addColumn('attrs', 'text', (c) => c.notNull())
      .addColumn('sets', 'text', (c) => c.notNull())
      .addColumn('remote_id', 'text')
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text')
      // The primary key's leading column already serves `where target = ?` (loadSnapshot,
      // snapshotHash), so no separate index on (target): it would only slow bulk writes.
      .addPrimaryKeyConstraint('snapshot_entity_pk', ['target', 'kind', 'key'])
      .execute();

    await db.schema
      .createTable('run')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('counts', 'text', (c) => c.notNull())
      .addColumn('plan_hash', 'text')
      .execute();

    await db.schema
      .createTable('op_log')
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('op', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('op_log_pk', ['run_id', 'seq'])
      .execute();

    // "What happened to this entity lately" (status, explain) looks op_log up by entity.
    await db.schema.createIndex('op_log_entity_idx').on('op_log').columns(['target', 'kind', 'key']).execute();
  },
};
