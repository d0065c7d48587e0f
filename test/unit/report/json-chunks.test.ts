import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonChunks, renderJson } from '../../../src/report/json.js';
import { buildPlan } from '../../../src/plan/plan.js';
import type { Plan } from '../../../src/model/plan.js';
import { account, customer, KINDS, realisticPlan, snap } from './plan-fixture.js';

const SAFETY = { minSourceShare: 0, maxDeletes: { percent: 100, atLeast: 1_000_000 }, maxBlocks: { percent: 100, atLeast: 1_000_000 }, maxRemovals: { percent: 100, atLeast: 1_000_000 } };

/** A plan over `n` subscribers whose desired and stored states differ at random. */
function randomPlan(seed: { desired: [number, boolean, number[]][]; stored: [number, boolean, number[]][]; skippedReason: string }): Plan {
  const entities = (list: [number, boolean, number[]][]) =>
    list.flatMap(([id, active, tariffs]) => [customer(String(id), [...new Set(tariffs.map(String))].sort(), { lastname: `Л${id}\n"ops": []` }), account(String(id), String(1000 + id), active)]);
  const dedupe = <T extends { kind: string; key: string }>(l: T[]) => [...new Map(l.map((e) => [`${e.kind}/${e.key}`, e])).values()];
  return buildPlan({
    targets: [
      {
        target: 'smarty',
        kinds: KINDS.smarty,
        safety: SAFETY,
        desired: dedupe(entities(seed.desired)),
        snapshot: dedupe(entities(seed.stored)).map(snap),
        sources: [{ source: 'hydra', read: seed.desired.length }],
      },
    ],
    skipped: [{ source: 'hydra', id: '999', target: 'smarty', reason: seed.skippedReason }],
    overrides: {},
    configHash: 'c',
    snapshotHashes: { smarty: 'h' },
    createdAt: '2026-01-01T00:00:00.000Z',
  });
}

const sub = fc.tuple(fc.integer({ min: 1, max: 400 }), fc.boolean(), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }));

describe('jsonChunks', () => {
  it('concatenates to exactly JSON.stringify(plan, null, 2) on random plans (no secrets, so nothing is redacted)', () => {
    fc.assert(
      fc.property(fc.record({ desired: fc.array(sub, { maxLength: 300 }), stored: fc.array(sub, { maxLength: 300 }), skippedReason: fc.string() }), (seed) => {
        const plan = randomPlan(seed);
        expect([...jsonChunks(plan, KINDS)].join('')).toBe(JSON.stringify(plan, null, 2) + '\n');
      }),
      { numRuns: 60, seed: 15 },
    );
  });

  it('yields a large plan in several chunks, none of them the whole text', () => {
    const plan = randomPlan({ desired: Array.from({ length: 2000 }, (_, i) => [i + 1, i % 2 === 0, [1, 2]] as [number, boolean, number[]]), stored: [], skippedReason: 'x' });
    const chunks = [...jsonChunks(plan, KINDS)];
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(JSON.stringify(plan, null, 2) + '\n');
  });

  it('renders a plan without ops with its empty array, as JSON.stringify does', () => {
    const plan = randomPlan({ desired: [], stored: [], skippedReason: 'none' });
    expect(plan.ops).toHaveLength(0);
    expect(renderJson(plan, KINDS)).toBe(JSON.stringify(plan, null, 2) + '\n');
  });

  it('still redacts secret values op by op', () => {
    const text = renderJson(realisticPlan(), KINDS);
    expect(text).not.toContain('424242');
    expect(text).toContain('[secret]');
  });
});
