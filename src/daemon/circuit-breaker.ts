/**
 * A per-target circuit breaker: after `threshold` consecutive failed runs the target is left
 * alone for a cool-down that doubles with every reopening (up to `maxCooldownMs`); then one run
 * is let through (half-open): success closes the circuit, failure reopens it for longer.
 * Pure state machine; the caller passes the clock. The cool-downs grow by the shared back-off
 * table (util/backoff), as retries of requests and ops do.
 *
 * Why not a library breaker (cockatiel's CircuitBreakerPolicy): it reads Date.now() itself, so
 * the daemon's injected clock and these tests could not drive it; it does not say when an open
 * circuit lets a run through (the worker schedules its next run at that instant and status shows
 * it); and it counts thrown errors, while a run here "fails" by outcome (no op succeeded).
 */
import { exponentialDelay } from '../util/backoff.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Consecutive failed runs that open the circuit. */
  readonly threshold: number;
  /** First cool-down. */
  readonly baseCooldownMs: number;
  readonly maxCooldownMs: number;
}

export interface BreakerStatus {
  readonly state: BreakerState;
  readonly consecutiveFailures: number;
  /** When an open circuit lets a run through again (ms since epoch), null when not open. */
  readonly openUntil: number | null;
  readonly lastError: string | null;
}

export class CircuitBreaker {
  private failures = 0;
  /** How many times in a row the circuit has opened without a success in between. */
  private opens = 0;
  private openUntil: number | null = null;
  private lastError: string | null = null;

  constructor(private readonly opts: BreakerOptions) {}

  state(now: number): BreakerState {
    if (this.openUntil === null) return 'closed';
    return now < this.openUntil ? 'open' : 'half_open';
  }

  /** Whether a run may start now (closed, or half-open and due for its trial run). */
  allows(now: number): boolean {
    return this.state(now) !== 'open';
  }

  /** Milliseconds until an open circuit lets a run through; 0 when it does now. */
  waitMs(now: number): number {
    return this.openUntil === null ? 0 : Math.max(0, this.openUntil - now);
  }

  success(): void {
    this.failures = 0;
    this.opens = 0;
    this.openUntil = null;
    this.lastError = null;
  }

  failure(now: number, reason: string): void {
    this.failures++;
    this.lastError = reason;
    // A failed trial run reopens at once; otherwise wait for the threshold.
    const trialFailed = this.openUntil !== null;
    if (!trialFailed && this.failures < this.opts.threshold) return;
    this.opens++;
    const cooldown = exponentialDelay(this.opens, { baseDelayMs: this.opts.baseCooldownMs, maxDelayMs: this.opts.maxCooldownMs });
    this.openUntil = now + cooldown;
  }

  status(now: number): BreakerStatus {
    return {
      state: this.state(now),
      consecutiveFailures: this.failures,
      openUntil: this.state(now) === 'closed' ? null : this.openUntil,
      lastError: this.lastError,
    };
  }
}
