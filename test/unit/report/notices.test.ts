/** Notices in the text and markdown reports: grouped by message, counted, a few subscribers named. */
import { describe, expect, it } from 'vitest';
import type { Plan, PlanNotice } from '../../../src/model/plan.js';
import { groupNotices } from '../../../src/report/notice-groups.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { renderText } from '../../../src/report/text.js';

const notice = (id: number, message: string, detail = `house '${id}'`): PlanNotice => ({ source: 'hydra', id: String(id), target: 'smartyard', message, detail });
const NO_HOUSE = 'no device in the inventory serves the house: no devices granted';
const NO_ADDRESS = 'no house id in the address: no devices granted';

function planWith(notices: PlanNotice[]): Plan {
  return {
    version: 1, createdAt: '2026-01-01T00:00:00Z', configHash: 'c'.repeat(64), snapshotHashes: {}, ops: [], skipped: [], notices, heldBack: [],
    summary: { byTarget: { smartyard: {} }, total: 0, skipped: 0, heldBack: 0, heldBySafety: 0 },
  };
}

const many = [...Array.from({ length: 3000 }, (_, i) => notice(i + 1, NO_HOUSE)), notice(9001, NO_ADDRESS, 'no house')];

describe('notices in reports', () => {
  it('groups by target and message, largest group first, naming the first few subscribers', () => {
    const groups = groupNotices(many);
    expect(groups.map((g) => [g.message, g.count, g.examples.length])).toEqual([[NO_HOUSE, 3000, 5], [NO_ADDRESS, 1, 1]]);
    expect(groups[0]!.examples.map((n) => n.id)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('text: one line per group, not one per subscriber', () => {
    const text = renderText(planWith(many), { kinds: {} });
    expect(text).toContain('Notices (3001): subscribers mapped all the same, worth a look:');
    expect(text).toContain(`  i smartyard: ${NO_HOUSE} — 3000 subscribers: hydra:1 (house '1'), hydra:2 (house '2'), hydra:3 (house '3'), hydra:4 (house '4'), hydra:5 (house '5') and 2995 more`);
    expect(text).toContain(`  i smartyard: ${NO_ADDRESS} — 1 subscriber: hydra:9001 (no house)`);
    expect(text).toContain('  3001 notice(s)');
    expect(text).not.toContain('hydra:6 ');
  });

  it('markdown: a table of groups within the budget', () => {
    const md = renderMarkdown(planWith(many), { kinds: {}, budget: 4000 });
    expect(md.length).toBeLessThanOrEqual(4000);
    expect(md).toContain('### Notices (3001)');
    expect(md).toContain(`| smartyard | ${NO_HOUSE} | 3000 | hydra:1 (house '1'), hydra:2 (house '2'), hydra:3 (house '3'), hydra:4 (house '4'), hydra:5 (house '5') |`);
    expect(md).toContain('- 3001 notices about mapped subscribers (grouped below)');
  });

  it('says nothing when there are none', () => {
    expect(renderText(planWith([]), { kinds: {} })).not.toContain('otice');
    expect(renderMarkdown(planWith([]), { kinds: {} })).not.toContain('otice');
  });
});
