/**
 * Point lookups in snapshot_entity for the console: one entity by identity (primary key), the
 * entities matching a search (primary key per kind, snapshot_entity_origin_idx per source),
 * and row counts per target and kind.
 */
import { sql, type Kysely } from 'kysely';
import type { SnapshotEntity } from '../model/entity.js';
import type { SnapshotCount, SnapshotSearch } from './store.js';
import type { StoreDatabase } from './schema.js';
import { snapshotQuery } from './snapshot-queries.js';
import { fromLoadedRow } from '../model/loaded-row.js';

type Db = Kysely<StoreDatabase>;

const entityColumns = ['target', 'kind', 'key', 'parent_kind', 'parent_key', 'origin_source', 'origin_id', 'remote_id', 'hash', 'attrs', 'sets'] as const;

export async function selectSnapshotEntity(db: Db, target: string, kind: string, key: string): Promise<SnapshotEntity | null> {
  const r = await snapshotQuery(db, target).where('kind', '=', kind).where('key', '=', key).executeTakeFirst();
  return r ? fromLoadedRow(target, [r.kind, r.key, r.parent_kind, r.parent_key, r.origin_source, r.origin_id, r.remote_id, r.hash, r.body]) : null;
}

/**
 * Entities whose key is `value` (in the given target kinds) or whose origin is `source:value`
 * (for the given sources). Each alternative is an equality on an index's leading columns.
 */
export async function findSnapshotEntities(db: Db, s: SnapshotSearch): Promise<SnapshotEntity[]> {
  if (s.kinds.length + s.sources.length === 0) return [];
  const rows = await db
    .selectFrom('snapshot_entity')
    .select([...entityColumns])
    .where((eb) =>
      eb.or([
        ...s.kinds.map((k) => eb.and([eb('target', '=', k.target), eb('kind', '=', k.kind), eb('key', '=', s.value)])),
        ...s.sources.map((src) => eb.and([eb('origin_source', '=', src), eb('origin_id', '=', s.value)])),
      ]),
    )
    .orderBy('target')
    .orderBy('kind')
    .orderBy('key')
    .limit(s.limit)
    .execute();
  return rows.map((r) => fromLoadedRow(r.target, [r.kind, r.key, r.parent_kind, r.parent_key, r.origin_source, r.origin_id, r.remote_id, r.hash, `[${r.attrs},${r.sets}]`]));
}

/** How many snapshot rows each target holds, per kind. */
export async function selectSnapshotCounts(db: Db): Promise<SnapshotCount[]> {
  const rows = await db.selectFrom('snapshot_entity').select(['target', 'kind', sql<number>`count(*)`.as('n')]).groupBy(['target', 'kind']).orderBy('target').orderBy('kind').execute();
  return rows.map((r) => ({ target: r.target, kind: r.kind, count: Number(r.n) }));
}
