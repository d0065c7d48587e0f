/**
 * What an apply reports: how many ops ran, which failed and why, which were not run. The executor
 * produces it; reports render it.
 */
import type { Op } from './op.js';

export interface FailedOp {
  readonly op: Op;
  readonly reason: string;
  readonly attempts: number;
}

export interface ApplyResult {
  readonly runId: string;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: readonly FailedOp[];
  /** Ops not attempted because an op they depend on failed (or the apply was stopped). */
  readonly notRun: readonly FailedOp[];
}
