/**
 * What a target's entities look like to the core: kinds, their keys, attributes and sets. The
 * planner, the mapping compiler and the reports read these; adapters declare them
 * (targets/<type>/kinds.ts). They live in model/ so the core never imports adapter code.
 */
import type { AttrValue } from './entity.js';
import { InternalError } from './errors.js';

export type AttrType = 'string' | 'integer' | 'boolean';

/**
 * What values a target accepts for one attribute or key, beyond its type. A mapped value outside
 * them skips the subscriber with the reason (mapping/value-limits.ts): sending it would fail
 * validation, or be refused as too large, on every run again. Bounds come from the API notes
 * where documented; elsewhere a kind says which sensible bound it chose and why.
 */
export interface ValueLimits {
  /** Most characters (code points) a text value may have. */
  readonly maxLength?: number;
  /** Smallest whole number (integer attrs and keys). */
  readonly min?: number;
  /** Largest whole number (integer attrs and keys). */
  readonly max?: number;
}

export interface AttrSpec extends ValueLimits {
  readonly type: AttrType;
  /** Sent on create only; a later difference is not planned as an update. */
  readonly createOnly?: boolean;
  /** A value is needed for create; a mapping that cannot produce it skips the subscriber. */
  readonly required?: boolean;
  /** Redacted in plans, reports and logs. */
  readonly secret?: boolean;
  /**
   * The value is the key of an entity of this kind on the same target (a SmartYard door's
   * `lock` and `cam` hold device keys). The planner then creates or updates the entity only
   * after the referenced entity's create, and deletes the referenced entity only after the
   * entity let go of it (its delete, or the update that points it elsewhere).
   */
  readonly ref?: string;
}

export interface SetSpec {
  /** Members are strings on our side; this says what the target expects them to look like. */
  readonly memberType: 'string' | 'integer';
  /**
   * Members are keys of entities of this kind on the same target (SmartYard rights hold
   * devices). The planner then adds a member only after its entity's create and deletes the
   * entity only after the member's removals, and the adapter resolves members to remote ids.
   */
  readonly memberKind?: string;
}

/**
 * A JSON object the target stores whole on the entity (Smarty customer `meta`). Mappings name
 * keys under `entities.<kind>.meta`; each is the attribute `meta.<key>` of the entity, so plans
 * diff and show them like any other. billsync manages only the keys a mapping names: the
 * adapter merges them into what the target holds and keeps every other key.
 */
export interface MetaSpec {
  /** What a value may be (text; null removes the key). */
  readonly value: AttrSpec;
}

/** Attribute name of meta key `key` (`meta.balance`). */
export function metaAttr(key: string): string {
  return `${META_PREFIX}${key}`;
}

/** What attribute names of meta keys start with. */
export const META_PREFIX = 'meta.';

/** Meta keys a mapping may name: a word, so `meta.<key>` never collides with another attribute. */
export const META_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface KindSpec {
  readonly kind: string;
  /** Type of the key; integer keys are validated when mapping (Smarty `abonement`). */
  readonly keyType: AttrType;
  /**
   * Bounds of the key (length of a text key, range of an integer key). Without them an integer
   * key must still be a safe integer, and a text key is held to the mapping's default length.
   */
  readonly keyLimits?: ValueLimits;
  /** Parent kind on the same target; its create runs first and its remote id is available. */
  readonly parent?: string;
  readonly attrs: Readonly<Record<string, AttrSpec>>;
  readonly sets: Readonly<Record<string, SetSpec>>;
  /**
   * The attribute whose change to `blockedValue` is a block (and away from it an unblock),
   * so the planner can emit `block`/`unblock` ops and the safety gates can count them.
   */
  readonly block?: { readonly attr: string; readonly blockedValue: AttrValue };
  /**
   * What a change of parent means. Absent: the planner refuses it (the subscriber is skipped
   * with a reason; moving needs a manual delete and re-create). `recreate`: the key is unique
   * across parents on the target (a Smarty device uid), so the entity is deleted under its old
   * parent and then created under the new one — in that order, the delete counted by the safety
   * gates like any other — provided the old entity may be deleted at all.
   */
  readonly moves?: 'recreate';
  /**
   * Entities of this kind are never deleted because they left the desired state (a payment sent
   * as a Smarty transaction: the billing's window moves on, the money stays). The planner lists
   * them instead (`PlanTargetInput.retained`). Deleting them needs an explicit target policy.
   */
  readonly keepWhenGone?: boolean;
  /** The entity's JSON object attribute, when it has one (Smarty customer `meta`). */
  readonly meta?: MetaSpec;
  /**
   * Present when the platform offers no read of these entities by key, saying why (a Smarty
   * transaction: customer/transaction/list does not answer the ext_id it was sent with). A
   * refresh (`plan --refresh`, `explain --refresh`) then keeps the snapshot's view of them and
   * says so, instead of reading them: an entity a read cannot find must never look "missing",
   * or the plan would send it again — for a payment, money booked twice wherever the platform
   * does not refuse the repeat.
   */
  readonly unobservable?: string;
}

/** Looks up a kind spec by name or throws an internal error. */
export function kindSpec(kinds: readonly KindSpec[], kind: string): KindSpec {
  const spec = kinds.find((k) => k.kind === kind);
  if (!spec) throw new InternalError(`unknown kind ${kind}`);
  return spec;
}
