import { describe, expect, it } from 'vitest';
import { exponentialDelay, MAX_RETRY_AFTER_MS, retryDelay } from '../../../src/util/backoff.js';

const b = { baseDelayMs: 100, maxDelayMs: 1_000 };

describe('the back-off table', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 30].map((n) => exponentialDelay(n, b))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('jitters between half and all of the exponential wait', () => {
    expect(retryDelay(3, b, { random: () => 0 })).toBe(200);
    expect(retryDelay(3, b, { random: () => 0.5 })).toBe(300);
    expect(retryDelay(3, b, { random: () => 1 })).toBe(400);
  });

  it('lets Retry-After raise the wait, above maxDelayMs, up to its own cap — never lower it', () => {
    expect(retryDelay(1, b, { retryAfterMs: 5_000, random: () => 1 })).toBe(5_000);
    expect(retryDelay(1, b, { retryAfterMs: 10 * 60_000, random: () => 1 })).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelay(2, b, { retryAfterMs: 0, random: () => 1 })).toBe(200);
  });
});
