import { describe, expect, it } from 'vitest';
import { nextDelay } from '../../../src/daemon/schedule.js';

describe('nextDelay (interval with jitter)', () => {
  it('never exceeds the interval and never goes below interval × (1 − jitter)', () => {
    for (const r of [0, 0.25, 0.5, 0.999]) {
      const d = nextDelay(60_000, 0.2, r);
      expect(d).toBeLessThanOrEqual(60_000);
      expect(d).toBeGreaterThanOrEqual(48_000);
    }
    expect(nextDelay(60_000, 0.2, 0)).toBe(60_000);
    expect(nextDelay(60_000, 0.2, 0.5)).toBe(54_000);
  });

  it('spreads starts: different draws give different delays', () => {
    const delays = new Set([0.1, 0.4, 0.7].map((r) => nextDelay(10_000, 0.3, r)));
    expect(delays.size).toBe(3);
  });

  it('without jitter is exactly the interval; absurd jitter is capped', () => {
    expect(nextDelay(5000, 0, 0.7)).toBe(5000);
    expect(nextDelay(5000, 5, 0.999)).toBeGreaterThanOrEqual(500);
    expect(nextDelay(1, 0.9, 0.999)).toBe(1);
  });
});
