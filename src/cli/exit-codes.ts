/** Exit codes, as DESIGN.md fixes them. */
export const EXIT = {
  /** Success, or no changes. */
  ok: 0,
  /** An error: bad config, unreachable system, bug. */
  error: 1,
  /** `plan --detailed-exitcode`: changes are present. */
  changes: 2,
  /** `apply` finished, but some entities failed. */
  partial: 3,
  /**
   * Destructive changes were held back by the safety gates (`plan --detailed-exitcode`, `apply`,
   * `approve`): nothing is wrong with billsync, but an operator must look (approve or fix).
   */
  heldBack: 4,
  /** Interrupted by SIGINT/SIGTERM; what ran is recorded, the next apply picks up the rest. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
