/** Queries on the held_back table: one row per target whose plan holds destructive ops back. */
import type { Kysely } from 'kysely';
import type { HeldBack } from '../model/plan.js';
import type { HeldBackRecord } from './store.js';
import type { StoreDatabase } from './schema.js';

type Db = Kysely<StoreDatabase>;

/** Upserts or clears a target's row; true when the held set changed. */
export async function writeHeldBack(
  db: Db,
  target: string,
  held: { hash: string; ops: number; reasons: readonly HeldBack[] } | null,
  now: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const prev = await trx.selectFrom('held_back').select(['hash']).where('target', '=', target).executeTakeFirst();
    if (held === null) {
      if (!prev) return false;
      await trx.deleteFrom('held_back').where('target', '=', target).execute();
      return true;
    }
    const reasons = JSON.stringify(held.reasons);
    if (prev?.hash === held.hash) {
      await trx.updateTable('held_back').set({ ops: held.ops, reasons, updated_at: now }).where('target', '=', target).execute();
      return false;
    }
    if (prev) await trx.deleteFrom('held_back').where('target', '=', target).execute();
    await trx.insertInto('held_back').values({ target, hash: held.hash, ops: held.ops, reasons, since: now, updated_at: now }).execute();
    return true;
  });
}

export async function selectHeldBack(db: Db): Promise<HeldBackRecord[]> {
  const rows = await db.selectFrom('held_back').selectAll().orderBy('target').execute();
  return rows.map((r) => ({
    target: r.target,
    hash: r.hash,
    ops: Number(r.ops),
    reasons: JSON.parse(r.reasons) as HeldBack[],
    since: r.since,
    updatedAt: r.updated_at,
  }));
}
