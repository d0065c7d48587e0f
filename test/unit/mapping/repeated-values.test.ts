import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RepeatedValues } from '../../../src/mapping/repeated-values.js';

describe('RepeatedValues', () => {
  it('always gives back a string equal to the one given, repeated or not, before and after it gives up', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('Елена', 'Игоревна', '83', ''), fc.string()), { maxLength: 200 }), (values) => {
        const r = new RepeatedValues();
        for (const v of values) expect(r.share(v)).toBe(v);
      }),
      { numRuns: 200, seed: 15 },
    );
  });

  it('stays equal past its probe on values that never repeat, and on ones that always do', () => {
    const unique = new RepeatedValues();
    const repeated = new RepeatedValues();
    for (let i = 0; i < 60_000; i++) {
      expect(unique.share(`7900${i}`)).toBe(`7900${i}`);
      expect(repeated.share(`flat ${i % 300}`)).toBe(`flat ${i % 300}`);
    }
  });
});
