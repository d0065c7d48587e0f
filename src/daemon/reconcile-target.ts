/**
 * One reconcile of one target: plan (all its subscribers, or the ones a trigger names) and apply
 * that target's ops. The I/O glue between the daemon's schedule/triggers and the engine.
 */
import type { ApplyResult } from '../apply/executor.js';
import { applyPlan } from '../engine/apply-plan.js';
import { makePlan } from '../engine/make-plan.js';
import type { Runtime } from '../engine/runtime.js';
import { SAFETY_RULES, type HeldBack, type Plan, type SkippedSubscriber } from '../model/plan.js';
import type { Logger } from '../util/logger.js';
import type { DaemonMetrics } from './metrics.js';
import { scopeRuntime } from './scoped-runtime.js';
import { writeRekeyed } from '../engine/rekey.js';
import type { SharedReads } from './shared-reads.js';

export interface TargetRunOutcome {
  readonly target: string;
  /** ok: everything applied (or nothing to do); partial/failed: some/all ops failed. */
  readonly status: 'ok' | 'partial' | 'failed';
  readonly runId: string | null;
  readonly ops: number;
  readonly succeeded: number;
  readonly failed: readonly { readonly kind: string; readonly key: string; readonly type: string; readonly reason: string }[];
  readonly notRun: number;
  readonly heldBack: readonly HeldBack[];
  /** Hash of what the safety gates held back (billsync approve TARGET --hash H); absent when nothing. */
  readonly heldHash?: string;
  readonly skipped: readonly SkippedSubscriber[];
  /** Subscribers read per source (a full reconcile; a trigger reads one). */
  readonly read: Readonly<Record<string, number>>;
  /**
   * Whether the target itself looks broken (for the circuit breaker): no op succeeded and an op
   * failed after exhausting its retries (network, 5xx, 429) — not one subscriber's bad data.
   */
  readonly targetTrouble: boolean;
}

export interface ReconcileOptions {
  /** Only these subscribers (a trigger); absent = a full reconcile. */
  readonly only?: readonly { source: string; id: string }[];
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly metrics?: DaemonMetrics;
  /** The daemon's shared source reads (a full reconcile reads through them). */
  readonly shared?: SharedReads;
}

/** Plans and applies one target. Throws on a failed source read or store error. */
export async function reconcileTarget(rt: Runtime, target: string, opts: ReconcileOptions): Promise<TargetRunOutcome> {
  const scoped = scopeRuntime(rt, target, opts.logger, opts.shared);
  const made = await makePlan(scoped, opts.only ? { only: opts.only } : {});
  for (const [source, ms] of Object.entries(made.timings.readMs)) opts.metrics?.sourceRead(source, opts.only ? 'one' : 'full', ms);
  const { plan } = made;
  const read = Object.fromEntries(made.subscribers);
  if (!opts.only) await recordHeldBack(rt, target, plan, opts);
  if (!opts.only) await writeRekeyed(rt.store, plan, made.rekey);
  await endPurchases(rt, target, made.purchasesEnded.get(target), opts.logger);
  if (plan.ops.length === 0) {
    return { target, status: 'ok', runId: null, ops: 0, succeeded: 0, failed: [], notRun: 0, heldBack: plan.heldBack, ...held(plan, target), skipped: plan.skipped, read, targetTrouble: false };
  }
  // Applied even when the signal has fired meanwhile: the executor then records every op as
  // not run, which the next run picks up — nothing is half-done.
  const result = await applyPlan(scoped, plan, { mode: opts.only ? 'sync' : 'run', snapshots: made.snapshots, signal: opts.signal });
  opts.metrics?.applied(plan, result);
  return { ...outcome(target, result, plan.heldBack, plan.skipped), read, ...held(plan, target) };
}

/**
 * Committed upsale purchases the billing now reflects (or past keep_for) are no longer laid over
 * the desired state: recorded here, by the writer, so a later billing change is not overruled.
 */
async function endPurchases(rt: Runtime, target: string, ended: { reflected: readonly string[]; expired: readonly string[] } | undefined, logger: Logger): Promise<void> {
  if (!ended) return;
  const at = new Date().toISOString();
  if (ended.reflected.length > 0) {
    await rt.store.purchases.end(target, ended.reflected, 'reflected', at);
    logger.info({ target, purchases: ended.reflected }, 'upsale purchases now reflected by the billing');
  }
  if (ended.expired.length > 0) {
    await rt.store.purchases.end(target, ended.expired, 'expired', at);
    logger.warn({ target, purchases: ended.expired }, 'upsale purchases expired (keep_for) before the billing reflected them: no longer kept');
  }
}

const held = (plan: Plan, target: string): { heldHash?: string } => (plan.heldHashes?.[target] !== undefined ? { heldHash: plan.heldHashes[target] } : {});

/**
 * Stores what the safety gates hold back on the target (status, /healthz, approve read it) and
 * logs it once per change of the set, not every round.
 */
async function recordHeldBack(rt: Runtime, target: string, plan: Plan, opts: ReconcileOptions): Promise<void> {
  const hash = plan.heldHashes?.[target];
  const reasons = plan.heldBack.filter((h) => h.target === target && SAFETY_RULES.has(h.rule));
  const ops = reasons.reduce((n, h) => n + h.ops, 0);
  opts.metrics?.heldBack(target, ops);
  const changed = await rt.store.putHeldBack(target, hash === undefined ? null : { hash, ops, reasons });
  if (!changed) return;
  if (hash === undefined) opts.logger.info({ target }, 'nothing held back any more');
  else for (const h of reasons) opts.logger.warn({ rule: h.rule, ops: h.ops, hash }, `held back: ${h.message}`);
}

function outcome(target: string, r: ApplyResult, heldBack: readonly HeldBack[], skipped: readonly SkippedSubscriber[]): Omit<TargetRunOutcome, 'read'> {
  const status = r.failed.length + r.notRun.length === 0 ? 'ok' : r.succeeded > 0 ? 'partial' : 'failed';
  return {
    target,
    status,
    runId: r.runId,
    ops: r.total,
    succeeded: r.succeeded,
    failed: r.failed.map((f) => ({ kind: f.op.kind, key: f.op.key, type: f.op.type, reason: f.reason })),
    notRun: r.notRun.length,
    heldBack,
    skipped,
    targetTrouble: r.succeeded === 0 && r.failed.some((f) => f.attempts > 1),
  };
}
