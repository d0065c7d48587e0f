/**
 * The one back-off table. Source clients (retries of one request), the apply executor (retries of
 * one op) and the daemon's circuit breaker (cool-downs of a target) all wait by these rules, so a
 * server's Retry-After means the same thing wherever billsync meets it. Pure: the caller passes
 * the randomness, and waits with util/sleep (abortable).
 */

/** How waits grow: `baseDelayMs` for the first, doubling per attempt, never above `maxDelayMs`. */
export interface Backoff {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Longest server-requested wait (Retry-After) honoured, even above `maxDelayMs`: a server that
 * asks for more gets asked again after this long rather than hold a read or an apply for an
 * unbounded time. An abort cuts any wait short.
 */
export const MAX_RETRY_AFTER_MS = 120_000;

/** The `n`-th wait (1-based) without jitter: base·2^(n−1), capped. The circuit breaker's cool-downs. */
export function exponentialDelay(n: number, b: Backoff): number {
  return Math.min(b.maxDelayMs, b.baseDelayMs * 2 ** Math.max(0, n - 1));
}

/**
 * The wait before retry `n` (1-based). "Equal jitter": at least half the exponential wait, so
 * clients failing together never stampede back at once. A server's Retry-After raises the wait
 * (up to MAX_RETRY_AFTER_MS) but never lowers it: `Retry-After: 0` from a struggling server does
 * not turn into a tight loop — the gentler reading for the platform and for the subscribers on it.
 */
export function retryDelay(n: number, b: Backoff, opts: { readonly retryAfterMs?: number; readonly random?: () => number } = {}): number {
  const exp = exponentialDelay(n, b);
  const jittered = exp / 2 + (opts.random ?? Math.random)() * (exp / 2);
  const asked = opts.retryAfterMs === undefined ? 0 : Math.min(opts.retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.round(Math.max(jittered, asked));
}
