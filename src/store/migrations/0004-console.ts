/**
 * 0004: what the daemon's console looks up, indexed — and the last drift report per target.
 * Every console page is a bounded, indexed query: the store may hold 100,000s of entities and
 * op_log rows, and a page must not scan them.
 */
import type { Kysely, Migration } from 'kysely';

export const consoleIndexes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // "Ops applied in the last 24 h" per target (the overview's chart); covering, so counting a
    // day of ops never reads the rows themselves.
    await db.schema.createIndex('op_log_target_at_idx').on('op_log').columns(['target', 'at', 'status']).execute();
    // A run's page searched by key, in seq order (seq included: without it SQLite prefers the
    // primary key to skip a sort and scans the whole run). The primary key serves plain paging.
    await db.schema.createIndex('op_log_run_key_idx').on('op_log').columns(['run_id', 'key', 'seq']).execute();
    // A run's failures grouped by reason, read from the index alone.
    await db.schema.createIndex('op_log_run_status_idx').on('op_log').columns(['run_id', 'status', 'error', 'seq']).execute();
    // Subscriber search by source id: every entity one subscriber produced.
    await db.schema.createIndex('snapshot_entity_origin_idx').on('snapshot_entity').columns(['origin_source', 'origin_id']).execute();
    await db.schema
      .createTable('drift_report')
      .addColumn('target', 'text', (c) => c.primaryKey())
      // When `plan --refresh` read the live target.
      .addColumn('found_at', 'text', (c) => c.notNull())
      // How many entities differed (the stored list may be cut short, see drift-queries.ts).
      .addColumn('count', 'integer', (c) => c.notNull())
      // JSON list of DriftEntry, secret values redacted.
      .addColumn('entries', 'text', (c) => c.notNull())
      .execute();
  },
};
