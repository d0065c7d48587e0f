/**
 * The console's Approve inside the daemon: the same path as `billsync approve` (planApproval,
 * then applyPlan, then the stored held-back set cleared), run by the target's worker — under its
 * KeyedMutex and only while this process leads the target — since the daemon already holds the
 * writer lock and must not take it again.
 */
import { applyPlan } from '../engine/apply-plan.js';
import { planApproval } from '../engine/approve.js';
import type { Runtime } from '../engine/runtime.js';
import type { Logger } from '../util/logger.js';
import type { DaemonMetrics } from './metrics.js';
import { scopeRuntime } from './scoped-runtime.js';

export interface ApprovalOutcome {
  readonly target: string;
  readonly hash: string;
  /** applied: the set was applied (see failed); nothing: nothing is held back any more. */
  readonly status: 'applied' | 'nothing';
  readonly runId: string | null;
  readonly ops: number;
  readonly succeeded: number;
  readonly failed: readonly { readonly kind: string; readonly key: string; readonly type: string; readonly reason: string }[];
  readonly notRun: number;
}

/**
 * Applies exactly the held-back set `hash` of `target`. Throws PLAN_STALE (engine/approve.ts)
 * when the set moved since the operator saw it: nothing is applied then.
 */
export async function approveTarget(rt: Runtime, target: string, hash: string, opts: { signal: AbortSignal; logger: Logger; metrics?: DaemonMetrics }): Promise<ApprovalOutcome> {
  const scoped = scopeRuntime(rt, target, opts.logger);
  const { plan, snapshots } = await planApproval(scoped, target, hash);
  const base = { target, hash };
  if (plan.ops.length === 0) {
    await rt.store.putHeldBack(target, null);
    opts.metrics?.heldBack(target, 0);
    return { ...base, status: 'nothing', runId: null, ops: 0, succeeded: 0, failed: [], notRun: 0 };
  }
  const result = await applyPlan(scoped, plan, { mode: 'apply', snapshots, signal: opts.signal });
  opts.metrics?.applied(plan, result);
  // As `billsync approve` does: the approved set is no longer pending, whatever failed in it —
  // a failed op is planned again (and gated again) by the next reconcile.
  await rt.store.putHeldBack(target, null);
  opts.metrics?.heldBack(target, 0);
  return {
    ...base,
    status: 'applied',
    runId: result.runId,
    ops: result.total,
    succeeded: result.succeeded,
    failed: result.failed.map((f) => ({ kind: f.op.kind, key: f.op.key, type: f.op.type, reason: f.reason })),
    notRun: result.notRun.length,
  };
}
