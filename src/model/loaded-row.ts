/**
 * A snapshot row as the store reads it, before it is parsed into an entity. Pure.
 *
 * A plan streams a million of these past its desired state (plan/sift-snapshot.ts), and on a
 * quiet day nearly all of them equal their desired entity: comparing the row's text with the
 * text the desired entity would be stored as decides that without parsing the row. Only the
 * rows that may differ become entities.
 */
import type { SnapshotEntity } from './entity.js';

/**
 * One row, in select order: kind, key, parent_kind, parent_key, origin_source, origin_id,
 * remote_id, hash, body — where body is `[attrs,sets]`, the two JSON columns as stored,
 * concatenated in SQL, so a row costs one JSON.parse instead of two.
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
