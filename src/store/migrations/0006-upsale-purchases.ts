/**
 * 0006: the Smotreshka upsale callbacks' transactions (bridges/smotreshka-upsale), and an index
 * to find an account's snapshot row by the id the platform assigned (the callbacks name accounts
 * by platform id first): without it the lookup scans every entity of the target.
 */
import type { Kysely, Migration } from 'kysely';

export const upsalePurchases: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('upsale_purchase')
      .addColumn('target', 'text', (c) => c.notNull())
      // The platform's qsTransactionId: the idempotency key.
      .addColumn('qs_transaction_id', 'text', (c) => c.notNull())
      .addColumn('billing_transaction_id', 'text', (c) => c.notNull().unique())
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('account_key', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('new_offer', 'text', (c) => c.notNull())
      .addColumn('old_offer', 'text')
      .addColumn('trial_days', 'integer')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('ensured_at', 'text', (c) => c.notNull())
      .addColumn('committed_at', 'text')
      .addColumn('service_start', 'text')
      .addColumn('ended_at', 'text')
      .addPrimaryKeyConstraint('upsale_purchase_pk', ['target', 'qs_transaction_id'])
      .execute();
    // The planner's "committed purchases of this target, in commit order", and the listing.
    await db.schema.createIndex('upsale_purchase_state_idx').on('upsale_purchase').columns(['target', 'state', 'committed_at']).execute();
    // ensure's "did a committed purchase already give this account that offer?".
    await db.schema.createIndex('upsale_purchase_account_idx').on('upsale_purchase').columns(['target', 'account_key', 'state']).execute();
    // remote_id leads: an index starting (target, kind) would compete with the primary key for
    // every lookup by key, and PostgreSQL without fresh statistics (right after a bulk load)
    // picked it and filtered 100,000 rows for one key (bench/upsale-bench.ts found it).
    await db.schema.createIndex('snapshot_entity_remote_idx').on('snapshot_entity').columns(['remote_id', 'target', 'kind']).execute();
  },
};
