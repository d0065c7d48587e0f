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
