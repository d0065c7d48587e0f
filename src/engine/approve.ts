/**
 * Approval of a held-back set (`billsync approve`, the console's Approve button): plan the
 * target again with the approval; if the safety gates now hold back nothing on it, the set is
 * exactly the one approved — its destructive ops (and what they wait for) are the plan to
 * apply. If it moved, refuse naming the new hash. The caller holds the writer lock.
 */
import { BillsyncError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import type { SnapshotEntity } from '../model/entity.js';
import { approvedOps } from '../plan/approved-ops.js';
import { makePlan } from './make-plan.js';
import type { Runtime } from './runtime.js';

export interface ApprovedPlan {
  /** Only the approved ops and their dependencies; empty when nothing is held back any more. */
  readonly plan: Plan;
  readonly snapshots: ReadonlyMap<string, readonly SnapshotEntity[]>;
  readonly hash: string;
}

/** `rt` should be scoped to `target` (daemon/scoped-runtime.ts); `hash` defaults to the stored set. */
export async function planApproval(rt: Runtime, target: string, hash?: string): Promise<ApprovedPlan> {
  const recorded = (await rt.store.listHeldBack()).find((h) => h.target === target);
  const approved = hash ?? recorded?.hash;
  if (!approved) {
    throw new BillsyncError('USAGE', `nothing held back on ${target} is recorded in the store`, { fix: `run 'billsync plan' and pass the hash it prints: billsync approve ${target} --hash H` });
  }
  const made = await makePlan(rt, { overrides: { approved: { [target]: approved } } });
  const now = made.plan.heldHashes?.[target];
  if (now !== undefined) {
    throw new BillsyncError('PLAN_STALE', `the changes held back on ${target} are no longer the set ${approved} (now ${now}): nothing was applied`, {
      fix: `review them again with 'billsync plan', then: billsync approve ${target} --hash ${now}`,
    });
  }
  return { plan: approvedOps(made.plan, target), snapshots: made.snapshots, hash: approved };
}
