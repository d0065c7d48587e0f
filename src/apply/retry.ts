/**
 * Retry rules as data: which failures are retried, and how long to wait before the next attempt.
 * Capped exponential backoff with jitter; a server's Retry-After is honoured.
 */
import { BillsyncError, TargetRequestError } from '../model/errors.js';
import type { RetryPolicy } from '../config/types.js';

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

/** Longest wait honoured from a server's Retry-After. */
const MAX_RETRY_AFTER_MS = 120_000;

/**
 * Decides what to do after `attempt` (1-based) failed with `err`.
 * `random` is injectable so tests are deterministic.
 */
export function decideRetry(err: unknown, attempt: number, policy: RetryPolicy, random: () => number = Math.random): RetryDecision {
  const rule = RETRY_RULES.find((r) => r.matches(err))!;
  if (!rule.retry || attempt >= policy.maxAttempts) return { retry: false, rule: rule.name };
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // "Equal jitter": at least half the backoff, so retries never stampede back at once.
  const jittered = exp / 2 + random() * (exp / 2);
  const retryAfter = err instanceof TargetRequestError ? err.retryAfterMs : undefined;
  const delayMs = retryAfter === undefined ? jittered : Math.max(jittered, Math.min(retryAfter, MAX_RETRY_AFTER_MS));
  return { retry: true, delayMs: Math.round(delayMs), rule: rule.name };
}

/** The message recorded for a failed entity; unknown errors are labelled as bugs. */
export function failureReason(err: unknown): string {
  if (err instanceof BillsyncError) return err.format();
  const msg = err instanceof Error ? err.message : String(err);
  return `internal error (a bug in billsync, please report it): ${msg}`;
}
