/**
 * The console's op_log queries: each is bounded and served by an index (the primary key
 * (run_id, seq), op_log_run_key_idx, op_log_run_status_idx, op_log_entity_idx,
 * op_log_target_at_idx).
 */
import { sql, type Kysely } from 'kysely';
import type { EntityRef, FailureGroup, HourlyOps, OpLogRecord, OpsPageQuery } from './store.js';
import type { StoreDatabase } from './schema.js';
import { toOpLogRecord } from './op-log-queries.js';

type Db = Kysely<StoreDatabase>;

/** One page of a run's ops in seq order, after `afterSeq`, optionally only one key's. */
export async function selectOpsPage(db: Db, runId: string, q: OpsPageQuery): Promise<OpLogRecord[]> {
  let query = db.selectFrom('op_log').selectAll().where('run_id', '=', runId);
  if (q.key !== undefined) query = query.where('key', '=', q.key);
  if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq);
  const rows = await query.orderBy('seq').limit(q.limit).execute();
  return rows.map(toOpLogRecord);
}

/** A run's failed and skipped ops grouped by reason, most frequent first. */
export async function selectFailureGroups(db: Db, runId: string, limit: number): Promise<FailureGroup[]> {
  const rows = await db
    .selectFrom('op_log')
    .select(['status', 'error', sql<number>`count(*)`.as('n'), sql<number>`min(seq)`.as('first_seq')])
    .where('run_id', '=', runId)
    // `in`, not `!= 'ok'`: an equality per status seeks op_log_run_status_idx.
    .where('status', 'in', ['failed', 'skipped'])
    .groupBy(['status', 'error'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('error')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ status: r.status as FailureGroup['status'], reason: r.error ?? '', count: Number(r.n), firstSeq: Number(r.first_seq) }));
}

/** Ops per target for each of `runIds` (which targets a run touched, and how much). */
export async function selectRunTargets(db: Db, runIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (runIds.length === 0) return out;
  const rows = await db
    .selectFrom('op_log')
    .select(['run_id', 'target', sql<number>`count(*)`.as('n')])
    .where('run_id', 'in', runIds)
    .groupBy(['run_id', 'target'])
    .execute();
  for (const r of rows) (out.get(r.run_id) ?? out.set(r.run_id, {}).get(r.run_id)!)[r.target] = Number(r.n);
  return out;
}

/**
 * Ops on `target` since `since` (ISO), per UTC hour (`YYYY-MM-DDTHH`) and outcome. `at` is
 * ISO-8601 text on both dialects, so its first 13 characters are the hour.
 */
export async function selectOpsPerHour(db: Db, target: string, since: string): Promise<HourlyOps[]> {
  const hour = sql<string>`substr(${sql.ref('at')}, 1, 13)`;
  const rows = await db
    .selectFrom('op_log')
    .select([hour.as('hour'), 'status', sql<number>`count(*)`.as('n')])
    .where('target', '=', target)
    .where('at', '>=', since)
    .groupBy([hour, 'status'])
    .execute();
  const byHour = new Map<string, { hour: string; ok: number; failed: number }>();
  for (const r of rows) {
    const h = byHour.get(r.hour) ?? byHour.set(r.hour, { hour: r.hour, ok: 0, failed: 0 }).get(r.hour)!;
    if (r.status === 'ok') h.ok += Number(r.n);
    else h.failed += Number(r.n);
  }
  return [...byHour.values()].sort((a, b) => a.hour.localeCompare(b.hour));
}

/** The latest ops on any of `entities`, newest first. */
export async function selectEntityOps(db: Db, entities: readonly EntityRef[], limit: number): Promise<OpLogRecord[]> {
  if (entities.length === 0) return [];
  const rows = await db
    .selectFrom('op_log')
    .selectAll()
    .where((eb) => eb.or(entities.map((e) => eb.and([eb('target', '=', e.target), eb('kind', '=', e.kind), eb('key', '=', e.key)]))))
    .orderBy('at', 'desc')
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toOpLogRecord);
}
