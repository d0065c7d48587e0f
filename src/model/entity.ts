/**
 * Entities are the unit of state: one object on a target (a Smarty customer, an account, …),
 * identified by `(target, kind, key)`. Desired entities come from mappings; snapshot entities
 * come from the store and additionally carry what the target assigned.
 */

/** Attribute values are JSON scalars; `null` means "explicitly empty". */
export type AttrValue = string | number | boolean | null;

export type Attrs = Readonly<Record<string, AttrValue>>;

/** Named sets of member keys (e.g. a Smarty customer's `tariffs`). Members are strings, sorted. */
export type Sets = Readonly<Record<string, readonly string[]>>;

/** Reference from a child entity to its parent on the same target. */
export interface EntityRef {
  readonly kind: string;
  readonly key: string;
}

/** Which subscriber an entity was derived from; lets the planner protect skipped subscribers. */
export interface EntityOrigin {
  readonly source: string;
  readonly id: string;
}

export interface Entity {
  /** Target name from sync.yaml. */
  readonly target: string;
  readonly kind: string;
  readonly key: string;
  readonly attrs: Attrs;
  readonly sets: Sets;
  readonly parent?: EntityRef;
  readonly origin?: EntityOrigin;
}

/** An entity as last applied, with the id the target assigned to it. */
export interface SnapshotEntity extends Entity {
  readonly remoteId: string | null;
  /** Stable hash of attrs + sets + parent, see `entityHash`. */
  readonly hash: string;
}
