import { describe, expect, it } from 'vitest';
import { readAhead } from '../../../src/util/read-ahead.js';

/** A source that logs when each item is fetched and handed over, one `next()` at a time. */
function logged(count: number, failAt?: number) {
  const log: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  async function* source(): AsyncGenerator<number> {
    for (let i = 1; i <= count; i++) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      log.push(`fetch ${i}`);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      if (i === failAt) throw new Error(`page ${i} failed`);
      yield i;
    }
  }
  return { log, source: source(), maxInFlight: () => maxInFlight };
}

describe('readAhead', () => {
  it('yields every item in order and fetches the next one before the consumer is done with the current', async () => {
    const { log, source, maxInFlight } = logged(3);
    for await (const n of readAhead(source)) {
      await new Promise((r) => setImmediate(r));
      log.push(`use ${n}`);
    }
    expect(log.filter((l) => l.startsWith('use'))).toEqual(['use 1', 'use 2', 'use 3']);
    expect(log.indexOf('fetch 2')).toBeLessThan(log.indexOf('use 1'));
    expect(log.indexOf('fetch 3')).toBeLessThan(log.indexOf('use 2'));
    expect(maxInFlight()).toBe(1);
  });

  it('throws a failed fetch when the consumer reaches it, after the items before it', async () => {
    const { source } = logged(5, 3);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of readAhead(source)) seen.push(n);
      })(),
    ).rejects.toThrow('page 3 failed');
    expect(seen).toEqual([1, 2]);
  });

  it('stops asking when the consumer stops, beyond the one item already asked for', async () => {
    const { log, source } = logged(10);
    for await (const n of readAhead(source)) if (n === 2) break;
    await new Promise((r) => setTimeout(r, 10));
    expect(log.filter((l) => l.startsWith('fetch'))).toEqual(['fetch 1', 'fetch 2', 'fetch 3']);
  });
});
