import { describe, it, expect } from 'vitest';
import { buildPlan } from '../../../src/plan/plan.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import { customer, account, snap } from './plan-fixture.js';
describe('markdown --budget is a hard limit', () => {
 it('a plan held back on 30 targets fits 2,000, 3,000 and 5,000 characters, the headline first', () => {
  const targets = [];
  const kinds: Record<string, typeof SMARTY_KINDS> = {};
  for (let t = 0; t < 30; t++) {
    const name = `smarty_target_with_a_long_name_${t}`;
    kinds[name] = SMARTY_KINDS;
    const snapshot = [];
    for (let i = 0; i < 40; i++) snapshot.push(snap(customer(String(i), ['2'], undefined, name)), snap(account(String(i), String(1000 + i), true, {}, name)));
    targets.push({ target: name, kinds: SMARTY_KINDS, safety: {}, desired: [], snapshot, sources: [{ source: 'hydra', read: 4 }] });
  }
  const plan = buildPlan({ targets, skipped: [], overrides: {}, configHash: 'x'.repeat(20), snapshotHashes: {}, createdAt: '2026-01-01T00:00:00.000Z' } as never);
  for (const budget of [2000, 3000, 5000]) {
    const md = renderMarkdown(plan, { kinds, budget });
    expect(md.length).toBeLessThanOrEqual(budget);
    expect(md).toContain('Held back by safety gates: 2400 ops');
    expect(md).toMatch(/more (gate|target)/);
  }
});
});
