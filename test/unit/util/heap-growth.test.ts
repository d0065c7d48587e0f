import { describe, expect, it } from 'vitest';
import { heapGrowingPercent } from '../../../src/util/heap-growth.js';

describe('heapGrowingPercent', () => {
  it('is 20 unless BILLSYNC_HEAP_GROWING_PERCENT gives a whole number from 1 to 1000', () => {
    expect(heapGrowingPercent({})).toBe(20);
    expect(heapGrowingPercent({ BILLSYNC_HEAP_GROWING_PERCENT: '50' })).toBe(50);
    expect(heapGrowingPercent({ BILLSYNC_HEAP_GROWING_PERCENT: ' 7 ' })).toBe(7);
    for (const bad of ['0', '1001', '-5', '1.5', 'lots', '']) expect(heapGrowingPercent({ BILLSYNC_HEAP_GROWING_PERCENT: bad })).toBe(20);
  });
});
