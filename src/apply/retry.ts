/**
 * Retry rules as data: which failures of an op are retried. How long to wait is the shared
 * back-off table's answer (util/backoff), the same the source clients use.
 */
import { BillsyncError, TargetRequestError } from '../model/errors.js';
import type { RetryPolicy } from '../config/types.js';
import { retryDelay } from '../util/backoff.js';

export interface RetryRule {
  readonly name: string;
  readonly matches: (err: unknown) => boolean;
  readonly retry: boolean;
}

const status = (err: unknown): number | undefined => (err instanceof TargetRequestError ? err.status : undefined);

/** First matching rule wins. */
export const RETRY_RULES: readonly RetryRule[] = [
  { name: 'rate limited (429)', matches: (e) => status(e) === 429, retry: true },
  { name: 'server error (5xx)', matches: (e) => (status(e) ?? 0) >= 500, retry: true },
  { name: 'transient (network, timeout, unknown server error)', matches: (e) => e instanceof TargetRequestError && e.retryable, retry: true },
  { name: 'rejected by the target', matches: (e) => e instanceof TargetRequestError, retry: false },
  { name: 'billsync error', matches: (e) => e instanceof BillsyncError, retry: false },
  { name: 'internal error', matches: () => true, retry: false },
];

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly rule: string }
  | { readonly retry: false; readonly rule: string };

/**
 * Decides what to do after `attempt` (1-based) failed with `err`.
 * `random` is injectable so tests are deterministic.
 */
export function decideRetry(err: unknown, attempt: number, policy: RetryPolicy, random: () => number = Math.random): RetryDecision {
  const rule = RETRY_RULES.find((r) => r.matches(err))!;
  if (!rule.retry || attempt >= policy.maxAttempts) return { retry: false, rule: rule.name };
  const retryAfterMs = err instanceof TargetRequestError ? err.retryAfterMs : undefined;
  const delayMs = retryDelay(attempt, policy, { ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), random });
  return { retry: true, delayMs, rule: rule.name };
}

/** The message recorded for a failed entity; unknown errors are labelled as bugs. */
export function failureReason(err: unknown): string {
  if (err instanceof BillsyncError) return err.format();
  const msg = err instanceof Error ? err.message : String(err);
  return `internal error (a bug in billsync, please report it): ${msg}`;
}
