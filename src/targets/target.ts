/**
 * The contract every target adapter implements. An adapter declares its kinds (what the planner
 * needs to know to diff) and turns one op into API calls. It does no planning of its own.
 */
import type { AttrValue, Entity } from '../model/entity.js';
import type { Op } from '../model/op.js';
import type { Logger } from '../util/logger.js';
import type { CheckResult } from '../model/check.js';
import type { RateLimit } from '../util/rate-limit.js';

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
}

export interface ExecuteContext {
  /** Remote id of an entity from the snapshot, or assigned earlier in this run; null if unknown. */
  remoteIdOf(kind: string, key: string): string | null;
  /**
   * The reverse: key of the entity of `kind` holding `remoteId` in the snapshot (or since this
   * run); null if none. Lets an adapter map ids it reads back to our keys (SmartYard rights hold
   * device ids) and leave alone objects another entity holds when it adopts by listing.
   */
  keyOf?(kind: string, remoteId: string): string | null;
}

export interface OpResult {
  /** Id the target assigned (create) or found (adoption). Omitted = unchanged. */
  readonly remoteId?: string | null;
  /**
   * When a create adopted an existing object, what the target holds now; the snapshot records
   * this instead of the desired state so the next plan repairs any difference.
   */
  readonly adopted?: { readonly attrs?: Entity['attrs']; readonly sets?: Entity['sets'] };
}

export interface Target {
  readonly type: string;
  /** Target name in sync.yaml. */
  readonly name: string;
  readonly kinds: readonly KindSpec[];
  /**
   * Executes one op. Must be idempotent: a create that meets an existing object adopts it,
   * member add/remove tolerate "already", delete tolerates "not found".
   * Throws TargetRequestError (retryable or not) on failure.
   */
  execute(op: Op, ctx: ExecuteContext): Promise<OpResult>;
  /**
   * Reads the live state of one entity; null when the target does not have it. `ctx` gives the
   * snapshot's ids, for targets whose answers name other entities by remote id.
   */
  observe(kind: string, key: string, remoteId: string | null, ctx?: ExecuteContext): Promise<Entity | null>;
  /**
   * Reads the live state of every entity the target lists in bulk (paged), when it can; the
   * planner's `--refresh` uses it instead of one observe() per entity. Attributes the API does
   * not return are left out (the planner only compares what was observed).
   */
  observeAll?(kind: string, ctx?: ExecuteContext): AsyncIterable<readonly Entity[]>;
  /** The kinds observeAll can list; every kind when absent. Others are observed one by one. */
  readonly listedKinds?: readonly string[];
  /**
   * Adjusts a desired entity to this target's configured policies before diffing — e.g. a
   * blocking policy that empties a blocked account's subscriptions. Pure; identity when absent.
   */
  desiredFor?(entity: Entity): Entity;
  /**
   * Read-only compatibility checks: one cheap authenticated call at least (plan/apply run it as
   * a preflight), plus each endpoint the adapter relies on (`billsync check`). model/check.ts.
   */
  check?(signal?: AbortSignal): Promise<readonly CheckResult[]>;
  close(): Promise<void>;
}

/** Looks up a kind spec by name or throws an internal error. */
export function kindSpec(kinds: readonly KindSpec[], kind: string): KindSpec {
  const spec = kinds.find((k) => k.kind === kind);
  if (!spec) throw new Error(`internal error: unknown kind ${kind}`);
  return spec;
}

export interface TargetFactoryDeps {
  readonly logger: Logger;
  /**
   * The target's configured rate (`targets.<name>.rate`, `concurrency`). The apply queue holds
   * ops to it; an adapter whose ops make more than one request each holds its requests to it
   * too, so the server never sees more than the configured requests per second.
   */
  readonly rate?: RateLimit;
}

/** Registered per target type; builds a Target from its resolved config block. */
export interface TargetFactory {
  readonly type: string;
  readonly kinds: readonly KindSpec[];
  create(name: string, config: Readonly<Record<string, unknown>>, deps: TargetFactoryDeps): Target;
}
