/**
 * A plan: the ordered ops that take each target from its snapshot (or live state) to the desired
 * state, plus what was skipped and what the safety gates held back. Pure data, JSON-serialisable.
 */
import type { Op, OpType } from './op.js';

/** A subscriber the mapping could not turn into entities, with the reason. */
export interface SkippedSubscriber {
  readonly source: string;
  readonly id: string;
  /** Target name the mapping was for. */
  readonly target: string;
  readonly reason: string;
}

/** Something the safety gates refused to plan, and why. */
export interface HeldBack {
  readonly target: string;
  readonly rule: 'source_shrink' | 'delete_limit' | 'excluded';
  readonly message: string;
  /** How many ops were held back. */
  readonly ops: number;
}

export type OpCounts = Readonly<Partial<Record<OpType, number>>>;

export interface PlanSummary {
  /** Op counts per target. */
  readonly byTarget: Readonly<Record<string, OpCounts>>;
  readonly total: number;
  readonly skipped: number;
  readonly heldBack: number;
}

export interface Plan {
  /** Format version of the serialised plan. */
  readonly version: 1;
  readonly createdAt: string;
  /** Hash of the resolved configuration (secrets excluded) the plan was made from. */
  readonly configHash: string;
  /** Per target: hash of the snapshot the plan was diffed against. */
  readonly snapshotHashes: Readonly<Record<string, string>>;
  readonly ops: readonly Op[];
  readonly skipped: readonly SkippedSubscriber[];
  readonly heldBack: readonly HeldBack[];
  readonly summary: PlanSummary;
}
