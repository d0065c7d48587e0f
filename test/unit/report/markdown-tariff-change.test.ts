/**
 * The reviewer's test for `plan --format markdown` (issue 5): with 10,000 subscribers mapped
 * by the shipped mappings/hydra-smarty.yaml, moving one Hydra service to another Smarty tariff
 * gives a report that fits one PR comment and names exactly the subscribers that have it.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadYamlFile, withValue } from '../../../src/config/load.js';
import { compileMapping, type CompiledMapping } from '../../../src/mapping/compile.js';
import type { MappingSpec } from '../../../src/mapping/types.js';
import { entityHash } from '../../../src/model/hash.js';
import type { Entity } from '../../../src/model/entity.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { buildPlan } from '../../../src/plan/plan.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import { aSubscriber } from '../../support/subscriber-builder.js';
import { listedEntities } from './markdown-parse.js';

const FILE = fileURLToPath(new URL('../../../mappings/hydra-smarty.yaml', import.meta.url));
const STATUSES = ['active', 'active', 'active', 'blocked_debt', 'blocked_user'] as const;

/** Subscriber i: one TV package 1..8, every third also package 4, internet on most; varied status. */
function subscribers(n: number): Subscriber[] {
  const out: Subscriber[] = [];
  for (let i = 1; i <= n; i++) {
    const tv = String(1 + (i % 8));
    const services = [{ id: tv }];
    if (i % 3 === 0 && tv !== '4') services.push({ id: '4' });
    if (i % 4 !== 0) services.push({ id: '100' });
    out.push(aSubscriber({ id: String(i), account: String(100_000 + i), status: STATUSES[i % STATUSES.length]!, services, name: { full: `Абонент ${i}`, last: `Абонент ${i}` } }));
  }
  return out;
}

function desired(m: CompiledMapping, subs: readonly Subscriber[]): Entity[] {
  const out: Entity[] = [];
  for (const s of subs) {
    const r = m.map(s);
    if (r.kind !== 'entities') throw new Error(`subscriber ${s.id}: ${r.kind === 'skipped' ? r.reason : r.kind}`);
    out.push(...r.entities);
  }
  return out;
}

describe('markdown report for a one-line tariff change over 10,000 subscribers', () => {
  it('fits one PR comment and names exactly the subscribers with the moved service', async () => {
    const doc = await loadYamlFile(FILE);
    const original = compileMapping(doc, SMARTY_KINDS);
    const spec = structuredClone(doc.value) as MappingSpec & { tariffs: { table: Record<string, (string | number)[]> } };
    // The one-line change: Hydra package 4 now gives Smarty tariff 3 instead of 2.
    expect(spec.tariffs.table['2']).toEqual([1, 2, 3, 4]);
    spec.tariffs.table['2'] = [1, 2, 3];
    spec.tariffs.table['3'] = [4, 5, 6, 7, 8];
    const changed = compileMapping(withValue(doc, spec), SMARTY_KINDS);

    const subs = subscribers(10_000);
    const snapshot = desired(original, subs).map((e) => ({ ...e, remoteId: `r-${e.key}`, hash: entityHash(e) }));
    const plan = buildPlan({
      targets: [{
        // A tariff line moved for thousands: over the default max_removals, lifted here.
        target: 'smarty', kinds: SMARTY_KINDS, safety: { minSourceShare: 0.5, maxRemovals: { percent: 100 } }, desired: desired(changed, subs), snapshot,
        sources: [{ source: 'hydra', read: subs.length }],
      }],
      skipped: [], overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: '2026-01-01T00:00:00.000Z',
    });

    const md = renderMarkdown(plan, { kinds: { smarty: SMARTY_KINDS }, artefact: 'plan.json' });
    expect(md.length).toBeLessThanOrEqual(65_536);
    expect(md).not.toContain('more entit'); // nothing had to be left out

    const expected = subs.filter((s) => s.services.some((x) => x.id === '4')).map((s) => s.id).sort();
    expect(expected.length).toBeGreaterThan(3_000);
    const named = listedEntities(md);
    expect(named.every((e) => e.kind === 'customer')).toBe(true);
    expect(named.map((e) => e.key).sort()).toEqual(expected);
    // The by-tariff table says the same in numbers.
    const with4 = (tv: (s: Subscriber) => boolean) => subs.filter((s) => s.services.some((x) => x.id === '4') && tv(s)).length;
    const gain3 = with4((s) => !s.services.some((x) => Number(x.id) >= 5 && Number(x.id) <= 8));
    const lose2 = with4((s) => !s.services.some((x) => ['1', '2', '3'].includes(x.id)));
    expect(md).toContain(`| smarty | customer.tariffs | 2 | 0 | ${lose2} | 0 |`);
    expect(md).toContain(`| smarty | customer.tariffs | 3 | ${gain3} | 0 | 0 |`);
  });
});
