/**
 * 0005: the targets' catalogues of member names (Smarty tariffs, Smotreshka subscriptions),
 * cached so plans name `+3 Дополнительный` without asking the target on every plan.
 */
import type { Kysely, Migration } from 'kysely';

export const memberNames: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('member_names')
      .addColumn('target', 'text', (c) => c.primaryKey())
      // When the catalogue was read from the target.
      .addColumn('fetched_at', 'text', (c) => c.notNull())
      // JSON MemberNames: `kind.set` → member id → name.
      .addColumn('names', 'text', (c) => c.notNull())
      .execute();
  },
};
