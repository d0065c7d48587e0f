/**
 * Keyed reads of snapshot_entity for a restricted plan (a trigger, a change-driven round): the
 * rows of named subscribers, of named keys and of named kinds — never the whole target — and
 * the target's totals by an aggregate. Each lookup is an equality on an index's leading columns
 * (snapshot_entity_target_origin_idx for origins, the primary key for keys and kinds), batched
 * so a round naming thousands of subscribers costs a few statements, not thousands.
 */
import { sql, type Kysely } from 'kysely';
import type { SnapshotEntity } from '../model/entity.js';
import type { StoreDatabase } from './schema.js';
import type { SnapshotTotals } from './store.js';
import type { SnapshotScope } from '../model/plan.js';
import { fromLoadedRow } from './snapshot-row.js';

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
 * Rows and set members of one target, counted by the database (the bases of the percentage
 * safety caps). `json` names the dialect's JSON functions: sets are JSON objects of arrays.
 */
export async function selectSnapshotTotals(db: Db, target: string, json: 'sqlite' | 'postgres'): Promise<SnapshotTotals> {
  const members =
    json === 'sqlite'
      ? sql<string>`(select coalesce(sum(json_array_length(j.value)), 0) from json_each(s.sets) j)`
      : sql<string>`(select coalesce(sum(json_array_length(j.value)), 0) from json_each(s.sets::json) j)`;
  const { rows } = await sql<{ n: string | number; m: string | number | null }>`select count(*) as n, sum(${members}) as m from snapshot_entity s where s.target = ${target}`.execute(db);
  const r = rows[0];
  return { rows: Number(r?.n ?? 0), members: Number(r?.m ?? 0) };
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
