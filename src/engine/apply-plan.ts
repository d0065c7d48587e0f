/**
 * `apply`: run a plan against the targets, recording the run. The I/O glue around the executor.
 */
import type { Plan } from '../model/plan.js';
import type { SnapshotEntity } from '../model/entity.js';
import { executePlan, rowKey, type ApplyProgress, type ApplyResult } from '../apply/executor.js';
import { sha256, canonicalJson } from '../model/hash.js';
import type { RunMode } from '../store/store.js';
import type { Runtime } from './runtime.js';
import { snapshotForApply } from './apply-snapshot.js';

export interface ApplyPlanOptions {
  readonly mode?: RunMode;
  /**
   * Snapshot rows the plan was made from; loaded from the store when absent (a restricted
   * plan's: the rows it names, see apply-snapshot.ts).
   */
  readonly snapshots?: ReadonlyMap<string, readonly SnapshotEntity[]>;
  readonly onProgress?: (p: ApplyProgress) => void;
  readonly signal?: AbortSignal;
}

export async function applyPlan(rt: Runtime, plan: Plan, opts: ApplyPlanOptions = {}): Promise<ApplyResult> {
  const rows = new Map<string, Map<string, SnapshotEntity>>();
  for (const name of rt.targets.keys()) {
    const loaded = await snapshotForApply(rt, plan, name, opts.snapshots?.get(name));
    rows.set(name, new Map(loaded.map((e) => [rowKey(e.kind, e.key), e])));
  }
  const runId = await rt.store.beginRun(opts.mode ?? 'apply', sha256(canonicalJson(plan.ops)));
  let result: ApplyResult;
  try {
    result = await executePlan(plan, runId, {
      store: rt.store,
      targets: rt.targets,
      configs: rt.config.targets,
      snapshot: rows,
      logger: rt.logger.child({ run: runId }),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    await rt.store.finishRun(runId, 'failed', {}).catch(() => undefined);
    throw err;
  }
  // Interrupted is what the operator did, even when the last op was already in flight: exit 130 and the run agree.
  const status = opts.signal?.aborted ? 'interrupted' : result.failed.length + result.notRun.length === 0 ? 'ok' : result.succeeded > 0 ? 'partial' : 'failed';
  await rt.store.finishRun(runId, status, {
    total: result.total,
    succeeded: result.succeeded,
    failed: result.failed.length,
    not_run: result.notRun.length,
    skipped_subscribers: plan.skipped.length,
    held_back: plan.summary.heldBySafety,
  });
  return result;
}
