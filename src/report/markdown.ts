/**
 * The plan as markdown for a pull/merge-request comment (`plan --format markdown`): totals,
 * held-back safety gates, a target × op table, per-member ("by tariff") counts, then every
 * changed entity grouped by target and kind — all within a character budget that fits one
 * comment. What does not fit is counted and pointed to the full JSON plan. Pure and
 * deterministic (no clock: the only time shown is the plan's own createdAt).
 */
import type { Plan } from '../model/plan.js';
import { OP_TYPES } from '../model/op.js';
import { entityChanges, type EntityChange, type KindsByTarget } from './entity-changes.js';
import { CATEGORIES, categoryOf, groupChanges, renderBlock, type ChangeBlock, type EntityCategory } from './markdown-blocks.js';
import { escapeHtml, escapeInline, linkOrText, truncate } from './markdown-escape.js';
import { countMembers } from './member-counts.js';
import { groupNotices, noticeSubject } from './notice-groups.js';
import { memberLabel } from '../model/member-names.js';

export interface MarkdownReportOptions {
  /** Kind specs by target name (secret attributes are redacted). */
  readonly kinds: KindsByTarget;
  /**
   * Most characters (UTF-16 units, which never undercount what GitHub and GitLab count) the
   * report may have. Default 65,000: one GitHub comment holds 65,536, the rest is left for a
   * CI job's own header.
   */
  readonly budget?: number;
  /** Name or URL of the full plan (e.g. the CI artefact `plan.json`) that the overflow points to. */
  readonly artefact?: string;
  /** Heading text; default `billsync plan`. */
  readonly title?: string;
}

export const DEFAULT_MARKDOWN_BUDGET = 65_000;

/** Share of the budget the by-tariff table and the skipped table may each take at most. */
const TABLE_SHARE = 0.15;
/**
 * Shares the held-back list and the summary table may take at most: with dozens of targets
 * they alone could pass the budget, and the budget is a hard limit (one comment must hold it).
 */
const HELD_BACK_SHARE = 0.3;
const SUMMARY_SHARE = 0.2;
/** A target/kind section whose entity lines are this short is shown expanded. */
const OPEN_BELOW = 3_000;

/** Renders `plan` as markdown of at most `opts.budget` characters (see MarkdownReportOptions). */
export function renderMarkdown(plan: Plan, opts: MarkdownReportOptions): string {
  const budget = opts.budget ?? DEFAULT_MARKDOWN_BUDGET;
  const fullPlan = opts.artefact === undefined ? 'the JSON plan (`billsync plan --format json`)' : linkOrText(opts.artefact);
  const changes = entityChanges(plan.ops, opts.kinds);

  const head = title(plan, changes, opts.title ?? 'billsync plan')
    + heldBack(plan, Math.floor(budget * HELD_BACK_SHARE), fullPlan)
    + summary(plan, fullPlan, Math.floor(budget * SUMMARY_SHARE));
  const footer = `<sub>plan format ${plan.version} · created ${escapeInline(plan.createdAt)} · config ${escapeInline(plan.configHash.slice(0, 12))}</sub>\n`;
  const overflowReserve = overflowLine(countCategories(changes), changes.length, fullPlan).length + 2;
  const tableRoom = Math.floor(budget * TABLE_SHARE);
  const byTariff = byTariffTable(plan, Math.min(tableRoom, budget - head.length - footer.length), fullPlan);
  const skipped = skippedTable(plan, Math.min(tableRoom, budget - head.length - footer.length - byTariff.length), fullPlan);
  const notices = noticeTable(plan, Math.min(tableRoom, budget - head.length - footer.length - byTariff.length - skipped.length), fullPlan);
  const room = budget - head.length - byTariff.length - skipped.length - notices.length - footer.length - overflowReserve;
  const body = changesSection(plan, changes, opts.kinds, room, fullPlan);
  return clampToBudget(head + byTariff + body + skipped + notices + footer, budget, fullPlan);
}

/**
 * The last guard of the hard limit: every part above fits its share, but should a sum still
 * pass the budget (a budget too small for the headline alone), cut at a line break and say so.
 */
function clampToBudget(text: string, budget: number, fullPlan: string): string {
  if (text.length <= budget) return text;
  const tail = `\n\n**…cut to fit ${budget} characters — see ${fullPlan}.**\n`;
  const cut = text.lastIndexOf('\n', Math.max(0, budget - tail.length));
  const kept = text.slice(0, Math.max(0, cut));
  // An open code fence or <details> would swallow the tail: keep only whole sections then.
  const safe = (kept.split('```').length - 1) % 2 === 0 && kept.split('<details').length === kept.split('</details>').length
    ? kept
    : kept.slice(0, Math.max(0, kept.lastIndexOf('<details')));
  return (safe + tail).slice(0, budget);
}

function title(plan: Plan, changes: readonly EntityChange[], text: string): string {
  if (plan.summary.total === 0) return `## ${escapeInline(text)}: no changes\n\n`;
  const byType = OP_TYPES.map((t) => [t, sumOver(plan, t)] as const).filter(([, n]) => n > 0);
  const parts = byType.map(([t, n]) => `${n} ${t}`).join(', ');
  return `## ${escapeInline(text)}: ${plural(plan.summary.total, 'op')} on ${plural(changes.length, 'entity', 'entities')} (${parts})\n\n`;
}

/** The held-back gates, as many as fit in `room`; the headline with the total always shows. */
function heldBack(plan: Plan, room: number, fullPlan: string): string {
  if (plan.heldBack.length === 0) return '';
  const head = `> ⚠️ **Held back by safety gates: ${plural(plan.summary.heldBack, 'op')} not in this plan.**\n>\n`;
  const rows = plan.heldBack.map((h) =>
    `> - **${escapeInline(truncate(h.target, 100))}** (${h.rule}, ${plural(h.ops, 'op')}): ${escapeInline(truncate(h.message, 1_000))}\n`);
  const fitted = fitRows(head, rows, room, (n) => `> - …and ${plural(n, 'more gate')} — see ${fullPlan}.\n`);
  return fitted === '' ? head.slice(0, head.indexOf('\n') + 1) + '\n' : fitted;
}

function summary(plan: Plan, fullPlan: string, room: number): string {
  const targets = Object.keys(plan.summary.byTarget);
  const out = ['### Summary', ''];
  // Rows beyond this are counted, not shown (see SUMMARY_SHARE); the notes below need ~600.
  let tableRoom = room - 600;
  if (plan.summary.total === 0) {
    if (plan.summary.heldBySafety > 0) out.push(`No changes will be applied, but ${plural(plan.summary.heldBySafety, 'destructive op')} held back above need an operator: the targets do **not** match the desired state.`);
    else out.push(targets.length > 0 ? `Targets ${targets.map(escapeInline).join(', ')} match the desired state.` : 'No targets.');
  } else {
    const used = OP_TYPES.filter((t) => sumOver(plan, t) > 0);
    out.push(`| target | ${used.join(' | ')} | total |`, `| :-- |${' --: |'.repeat(used.length + 1)}`);
    tableRoom -= out.join('\n').length;
    for (const [i, t] of targets.entries()) {
      const counts = plan.summary.byTarget[t] ?? {};
      const total = used.reduce((n, u) => n + (counts[u] ?? 0), 0);
      const row = `| ${escapeInline(truncate(t, 100))} | ${used.map((u) => counts[u] ?? 0).join(' | ')} | ${total} |`;
      tableRoom -= row.length + 1;
      if (tableRoom < 120 && i < targets.length - 1) {
        out.push('', `…and ${plural(targets.length - i, 'more target')} — see ${fullPlan}.`);
        break;
      }
      out.push(row);
    }
  }
  const notes: string[] = [];
  if (plan.summary.skipped > 0) notes.push(`${plural(plan.summary.skipped, 'subscriber')} skipped (listed below)`);
  if (plan.notices && plan.notices.length > 0) notes.push(`${plural(plan.notices.length, 'notice')} about mapped subscribers (grouped below)`);
  if (plan.drift) notes.push(`${plural(plan.drift.length, 'entity', 'entities')} drifted on the live targets (the ops repair them; details in ${fullPlan})`);
  for (const u of plan.unobserved ?? []) notes.push(`${escapeInline(`${u.target} ${u.kind}`)}: ${plural(u.entities, 'entity', 'entities')} not read live (the platform cannot read them by key; the snapshot's view was kept)`);
  if (notes.length > 0) out.push('', ...notes.map((n) => `- ${n}`));
  return out.join('\n') + '\n\n';
}

/** Per-member counts of set changes, rows while they fit in `room`. */
function byTariffTable(plan: Plan, room: number, fullPlan: string): string {
  const counts = countMembers(plan.ops);
  if (counts.length === 0) return '';
  const head = '### By tariff\n\nMembers of target sets (tariffs, subscriptions, …) added and removed.\n\n'
    + '| target | set | member | added | removed | on deleted entities |\n| :-- | :-- | :-- | --: | --: | --: |\n';
  const rows = counts.map((c) =>
    `| ${escapeInline(c.target)} | ${escapeInline(`${c.kind}.${c.set}`)} | ${escapeInline(truncate(memberLabel(plan.memberNames, c.target, c.kind, c.set, c.member), 100))} | ${c.added} | ${c.removed} | ${c.deleted} |\n`);
  return fitRows(head, rows, room, (n) => `\n…and ${n} more members — see ${fullPlan}.\n`);
}

function skippedTable(plan: Plan, room: number, fullPlan: string): string {
  if (plan.skipped.length === 0) return '';
  const head = `### Skipped subscribers (${plan.skipped.length})\n\nTheir entities on the targets are left as they are.\n\n`
    + '| subscriber | target | reason |\n| :-- | :-- | :-- |\n';
  const rows = plan.skipped.map((s) =>
    `| ${escapeInline(truncate(`${s.source}:${s.id}`, 100))} | ${escapeInline(s.target)} | ${escapeInline(truncate(s.reason, 300))} |\n`);
  return fitRows(head, rows, room, (n) => `\n…and ${n} more skipped — see ${fullPlan}.\n`);
}

/** Notices grouped by target and message: one row per group, a few subscribers named. */
function noticeTable(plan: Plan, room: number, fullPlan: string): string {
  if (!plan.notices || plan.notices.length === 0) return '';
  const head = `### Notices (${plan.notices.length})\n\nSubscribers mapped all the same, worth a look.\n\n`
    + '| target | notice | subscribers | e.g. |\n| :-- | :-- | --: | :-- |\n';
  const rows = groupNotices(plan.notices).map((g) =>
    `| ${escapeInline(g.target)} | ${escapeInline(truncate(g.message, 300))} | ${g.count} | ${escapeInline(truncate(g.examples.map(noticeSubject).join(', '), 300))} |\n`);
  return fitRows(head, rows, room, (n) => `\n…and ${n} more notices — see ${fullPlan}.\n`);
}

/** A table with as many rows as fit in `room` (with the "more" line); '' if not even the head fits. */
function fitRows(head: string, rows: readonly string[], room: number, more: (n: number) => string): string {
  const reserve = more(rows.length).length + 1;
  let text = head;
  let shown = 0;
  for (const r of rows) {
    const rest = shown + 1 === rows.length ? 1 : reserve;
    if (text.length + r.length + rest > room) break;
    text += r;
    shown += 1;
  }
  if (shown === 0) return '';
  return text + (shown < rows.length ? more(rows.length - shown) : '') + '\n';
}

/** Entity blocks by target and kind while they fit in `room`, then the overflow line. */
function changesSection(plan: Plan, changes: readonly EntityChange[], kinds: KindsByTarget, room: number, fullPlan: string): string {
  if (changes.length === 0) return '';
  const heading = '### Changes\n\n';
  let out = heading;
  const rest: EntityChange[] = [];
  let full = false;
  for (const section of sections(plan, changes, kinds)) {
    const open = (shown: number, body: string): string =>
      `<details${body.length < OPEN_BELOW ? ' open' : ''}>\n<summary>${escapeHtml(`${section.target} · ${section.kind} — ${plural(section.count, 'entity', 'entities')}`)}`
      + `${shown < section.count ? ` (${shown} shown)` : ''}</summary>\n\n\`\`\`diff\n`;
    const close = '```\n\n</details>\n\n';
    // The longest the wrapper can get: expanded, with "(N shown)" of the most digits.
    const wrapper = open(Math.max(0, section.count - 1), '').length + close.length;
    let body = '';
    let shown = 0;
    for (const block of section.blocks) {
      const r = full ? null : renderBlock(block, room - out.length - wrapper - body.length, plan.memberNames);
      if (r) {
        body += r.text;
        shown += r.listed;
      }
      if (!r || r.listed < block.entities.length) full = true;
      rest.push(...block.entities.slice(r?.listed ?? 0));
    }
    if (shown > 0) out += open(shown, body) + body + close;
  }
  // Not even one block fitted: the overflow line alone (it has its reserve; the heading has none).
  if (out === heading) out = '';
  if (rest.length > 0) out += overflowLine(countCategories(rest), rest.length, fullPlan) + '\n\n';
  return out;
}

interface Section {
  readonly target: string;
  readonly kind: string;
  readonly count: number;
  readonly blocks: readonly ChangeBlock[];
}

/**
 * Targets in the order of the plan summary (the config's order), kinds in the order the target
 * declares them (parents first), blocks in plan order.
 */
function sections(plan: Plan, changes: readonly EntityChange[], kinds: KindsByTarget): Section[] {
  const targets = [...new Set([...Object.keys(plan.summary.byTarget), ...changes.map((c) => c.target)])];
  const out: Section[] = [];
  for (const target of targets) {
    const mine = changes.filter((c) => c.target === target);
    const declared = (kinds[target] ?? []).map((k) => k.kind);
    for (const kind of new Set([...declared, ...mine.map((c) => c.kind)])) {
      const ofKind = mine.filter((c) => c.kind === kind);
      if (ofKind.length > 0) out.push({ target, kind, count: ofKind.length, blocks: groupChanges(ofKind) });
    }
  }
  return out;
}

type CategoryCounts = Readonly<Record<EntityCategory, number>>;

function countCategories(changes: readonly EntityChange[]): CategoryCounts {
  const counts: Record<EntityCategory, number> = { create: 0, update: 0, block: 0, unblock: 0, member: 0, delete: 0 };
  for (const c of changes) counts[categoryOf(c)] += 1;
  return counts;
}

const CATEGORY_NAMES: Readonly<Record<EntityCategory, readonly [string, string]>> = {
  create: ['create', 'creates'],
  update: ['update', 'updates'],
  block: ['block', 'blocks'],
  unblock: ['unblock', 'unblocks'],
  member: ['member change', 'member changes'],
  delete: ['delete', 'deletes'],
};

/** "…and N more entities (X creates, Y updates, …) — see the full plan in <artefact>". */
function overflowLine(counts: CategoryCounts, n: number, fullPlan: string): string {
  const parts = CATEGORIES.filter((c) => counts[c] > 0).map((c) => plural(counts[c], ...CATEGORY_NAMES[c]));
  return `**…and ${plural(n, 'more entity', 'more entities')} (${parts.join(', ')}) — see the full plan in ${fullPlan}.**`;
}

function sumOver(plan: Plan, type: (typeof OP_TYPES)[number]): number {
  return Object.values(plan.summary.byTarget).reduce((n, c) => n + (c[type] ?? 0), 0);
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
