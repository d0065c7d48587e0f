/** Queries on drift_report: the last `plan --refresh` per target (the console's Drift page). */
import type { Kysely } from 'kysely';
import type { DriftEntry } from '../model/plan.js';
import type { DriftRecord } from './store.js';
import type { StoreDatabase } from './schema.js';

type Db = Kysely<StoreDatabase>;

/**
 * Entries kept per target. A refresh that finds more (a wiped platform) is summed up by its
 * count; the first entries show what kind of drift it is, and `plan --refresh` has the rest.
 */
export const MAX_STORED_DRIFT = 5000;

/** Replaces the target's report (entries must already be redacted). */
export async function writeDrift(db: Db, target: string, foundAt: string, entries: readonly DriftEntry[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('drift_report').where('target', '=', target).execute();
    await trx
      .insertInto('drift_report')
      .values({ target, found_at: foundAt, count: entries.length, entries: JSON.stringify(entries.slice(0, MAX_STORED_DRIFT)) })
      .execute();
  });
}

export async function selectDrift(db: Db): Promise<DriftRecord[]> {
  const rows = await db.selectFrom('drift_report').selectAll().orderBy('target').execute();
  return rows.map((r) => ({ target: r.target, foundAt: r.found_at, count: Number(r.count), entries: JSON.parse(r.entries) as DriftEntry[] }));
}
