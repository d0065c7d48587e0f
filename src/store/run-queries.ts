/** Queries on the run table. */
import type { Kysely } from 'kysely';
import type { RunMode, RunRecord, RunStatus } from './store.js';
import type { RunTable, StoreDatabase } from './schema.js';

type Db = Kysely<StoreDatabase>;

export async function insertRun(db: Db, run: RunTable): Promise<void> {
  await db.insertInto('run').values(run).execute();
}

/** Sets a run's outcome; returns false when no run has that id. */
export async function updateRunFinish(
  db: Db,
  id: string,
  status: RunStatus,
  counts: Readonly<Record<string, number>>,
  finishedAt: string,
): Promise<boolean> {
  const res = await db
    .updateTable('run')
    .set({ status, counts: JSON.stringify(counts), finished_at: finishedAt })
    .where('id', '=', id)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/**
 * Most recent first; with `before`, only runs older than that run id (keyset paging). Run ids
 * are time-sortable (run-id.ts), so the primary key orders and pages them.
 */
export async function selectRuns(db: Db, limit: number, before?: string): Promise<RunRecord[]> {
  let q = db.selectFrom('run').selectAll();
  if (before !== undefined) q = q.where('id', '<', before);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toRunRecord);
}

/** One run by id, or null. */
export async function selectRun(db: Db, id: string): Promise<RunRecord | null> {
  const row = await db.selectFrom('run').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRunRecord(row) : null;
}

/** Runs still marked running, oldest first. */
export async function selectRunningRuns(db: Db): Promise<RunRecord[]> {
  const rows = await db.selectFrom('run').selectAll().where('status', '=', 'running').orderBy('id', 'asc').execute();
  return rows.map(toRunRecord);
}

function toRunRecord(r: RunTable): RunRecord {
  return {
    id: r.id,
    mode: r.mode as RunMode,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status as RunStatus,
    counts: JSON.parse(r.counts) as Record<string, number>,
    planHash: r.plan_hash,
    owner: r.owner ?? null,
  };
}
