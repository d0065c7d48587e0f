/**
 * Applies a plan: every op runs when the ops it depends on have succeeded, through its target's
 * queue, with retries per the retry table. Each success is committed (op log + snapshot row) in
 * one transaction before dependents start. A failure fails that entity and what depends on it;
 * everything else goes on.
 */
import type { SnapshotEntity } from '../model/entity.js';
import type { Op } from '../model/op.js';
import type { ApplyResult, FailedOp } from '../model/apply-result.js';
import type { Plan } from '../model/plan.js';
import type { TargetConfig } from '../config/types.js';
import type { Store } from '../store/store.js';
import type { Target } from '../targets/target.js';
import { kindSpec } from '../model/kind.js';
import type { Logger } from '../util/logger.js';
import { TargetQueues } from './queue.js';
import { decideRetry, failureReason } from './retry.js';
import { snapshotChange, storedOp } from './snapshot-change.js';
import { sleep as abortableSleep } from '../util/sleep.js';
import { CommitFailed, FailureStreaks, TargetStopped } from './failure-streaks.js';

export type { ApplyResult } from '../model/apply-result.js';

/** One target's share of an apply's progress. */
export interface TargetProgress {
  /** Ops settled (succeeded, failed or not run). */
  readonly done: number;
  readonly total: number;
  /** Of `done`, ops that failed or were not run. */
  readonly failed: number;
}

export interface ApplyProgress {
  /** Ops settled so far, all targets together. */
  readonly done: number;
  readonly total: number;
  /** Of `done`, ops that failed or were not run. */
  readonly failed: number;
  /** Per target, in plan order. A live view: copy what you keep past the callback. */
  readonly targets: Readonly<Record<string, TargetProgress>>;
}

export interface ExecutorDeps {
  readonly store: Store;
  readonly targets: ReadonlyMap<string, Target>;
  readonly configs: Readonly<Record<string, TargetConfig>>;
  /** Current snapshot rows per target; updated in place as ops commit. */
  readonly snapshot: ReadonlyMap<string, Map<string, SnapshotEntity>>;
  readonly logger: Logger;
  /** Waits between retries; must reject when `signal` aborts (default: util/sleep). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly onProgress?: (p: ApplyProgress) => void;
  /** Stop taking new ops; in-flight ones finish and commit. */
  readonly signal?: AbortSignal;
}

/** Key of a snapshot row within its target's map. */
export const rowKey = (kind: string, key: string): string => `${kind}\u0000${key}`;

export async function executePlan(plan: Plan, runId: string, deps: ExecutorDeps): Promise<ApplyResult> {
  const sleep = deps.sleep ?? abortableSleep;
  const streaks = new FailureStreaks(deps.configs);
  const queues = new TargetQueues(deps.configs);
  const bySeq = new Map(plan.ops.map((op) => [op.seq, op]));
  const waitingOn = new Map<number, number>();
  const dependents = new Map<number, number[]>();
  for (const op of plan.ops) {
    waitingOn.set(op.seq, op.after.length);
    for (const dep of op.after) {
      const list = dependents.get(dep) ?? [];
      list.push(op.seq);
      dependents.set(dep, list);
    }
  }

  const failed: FailedOp[] = [];
  const notRun: FailedOp[] = [];
  let succeeded = 0;
  let settled = 0;
  let finish!: () => void;
  const allDone = new Promise<void>((r) => (finish = r));
  const total = plan.ops.length;
  if (total === 0) finish();

  const perTarget: Record<string, { done: number; total: number; failed: number }> = {};
  for (const op of plan.ops) (perTarget[op.target] ??= { done: 0, total: 0, failed: 0 }).total++;
  let failedCount = 0;
  const settle = (op: Op, ok: boolean): void => {
    settled++;
    const t = perTarget[op.target]!;
    t.done++;
    if (!ok) {
      t.failed++;
      failedCount++;
    }
    deps.onProgress?.({ done: settled, total, failed: failedCount, targets: perTarget });
    if (settled === total) finish();
  };

  /** The op as the op log keeps it (secret values as digests). */
  const logged = (op: Op): Op => {
    const target = deps.targets.get(op.target);
    return target ? storedOp(op, kindSpec(target.kinds, op.kind), deps.store.secrets) : op;
  };

  const skipDependents = async (seq: number, why: string): Promise<void> => {
    for (const d of dependents.get(seq) ?? []) {
      const op = bySeq.get(d)!;
      if (!waitingOn.has(d)) continue;
      waitingOn.delete(d);
      const reason = `not run: ${why}`;
      notRun.push({ op, reason, attempts: 0 });
      await deps.store.recordOpFailure(runId, logged(op), 'skipped', 0, reason);
      settle(op, false);
      await skipDependents(d, why);
    }
  };

  // Per target, remote id → key of the rows (ExecuteContext.keyOf), kept up to date as ops commit.
  const reverse = new Map<string, Map<string, string>>();
  const keysByRemoteId = (target: string, rows: ReadonlyMap<string, SnapshotEntity>): Map<string, string> => {
    let keys = reverse.get(target);
    if (!keys) {
      keys = new Map();
      for (const r of rows.values()) if (r.remoteId !== null) keys.set(rowKey(r.kind, r.remoteId), r.key);
      reverse.set(target, keys);
    }
    return keys;
  };

  const run = (op: Op, attempt: number): void => {
    if (deps.signal?.aborted || streaks.stopped(op.target)) {
      void stopOp(op, streaks.stopped(op.target) ?? undefined);
      return;
    }
    queues
      .run(op.target, () => attemptOp(op))
      .then(
        async () => {
          streaks.success(op.target);
          succeeded++;
          settle(op, true);
          for (const d of dependents.get(op.seq) ?? []) release(d);
        },
        async (err: unknown) => {
          // The target call succeeded but its result could not be recorded: stop the run.
          if (err instanceof CommitFailed) throw err.toStoreError(op);
          if (err instanceof TargetStopped) return stopOp(op, err.message);
          const decision = decideRetry(err, attempt, deps.configs[op.target]!.retry, deps.random);
          if (decision.retry && !deps.signal?.aborted && !streaks.stopped(op.target)) {
            deps.logger.warn({ target: op.target, kind: op.kind, key: op.key, attempt, delayMs: decision.delayMs, err: failureReason(err) }, `retrying: ${decision.rule}`);
            try {
              await sleep(decision.delayMs, deps.signal);
            } catch {
              return stopOp(op);
            }
            run(op, attempt + 1);
            return;
          }
          const reason = failureReason(err);
          deps.logger.error({ target: op.target, kind: op.kind, key: op.key, attempts: attempt, reason }, 'op failed');
          failed.push({ op, reason, attempts: attempt });
          // Counted before any await: the queue starts the next op meanwhile.
          const stop = streaks.failure(op, reason);
          if (stop) deps.logger.error({ target: op.target, reason }, stop);
          await deps.store.recordOpFailure(runId, logged(op), 'failed', attempt, reason);
          settle(op, false);
          await skipDependents(op.seq, `${op.type} of ${op.kind} ${op.key} failed`);
        },
      )
      .catch((err: unknown) => {
        // A failure while recording a result (the store is down): stop everything, loudly.
        storeFailure ??= err;
        finish();
      });

    async function attemptOp(o: Op): Promise<void> {
      // Queued before the apply or its target was stopped: it never reaches the target.
      if (deps.signal?.aborted) throw new TargetStopped('the apply was stopped');
      const stopped = streaks.stopped(o.target);
      if (stopped) throw new TargetStopped(stopped);
      const target = deps.targets.get(o.target)!;
      const rows = deps.snapshot.get(o.target)!;
      const keys = keysByRemoteId(o.target, rows);
      const result = await target.execute(o, {
        remoteIdOf: (kind, key) => rows.get(rowKey(kind, key))?.remoteId ?? null,
        keyOf: (kind, remoteId) => keys.get(rowKey(kind, remoteId)) ?? null,
      });
      const prev = rows.get(rowKey(o.kind, o.key));
      const spec = kindSpec(target.kinds, o.kind);
      const change = snapshotChange(o, prev, result, spec, deps.store.secrets);
      try {
        await deps.store.commitOp(runId, storedOp(o, spec, deps.store.secrets), attempt, change);
      } catch (err) {
        throw new CommitFailed(err);
      }
      if (prev?.remoteId != null && keys.get(rowKey(o.kind, prev.remoteId)) === o.key) keys.delete(rowKey(o.kind, prev.remoteId));
      if (change.kind === 'put') {
        rows.set(rowKey(o.kind, o.key), change.entity);
        if (change.entity.remoteId !== null) keys.set(rowKey(o.kind, change.entity.remoteId), o.key);
      } else rows.delete(rowKey(o.kind, o.key));
    }
  };

  const stopOp = async (op: Op, why = 'the apply was stopped'): Promise<void> => {
    const reason = `not run: ${why}`;
    notRun.push({ op, reason, attempts: 0 });
    await deps.store.recordOpFailure(runId, logged(op), 'skipped', 0, reason);
    settle(op, false);
    await skipDependents(op.seq, why);
  };

  const release = (seq: number): void => {
    // Already settled as not-run because another of its dependencies failed.
    if (!waitingOn.has(seq)) return;
    const left = waitingOn.get(seq)! - 1;
    if (left > 0) {
      waitingOn.set(seq, left);
      return;
    }
    waitingOn.delete(seq);
    run(bySeq.get(seq)!, 1);
  };

  let storeFailure: unknown;
  for (const op of plan.ops) {
    if (op.after.length === 0) {
      waitingOn.delete(op.seq);
      run(op, 1);
    }
  }
  await allDone;
  if (storeFailure !== undefined) {
    queues.clear();
    throw storeFailure;
  }
  return { runId, total, succeeded, failed, notRun };
}
