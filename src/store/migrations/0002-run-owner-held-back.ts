/**
 * 0002: who started a run (so a run left `running` by a killed process can be marked
 * `abandoned`), and the destructive changes held back per target (what `status`, /healthz and
 * `billsync approve` show and act on).
 */
import type { Kysely, Migration } from 'kysely';

export const runOwnerHeldBack: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // `pid@host` of the process that began the run; null for runs from before this migration.
    await db.schema.alterTable('run').addColumn('owner', 'text').execute();
    await db.schema
      .createTable('held_back')
      .addColumn('target', 'text', (c) => c.primaryKey())
      // Hash of exactly the held-back ops (plan/safety.ts hashHeld): what approve names.
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('ops', 'integer', (c) => c.notNull())
      // JSON list of the plan's HeldBack entries for the target (rule, message, ops).
      .addColumn('reasons', 'text', (c) => c.notNull())
      // When this exact set was first held back; unchanged while the set stays the same.
      .addColumn('since', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
