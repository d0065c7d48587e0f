/**
 * Rate limiting shared by sources and the apply queues: at most `requests` per `perSeconds`
 * window and `concurrency` in flight, enforced by p-queue.
 */
import PQueue from 'p-queue';

export interface RateLimit {
  /** Requests allowed per window; 0 or absent = unlimited. */
  readonly requests?: number;
  readonly perSeconds?: number;
  /** Requests in flight at once. */
  readonly concurrency?: number;
}

/** Called each time a limiter's window fills and its next tasks must wait (metrics). */
export type RateLimitListener = (label: string) => void;
const listeners = new Set<RateLimitListener>();

/** Observes every limiter's rate-limit waits; returns the unsubscribe function. */
export function onRateLimitWait(listener: RateLimitListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `label` names the limiter to rate-limit observers, e.g. `target:smarty`. */
export function createLimiter(limit: RateLimit = {}, label = 'unnamed'): PQueue {
  const concurrency = Math.max(1, limit.concurrency ?? 8);
  if (!limit.requests) return new PQueue({ concurrency });
  // A window of 1/10 s with a tenth of the cap smooths bursts: the rate holds over any second
  // instead of firing the whole allowance at the window start.
  const perMs = (limit.perSeconds ?? 1) * 1000;
  const slices = limit.requests >= 20 ? 10 : 1;
  const queue = new PQueue({
    concurrency,
    intervalCap: Math.max(1, Math.floor(limit.requests / slices)),
    interval: Math.round(perMs / slices),
    carryoverIntervalCount: true,
  });
  queue.on('rateLimit', () => {
    for (const l of listeners) l(label);
  });
  return queue;
}
