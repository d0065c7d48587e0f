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
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
