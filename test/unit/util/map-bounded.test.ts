import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../../src/util/map-bounded.js';

describe('mapBounded', () => {
  it('keeps the item order and never has more than `limit` calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      // Later items finish first: the order must still be the items'.
      for (let i = 0; i < 7 - n; i++) await Promise.resolve();
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
  });

  it('rejects with the first failure, and handles no items', async () => {
    await expect(mapBounded([1, 2, 3], 2, async (n) => (n === 2 ? Promise.reject(new Error('two')) : n))).rejects.toThrow('two');
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});
