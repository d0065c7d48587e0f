/**
 * Keyed reads of snapshot_entity for a restricted plan (a trigger, a change-driven round): the
 * rows of named subscribers, of named keys and of named kinds — never the whole target — and
 * pages of one kind in key order. Each lookup is an equality on an index's leading columns
 * (snapshot_entity_target_origin_idx for origins, the primary key for keys and kinds), batched
 * so a round naming thousands of subscribers costs a few statements, not thousands.
 */
import type { Kysely } from 'kysely';
import type { SnapshotEntity } from '../model/entity.js';
import type { StoreDatabase } from './schema.js';
import type { SnapshotScope } from '../model/plan.js';
import { fromLoadedRow } from '../model/loaded-row.js';

type Db = Kysely<StoreDatabase>;

/** Values per `IN (…)` list: far under both dialects' bind-parameter limits, one round trip per 500. */
const IN_LIST = 500;

const columns = ['kind', 'key', 'parent_kind', 'parent_key', 'origin_source', 'origin_id', 'remote_id', 'hash', 'attrs', 'sets'] as const;

type Row = { kind: string; key: string; parent_kind: string | null; parent_key: string | null; origin_source: string | null; origin_id: string | null; remote_id: string | null; hash: string; attrs: string; sets: string };

/**
 * The union of the rows `pick` names (each row once), in no particular order. Rows are looked up
 * by origin per source, by key per kind, and whole per kind; a name no row has reads nothing.
 */
export async function selectPickedRows(db: Db, target: string, pick: SnapshotScope): Promise<SnapshotEntity[]> {
  const out = new Map<string, SnapshotEntity>();
  const take = (rows: readonly Row[]): void => {
    for (const r of rows) {
      const id = `${r.kind}\u0000${r.key}`;
      if (!out.has(id)) out.set(id, fromLoadedRow(target, [r.kind, r.key, r.parent_kind, r.parent_key, r.origin_source, r.origin_id, r.remote_id, r.hash, `[${r.attrs},${r.sets}]`]));
    }
  };
  const base = () => db.selectFrom('snapshot_entity').select([...columns]).where('target', '=', target);
  for (const kind of new Set(pick.kinds ?? [])) take(await base().where('kind', '=', kind).execute());
  for (const [source, ids] of groupBy(pick.origins ?? [], (o) => o.source, (o) => o.id)) {
    for (const chunk of chunks(ids)) take(await base().where('origin_source', '=', source).where('origin_id', 'in', chunk).execute());
  }
  for (const [kind, keys] of groupBy(pick.keys ?? [], (k) => k.kind, (k) => k.key)) {
    const unread = keys.filter((key) => !out.has(`${kind}\u0000${key}`));
    for (const chunk of chunks(unread)) take(await base().where('kind', '=', kind).where('key', 'in', chunk).execute());
  }
  return [...out.values()];
}

/**
 * Up to `limit` rows of one kind of a target with keys after `afterKey` (null: from the first),
 * in key order — the primary key's, under the database's own collation for both the comparison
 * and the order, so pages never overlap or skip, and each is one index range. A restricted
 * plan grows its lower bound of the target's totals this way, page by page, only as far as a
 * percentage safety cap needs (engine/restricted-snapshot.ts).
 */
export async function selectSnapshotPage(db: Db, target: string, kind: string, afterKey: string | null, limit: number): Promise<SnapshotEntity[]> {
  let q = db.selectFrom('snapshot_entity').select([...columns]).where('target', '=', target).where('kind', '=', kind);
  if (afterKey !== null) q = q.where('key', '>', afterKey);
  const rows = await q.orderBy('key').limit(limit).execute();
  return rows.map((r) => fromLoadedRow(target, [r.kind, r.key, r.parent_kind, r.parent_key, r.origin_source, r.origin_id, r.remote_id, r.hash, `[${r.attrs},${r.sets}]`]));
}

function groupBy<T>(items: readonly T[], group: (t: T) => string, value: (t: T) => string): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const t of items) {
    const g = group(t);
    let set = out.get(g);
    if (!set) out.set(g, (set = new Set()));
    set.add(value(t));
  }
  return new Map([...out].map(([g, s]) => [g, [...s]]));
}

function chunks(values: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < values.length; i += IN_LIST) out.push(values.slice(i, i + IN_LIST));
  return out;
}
