/** Conversion between SnapshotEntity and its snapshot_entity row. Pure. */
import type { SnapshotEntity } from '../model/entity.js';
import type { SnapshotEntityTable } from './schema.js';

/** The row for an entity, stamped with when and by which run it was written. */
export function toSnapshotRow(e: SnapshotEntity, updatedAt: string, runId: string | null): SnapshotEntityTable {
  return {
    target: e.target,
    kind: e.kind,
    key: e.key,
    parent_kind: e.parent?.kind ?? null,
    parent_key: e.parent?.key ?? null,
    origin_source: e.origin?.source ?? null,
    origin_id: e.origin?.id ?? null,
    attrs: JSON.stringify(e.attrs),
    sets: JSON.stringify(e.sets),
    remote_id: e.remoteId,
    hash: e.hash,
    updated_at: updatedAt,
    run_id: runId,
  };
}

/**
 * What loadSnapshot reads per row, in select order (the SQLite fast path reads rows as arrays):
 * kind, key, parent_kind, parent_key, origin_source, origin_id, remote_id, hash, body — where
 * body is `[attrs,sets]` concatenated in SQL, so each row costs one JSON.parse instead of two.
 */
export type LoadedRow = readonly [
  kind: string,
  key: string,
  parentKind: string | null,
  parentKey: string | null,
  originSource: string | null,
  originId: string | null,
  remoteId: string | null,
  hash: string,
  body: string,
];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The entity a row holds; `parent`/`origin` are omitted (not undefined) when the row has none. */
export function fromLoadedRow(target: string, r: LoadedRow): SnapshotEntity {
  const [attrs, sets] = JSON.parse(r[8]) as [SnapshotEntity['attrs'], SnapshotEntity['sets']];
  const e: Mutable<SnapshotEntity> = { target, kind: r[0], key: r[1], attrs, sets, remoteId: r[6], hash: r[7] };
  if (r[2] !== null && r[3] !== null) e.parent = { kind: r[2], key: r[3] };
  if (r[4] !== null && r[5] !== null) e.origin = { source: r[4], id: r[5] };
  return e;
}
