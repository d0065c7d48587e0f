/**
 * A plan: the ordered ops that take each target from its snapshot (or live state) to the desired
 * state, plus what was skipped and what the safety gates held back. Pure data, JSON-serialisable.
 */
import type { MemberNamesByTarget } from './member-names.js';
import type { Op, OpType } from './op.js';
import type { AttrValue } from './entity.js';

/** A subscriber the mapping could not turn into entities, with the reason. */
export interface SkippedSubscriber {
  readonly source: string;
  readonly id: string;
  /** Target name the mapping was for. */
  readonly target: string;
  readonly reason: string;
}

/**
 * Something worth an operator's attention about a subscriber that was mapped all the same
 * (e.g. a granting service but an address no inventory device serves: no access). Not a skip.
 */
export interface PlanNotice {
  readonly source: string;
  readonly id: string;
  /** Target name the mapping was for. */
  readonly target: string;
  /** The same text for every subscriber in the same situation: reports group by it. */
  readonly message: string;
  /** This subscriber's particulars, e.g. `house '1001', entrance '7'`. */
  readonly detail: string;
}

/**
 * Why ops were held back. The safety gates' rules (`SAFETY_RULES`) need an operator: the plan
 * exits non-zero until they are approved or the cause is fixed. `excluded` (--no-delete …) and
 * `in_use` (waits for a later plan) are ordinary and do not.
 */
export type HeldBackRule = 'incomplete_read' | 'source_shrink' | 'delete_limit' | 'block_limit' | 'removal_limit' | 'excluded' | 'in_use';

export const SAFETY_RULES: ReadonlySet<HeldBackRule> = new Set(['incomplete_read', 'source_shrink', 'delete_limit', 'block_limit', 'removal_limit']);

/** Ops held back by the safety gates (not by --no-… or in_use): what makes exit code 4. */
export function heldBySafety(plan: Pick<Plan, 'heldBack'>): number {
  let n = 0;
  for (const h of plan.heldBack) if (SAFETY_RULES.has(h.rule)) n += h.ops;
  return n;
}

/** Something the safety gates refused to plan, and why. */
export interface HeldBack {
  readonly target: string;
  /** in_use: something the plan leaves in place still points at the entity (plan/in-use.ts). */
  readonly rule: HeldBackRule;
  readonly message: string;
  /** How many ops were held back. */
  readonly ops: number;
}

/** How the live target differs from the snapshot (`plan --refresh`). */
export interface DriftEntry {
  readonly target: string;
  readonly kind: string;
  readonly key: string;
  /** missing: the target does not have it (the plan re-creates it); changed: it differs. */
  readonly type: 'missing' | 'changed';
  readonly attrs: readonly { readonly attr: string; readonly snapshot: AttrValue; readonly live: AttrValue }[];
  /** Set members on the target that the snapshot did not have (and the mapping wants). */
  readonly added: Readonly<Record<string, readonly string[]>>;
  /** Set members the snapshot had that the target lost. */
  readonly removed: Readonly<Record<string, readonly string[]>>;
  /** Members the platform added by itself (not desired), and what the drift policy does. */
  readonly platformAdded?: Readonly<Record<string, readonly string[]>>;
  readonly policy?: 'enforce' | 'keep' | 'report';
}

/**
 * Entities of one kind a refresh did not read because the platform cannot read them by key
 * (`KindSpec.unobservable`): the plan keeps the snapshot's view of them.
 */
export interface UnobservedKind {
  readonly target: string;
  readonly kind: string;
  /** How many snapshot entities of the kind were left unread. */
  readonly entities: number;
  /** Why the platform cannot read them. */
  readonly reason: string;
}

export type OpCounts = Readonly<Partial<Record<OpType, number>>>;

export interface PlanSummary {
  /** Op counts per target. */
  readonly byTarget: Readonly<Record<string, OpCounts>>;
  readonly total: number;
  readonly skipped: number;
  /** Ops held back, all rules. */
  readonly heldBack: number;
  /** Of those, the ops the safety gates held back: above 0 makes exit code 4. */
  readonly heldBySafety: number;
  /** Source calls made to confirm destructive ops by reading the subscriber again. */
  readonly pointReads?: number;
}

/**
 * Snapshot rows of one target named for a restricted plan: of these subscribers (by origin), of
 * these identities, and every row of these kinds. The union is read; nothing else.
 */
export interface SnapshotScope {
  readonly origins?: readonly { readonly source: string; readonly id: string }[];
  readonly keys?: readonly { readonly kind: string; readonly key: string }[];
  readonly kinds?: readonly string[];
}

export interface Plan {
  /** Format version of the serialised plan. */
  readonly version: 1;
  readonly createdAt: string;
  /** Hash of the resolved configuration (secrets excluded) the plan was made from. */
  readonly configHash: string;
  /**
   * Per target: hash of the snapshot the plan was diffed against — the whole snapshot, or for a
   * target in `snapshotScopes` exactly the rows that scope names.
   */
  readonly snapshotHashes: Readonly<Record<string, string>>;
  /**
   * Per target, when the plan was restricted to named subscribers (a trigger, a change-driven
   * round) and read only their rows: which rows it read, so an apply re-reads exactly those to
   * check the hash (engine/restricted-snapshot.ts). Absent = the whole snapshot was read.
   */
  readonly snapshotScopes?: Readonly<Record<string, SnapshotScope>>;
  readonly ops: readonly Op[];
  readonly skipped: readonly SkippedSubscriber[];
  /** Present when there are any: mapped subscribers an operator should look at. */
  readonly notices?: readonly PlanNotice[];
  readonly heldBack: readonly HeldBack[];
  /**
   * Per target, the hash of exactly what the safety gates held back (`billsync approve TARGET
   * --hash H`); present when anything was.
   */
  readonly heldHashes?: Readonly<Record<string, string>>;
  /** Present when the plan was made with --refresh. */
  readonly drift?: readonly DriftEntry[];
  /** With --refresh, when any: kinds the refresh could not read (their snapshot view was kept). */
  readonly unobserved?: readonly UnobservedKind[];
  /**
   * Names of the set members the ops touch (tariffs, subscriptions), per target, for reports;
   * present when any are known (model/member-names.ts). Ops keep the ids.
   */
  readonly memberNames?: MemberNamesByTarget;
  readonly summary: PlanSummary;
}
