/**
 * Fast failure during an apply: a target whose ops keep failing alike (a wrong key, a platform
 * that is down) is stopped for the run after `retry.stop_after` failures in a row with the same
 * reason; its remaining ops are left as not run for the next apply. One subscriber's bad data
 * fails alone and resets nothing: only identical reasons count, and any success resets.
 */
import type { TargetConfig } from '../config/types.js';
import { DEFAULT_STOP_AFTER } from '../config/types.js';
import { BillsyncError } from '../model/errors.js';
import type { Op } from '../model/op.js';

export class FailureStreaks {
  private readonly streaks = new Map<string, { reason: string; count: number }>();
  private readonly stoppedWhy = new Map<string, string>();

  constructor(private readonly configs: Readonly<Record<string, TargetConfig>>) {}

  success(target: string): void {
    this.streaks.delete(target);
  }

  /** Counts a final failure; returns the stop message when it stops the target. */
  failure(op: Op, reason: string): string | null {
    if (this.stoppedWhy.has(op.target)) return null;
    const same = sameReason(reason, op);
    const prev = this.streaks.get(op.target);
    const count = prev?.reason === same ? prev.count + 1 : 1;
    this.streaks.set(op.target, { reason: same, count });
    const limit = this.configs[op.target]?.retry.stopAfter ?? DEFAULT_STOP_AFTER;
    if (count < limit) return null;
    const why = `target ${op.target} stopped for this run after ${count} ops failed in a row with the same reason (${reason})`;
    this.stoppedWhy.set(op.target, why);
    return why;
  }

  /** Why the target was stopped, or null while it runs. */
  stopped(target: string): string | null {
    return this.stoppedWhy.get(target) ?? null;
  }
}

/** A reason with the entity's own key and any numbers blanked: `customer 1234: error 4` ~ `customer 987: error 4`. */
function sameReason(reason: string, op: Op): string {
  return reason.split(op.key).join('…').replace(/\d+/g, '#');
}

/** An op was not attempted because its target was stopped meanwhile. */
export class TargetStopped extends Error {}

/** The target call succeeded, but writing its result to the store failed. */
export class CommitFailed extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }

  toStoreError(op: Op): BillsyncError {
    return new BillsyncError(
      'STORE',
      `recording the result of ${op.type} ${op.kind} ${op.key} on ${op.target} failed (${this.message}); the call to the target succeeded, so the next run finds that object and adopts it`,
      { fix: 'check the store (disk space, database connection, permissions), then run apply again', cause: this.cause },
    );
  }
}
