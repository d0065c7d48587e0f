/**
 * Ops: a closed union on `type`. Every switch over them must be exhaustive (see `assertNever`).
 * An op is self-contained: it carries everything an adapter needs to execute it and everything
 * the store needs to record its result, so a saved plan can be applied later.
 */
import type { AttrValue, Entity, SnapshotEntity } from './entity.js';
import { InternalError } from './errors.js';

/** One attribute's change, before → after (`undefined` before = attribute not set yet). */
export interface AttrChange {
  readonly attr: string;
  readonly before: AttrValue | undefined;
  readonly after: AttrValue;
}

interface OpBase {
  /** Position in the plan; ops reference each other by seq. */
  readonly seq: number;
  readonly target: string;
  readonly kind: string;
  readonly key: string;
  /** Seqs that must succeed before this op may run (previous op of the entity, parent's create). */
  readonly after: readonly number[];
}

export interface CreateOp extends OpBase {
  readonly type: 'create';
  readonly entity: Entity;
}

export interface UpdateOp extends OpBase {
  readonly type: 'update';
  readonly changes: readonly AttrChange[];
  readonly entity: Entity;
}

/** An update that takes the entity out of service (the kind's block attribute goes to blocked). */
export interface BlockOp extends OpBase {
  readonly type: 'block';
  readonly changes: readonly AttrChange[];
  readonly entity: Entity;
}

/** An update that puts a blocked entity back in service. */
export interface UnblockOp extends OpBase {
  readonly type: 'unblock';
  readonly changes: readonly AttrChange[];
  readonly entity: Entity;
}

export interface DeleteOp extends OpBase {
  readonly type: 'delete';
  readonly before: SnapshotEntity;
}

export interface AddMemberOp extends OpBase {
  readonly type: 'add_member';
  readonly set: string;
  readonly member: string;
  /** The subscriber whose set changes, on a change to an existing entity (reports name it). */
  readonly origin?: Entity['origin'];
}

export interface RemoveMemberOp extends OpBase {
  readonly type: 'remove_member';
  readonly set: string;
  readonly member: string;
  /** The subscriber whose set changes, on a change to an existing entity (reports name it). */
  readonly origin?: Entity['origin'];
}

export type Op = CreateOp | UpdateOp | BlockOp | UnblockOp | DeleteOp | AddMemberOp | RemoveMemberOp;

export type OpType = Op['type'];

export const OP_TYPES: readonly OpType[] = [
  'create',
  'update',
  'block',
  'unblock',
  'add_member',
  'remove_member',
  'delete',
];

/** Compile-time exhaustiveness guard for switches over closed unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new InternalError(`unexpected ${what} ${JSON.stringify(value)}`);
}
