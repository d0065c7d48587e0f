/** Builders for snapshot entities and ops in store tests. */
import type { SnapshotEntity } from '../../../src/model/entity.js';
import { entityHash } from '../../../src/model/hash.js';
import type { CreateOp, DeleteOp, UpdateOp } from '../../../src/model/op.js';

type EntityInit = Partial<Omit<SnapshotEntity, 'hash'>> & Pick<SnapshotEntity, 'key'>;

/** A snapshot entity with a real hash; target `tv`, kind `customer` unless given. */
export function entity(init: EntityInit): SnapshotEntity {
  const base = {
    target: 'tv',
    kind: 'customer',
    attrs: {},
    sets: {},
    remoteId: null,
    ...init,
  };
  return { ...base, hash: entityHash(base) };
}

export function createOp(seq: number, e: SnapshotEntity): CreateOp {
  return { type: 'create', seq, target: e.target, kind: e.kind, key: e.key, after: [], entity: e };
}

export function updateOp(seq: number, e: SnapshotEntity): UpdateOp {
  return {
    type: 'update',
    seq,
    target: e.target,
    kind: e.kind,
    key: e.key,
    after: [seq - 1],
    changes: [{ attr: 'name', before: undefined, after: 'x' }],
    entity: e,
  };
}

export function deleteOp(seq: number, e: SnapshotEntity): DeleteOp {
  return { type: 'delete', seq, target: e.target, kind: e.kind, key: e.key, after: [], before: e };
}

/** Entities sorted the way loadSnapshot returns them. */
export function byKindKey(list: readonly SnapshotEntity[]): SnapshotEntity[] {
  return [...list].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
