import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/plan/plan.js';
import type { Entity, SnapshotEntity } from '../../../src/model/entity.js';
import type { Plan } from '../../../src/model/plan.js';
import { entityChanges } from '../../../src/report/entity-changes.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { categoryOf } from '../../../src/report/markdown-blocks.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import { account, customer, KINDS, realisticPlan, snap } from './plan-fixture.js';
import { listedEntities } from './markdown-parse.js';

const kinds = { smarty: SMARTY_KINDS };

function smartyPlan(desired: Entity[], snapshot: SnapshotEntity[], skipped: Plan['skipped'] = []): Plan {
  return buildPlan({
    targets: [{ target: 'smarty', kinds: SMARTY_KINDS, safety: { minSourceShare: 0.5 }, desired, snapshot, sources: [{ source: 'hydra', read: desired.length }] }],
    skipped, overrides: {}, configHash: '0123456789abcdef', snapshotHashes: {}, createdAt: '2026-01-01T00:00:00.000Z',
  });
}

describe('markdown report', () => {
  it('renders a tiny plan exactly', () => {
    const plan = smartyPlan(
      [customer('7', ['2'], { lastname: 'Иванов' }), account('7', '700', true, { password: 4242 }), customer('8', [], { lastname: 'Петрова' })],
      [snap(customer('8', [], { lastname: 'Петров' }))],
      [{ source: 'hydra', id: '9', target: 'smarty', reason: "account key 'ЛС-9' is not numeric" }],
    );
    expect(renderMarkdown(plan, { kinds, artefact: 'plan.json' })).toBe(`## billsync plan: 4 ops on 3 entities (2 create, 1 update, 1 add_member)

### Summary

| target | create | update | add_member | total |
| :-- | --: | --: | --: | --: |
| smarty | 2 | 1 | 1 | 4 |

- 1 subscriber skipped (listed below)

### By tariff

Members of target sets (tariffs, subscriptions, …) added and removed.

| target | set | member | added | removed | on deleted entities |
| :-- | :-- | :-- | --: | --: | --: |
| smarty | customer.tariffs | 2 | 1 | 0 | 0 |

### Changes

<details open>
<summary>smarty · customer — 2 entities</summary>

\`\`\`diff
+ customer 7 ← hydra:7
+   lastname: "Иванов"
+   tariffs: 2
! customer 8 ← hydra:8
!   lastname: "Петров" → "Петрова"
\`\`\`

</details>

<details open>
<summary>smarty · account — 1 entity</summary>

\`\`\`diff
+ account 700 ← hydra:7
+   active: true
+   status_reason: "ACTIVE"
+   password: "[secret]"
\`\`\`

</details>

### Skipped subscribers (1)

Their entities on the targets are left as they are.

| subscriber | target | reason |
| :-- | :-- | :-- |
| hydra:9 | smarty | account key 'ЛС-9' is not numeric |

<sub>plan format 1 · created 2026-01-01T00:00:00.000Z · config 0123456789ab</sub>
`);
  });

  it('puts held-back safety gates up front and counts members of deleted entities', () => {
    const md = renderMarkdown(realisticPlan(), { kinds: KINDS });
    const [title, gate] = md.split('\n\n');
    expect(title).toMatch(/^## billsync plan: \d+ ops on \d+ entities \(/);
    expect(gate).toMatch(/^> ⚠️ \*\*Held back by safety gates: 2 ops not in this plan\.\*\*\n>\n> - \*\*smarty\\_b\*\* \(delete_limit, 2 ops\): 2 delete\(s\) planned/);
    expect(md).toContain('| smarty | customer.tariffs | 2 | 1 | 1 | 1 |\n| smarty | customer.tariffs | 3 | 2 | 0 | 0 |\n');
    expect(md).toContain('! account 200 (block) ← hydra:2\n!   active: true → false\n');
    expect(md).toContain('! account 300 (unblock) ← hydra:3\n');
    expect(md).toContain('- account 400 ← hydra:4\n');
    expect(md).not.toContain('424242');
  });

  it('says so when nothing changes', () => {
    const c = customer('7', ['2']);
    const md = renderMarkdown(smartyPlan([c], [snap(c)]), { kinds });
    expect(md).toBe('## billsync plan: no changes\n\n### Summary\n\nTargets smarty match the desired state.\n\n<sub>plan format 1 · created 2026-01-01T00:00:00.000Z · config 0123456789ab</sub>\n');
  });

  it('escapes markdown and HTML in values, keys, reasons and the title', () => {
    const nasty = 'A | B <script>alert(1)</script> `x` **y** [z](http://e) $m$\n| forged | row |';
    const plan = smartyPlan(
      [customer('7', ['2'], { lastname: nasty }), customer('8\n```\n+ forged', [])],
      [],
      [{ source: 'hydra', id: '9|<b>', target: 'smarty', reason: nasty }],
    );
    const md = renderMarkdown(plan, { kinds, title: 'plan <b>|</b>' });
    expect(md).toContain('## plan &lt;b&gt;\\|&lt;/b&gt;: ');
    // Inside the fence: a JSON string on one line; nothing there is markup.
    expect(md).toContain('+   lastname: "A | B <script>alert(1)</script> `x` **y** [z](http://e) $m$\\n| forged | row |"\n');
    expect(md).toContain('+ customer 8\\u000a```\\u000a+ forged ← hydra:8\\u000a```\\u000a+ forged\n');
    // In the table: one row, every `|` escaped, no tag left.
    const row = md.split('\n').find((l) => l.startsWith('| hydra:9'))!;
    expect(row).toBe(
      '| hydra:9\\|&lt;b&gt; | smarty | A \\| B &lt;script&gt;alert(1)&lt;/script&gt; \\`x\\` \\*\\*y\\*\\* \\[z\\](http://e) \\$m\\$ \\| forged \\| row \\| |',
    );
    // Outside the fences no tag survives.
    expect(md.replace(/```diff\n[\s\S]*?\n```\n/g, '')).not.toMatch(/<script>|<b>|<\/b>/);
    // Every fence opened is closed, and no line inside a fence could close it.
    const fenced = md.split('```diff\n').slice(1).map((s) => s.slice(0, s.indexOf('\n```\n')));
    for (const body of fenced) for (const l of body.split('\n')) expect(l).toMatch(/^([+!-] |[+!-] {3}| {4})/);
  });

  it('keeps a 50,000-op plan within the budget and counts what it leaves out', () => {
    const desired: Entity[] = [];
    for (let i = 1; i <= 12_000; i++) desired.push(customer(String(i), ['2', '3'], { lastname: `Фамилия ${i}` }), account(String(i), String(100_000 + i)));
    const snapshot: SnapshotEntity[] = [];
    for (let i = 12_001; i <= 12_400; i++) snapshot.push(snap(account(String(i), String(100_000 + i))));
    for (let i = 1; i <= 600; i++) desired.push(account(String(20_000 + i), String(200_000 + i), false));
    for (let i = 1; i <= 600; i++) snapshot.push(snap(account(String(20_000 + i), String(200_000 + i), true)));
    const plan = buildPlan({
      // 600 blocks and 400 deletes of 1,000 accounts: over the default caps, lifted here.
      targets: [{ target: 'smarty', kinds: SMARTY_KINDS, safety: { minSourceShare: 0.5, maxBlocks: { percent: 100 }, maxDeletes: { percent: 100 } }, desired, snapshot, sources: [{ source: 'hydra', read: 12_600 }] }],
      skipped: [], overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(plan.ops.length).toBe(12_000 * 4 + 400 + 600);

    const md = renderMarkdown(plan, { kinds, artefact: 'https://ci.example/artifacts/plan.json' });
    expect(md.length).toBeLessThanOrEqual(65_000);
    expect(md.length).toBeGreaterThan(60_000); // the budget is used, not wasted

    const all = entityChanges(plan.ops, kinds);
    const listed = listedEntities(md);
    const m = /\*\*…and (\d+) more entities \(([^)]*)\) — see the full plan in <https:\/\/ci\.example\/artifacts\/plan\.json>\.\*\*/.exec(md);
    expect(m).not.toBeNull();
    const more = Number(m![1]);
    expect(listed.length + more).toBe(all.length);
    // The counts name what was left out, category by category, and add up.
    const listedIds = new Set(listed.map((e) => `${e.kind}/${e.key}`));
    const expected = new Map<string, number>();
    for (const c of all) if (!listedIds.has(`${c.kind}/${c.key}`)) expected.set(categoryOf(c), (expected.get(categoryOf(c)) ?? 0) + 1);
    const parts = m![2]!.split(', ').map((p) => /^(\d+) (.+)$/.exec(p)!);
    expect(parts.reduce((n, p) => n + Number(p[1]), 0)).toBe(more);
    const category = (name: string): string => name.replace(/s$/, '').replace('member change', 'member');
    expect(new Map(parts.map((p) => [category(p[2]!), Number(p[1])]))).toEqual(expected);
  });

  it('fits any budget it is given, and still closes every block', () => {
    const plan = realisticPlan();
    const full = renderMarkdown(plan, { kinds: KINDS, artefact: 'plan.json' });
    for (const budget of [1_000, 1_400, 1_600, 2_000, full.length - 1]) {
      const md = renderMarkdown(plan, { kinds: KINDS, artefact: 'plan.json', budget });
      expect(md.length).toBeLessThanOrEqual(budget);
      expect(md.split('```diff').length).toBe(md.split('</details>').length);
      expect(md).toMatch(/…and \d+ more entit(y|ies) \(.*\) — see the full plan in plan\.json\./);
    }
    expect(renderMarkdown(plan, { kinds: KINDS, budget: full.length })).not.toContain('more entit');
  });
});
