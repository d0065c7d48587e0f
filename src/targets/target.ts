/**
 * The contract every target adapter implements. An adapter declares its kinds (what the planner
 * needs to know to diff) and turns one op into API calls. It does no planning of its own.
 */
import type { MemberNames } from '../model/member-names.js';
import type { Entity, SnapshotEntity } from '../model/entity.js';
import type { KindSpec } from '../model/kind.js';
import type { Op } from '../model/op.js';
import type { Logger } from '../util/logger.js';
import type { CheckResult } from '../model/check.js';
import type { RateLimit } from '../util/rate-limit.js';
import type { AdapterDescriptor } from '../config/adapter-descriptor.js';

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
   * Whether an entity (desired or in the snapshot) is planned at all under the target's
   * configured policy — e.g. a Smarty target in reduced mode leaves devices alone, and payments
   * older than its window are neither sent nor reported gone. Entities outside are invisible to
   * the planner: never created, updated or deleted. Everything is in scope when absent.
   */
  inScope?(entity: Entity): boolean;
  /**
   * What to do with a snapshot entity of a `keepWhenGone` kind that left the desired state:
   * `report` (keep it, list it in the plan — the default) or `delete`.
   */
  gonePolicy?(entity: SnapshotEntity): 'report' | 'delete';
  /**
   * Read-only compatibility checks: one cheap authenticated call at least (plan/apply run it as
   * a preflight), plus each endpoint the adapter relies on (`billsync check`). model/check.ts.
   */
  check?(signal?: AbortSignal): Promise<readonly CheckResult[]>;
  /**
   * Names of set members from the target's catalogue (Smarty `tariff/list`), `kind.set` → id
   * → name, for plans a reviewer reads. Read-only; the engine caches it in the store.
   */
  memberNames?(): Promise<MemberNames>;
  close(): Promise<void>;
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

/**
 * A target type's descriptor (config/adapter-descriptor.ts: type, options schema and parser,
 * declared state, emulator), its kinds, and its factory: builds a Target from its resolved
 * config block. Registered in targets/registry.ts.
 */
export interface TargetFactory extends AdapterDescriptor {
  readonly kinds: readonly KindSpec[];
  /**
   * Whether, with this config block, the target keeps each subscriber's balance itself from the
   * transactions it is sent (Smarty mode transactional). Mappings to it may then not write a
   * balance anywhere else (mapping/compile-meta.ts). Absent = never.
   */
  keepsLedger?(block: Readonly<Record<string, unknown>>): boolean;
  create(name: string, config: Readonly<Record<string, unknown>>, deps: TargetFactoryDeps): Target;
}
