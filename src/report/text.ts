/**
 * The plan as text a person reviews: per entity `+`/`~`/`-` with field-level before → after
 * (long values as a word diff) and the source subscriber it comes from; entities of one target
 * and kind with an identical change shown once with their keys (as the markdown does); deletes
 * with what they take away; what was skipped (grouped by reason) or held back; a summary. Pure.
 */
import { diffWordsWithSpace } from 'diff';
import type { AttrValue } from '../model/entity.js';
import type { Plan } from '../model/plan.js';
import { OP_TYPES } from '../model/op.js';
import { entityChanges, type EntityChange, type KindsByTarget } from './entity-changes.js';
import { groupNotices, noticeSubject } from './notice-groups.js';
import { groupChanges } from './markdown-blocks.js';
import { groupSkipped } from './skipped-groups.js';
import { memberLabel, type MemberNamesByTarget } from '../model/member-names.js';

export interface TextReportOptions {
  readonly kinds: KindsByTarget;
  /** ANSI colours (a TTY). */
  readonly color?: boolean;
  /** Show at most this many entities (the rest are counted; a group counts its members). Default: all. */
  readonly maxEntities?: number;
}

const LONG = 48;

export function renderText(plan: Plan, opts: TextReportOptions): string {
  const c = palette(opts.color === true);
  const lines: string[] = [];
  // What needs an operator comes first: a held-back plan must never read like a quiet day.
  if (plan.summary.heldBySafety > 0) lines.push(...renderHeldBack(plan, c));
  const changes = entityChanges(plan.ops, opts.kinds);
  const limit = opts.maxEntities ?? Number.POSITIVE_INFINITY;
  let shown = 0;
  for (const block of groupChanges(changes)) {
    if (shown >= limit) break;
    const keys = block.entities.slice(0, limit - shown);
    renderEntity(keys[0]!, lines, c, keys, plan.memberNames);
    shown += keys.length;
  }
  if (shown < changes.length) lines.push(c.dim(`… and ${changes.length - shown} more entities (use --format json for all)`), '');

  if (plan.drift && plan.drift.length > 0) lines.push(...renderDrift(plan, c));
  if (plan.unobserved && plan.unobserved.length > 0) lines.push(...renderUnobserved(plan, c));
  if (plan.summary.heldBySafety === 0 && plan.heldBack.length > 0) {
    lines.push(c.bold('Held back:'));
    for (const h of plan.heldBack) lines.push(`  ${c.red('!')} ${h.target}: ${h.message}`);
    lines.push('');
  }
  if (plan.skipped.length > 0) lines.push(...renderSkipped(plan.skipped, c));
  if (plan.notices && plan.notices.length > 0) lines.push(...renderNotices(plan.notices, c));
  lines.push(...renderSummary(plan, c));
  return lines.join('\n') + '\n';
}

function renderHeldBack(plan: Plan, c: Palette): string[] {
  const out = [c.red(c.bold(`HELD BACK: ${plan.summary.heldBySafety} destructive op(s) need an operator; they are not in this plan.`))];
  for (const h of plan.heldBack) out.push(`  ${c.red('!')} ${h.target}: ${h.message}`);
  for (const [target, hash] of Object.entries(plan.heldHashes ?? {})) {
    out.push(c.dim(`  to apply exactly what is held back on ${target}, once checked: billsync approve ${target} --hash ${hash}`));
  }
  out.push('');
  return out;
}

/** Skipped subscribers by target and reason, largest group first; 50 groups at most. */
function renderSkipped(skipped: Plan['skipped'], c: Palette): string[] {
  const out = [c.bold(`Skipped subscribers (${skipped.length}), left as they are on the targets:`)];
  const groups = groupSkipped(skipped);
  for (const g of groups.slice(0, 50)) {
    const first = g.examples[0]!;
    if (g.count === 1) {
      out.push(`  ${c.yellow('?')} ${first.source}:${first.id} → ${g.target}: ${first.reason}`);
      continue;
    }
    const more = g.count - g.examples.length;
    const who = g.examples.map((s) => `${s.source}:${s.id}`).join(', ') + (more > 0 ? ` and ${more} more` : '');
    out.push(`  ${c.yellow('?')} ${g.target}: ${g.count} subscribers: ${g.shape} — ${who}`, c.dim(`      e.g. ${first.source}:${first.id}: ${first.reason}`));
  }
  if (groups.length > 50) out.push(c.dim(`  … and ${groups.length - 50} more reasons (see --format json)`));
  out.push('');
  return out;
}

function renderNotices(notices: NonNullable<Plan['notices']>, c: Palette): string[] {
  const out = [c.bold(`Notices (${notices.length}): subscribers mapped all the same, worth a look:`)];
  for (const g of groupNotices(notices)) {
    const more = g.count - g.examples.length;
    const who = g.examples.map(noticeSubject).join(', ') + (more > 0 ? ` and ${more} more` : '');
    out.push(`  ${c.yellow('i')} ${g.target}: ${g.message} — ${g.count} subscriber${g.count === 1 ? '' : 's'}: ${who}`);
  }
  out.push('');
  return out;
}

/**
 * One entity's change, or a group's: `same` lists every entity with this identical change
 * (the first is `ch`), named with their source subscribers under the change lines.
 */
function renderEntity(ch: EntityChange, lines: string[], c: Palette, same: readonly EntityChange[] = [ch], names?: MemberNamesByTarget): void {
  const color = ch.mark === '+' ? c.green : ch.mark === '-' ? c.red : c.yellow;
  const label = ch.label ? ` (${ch.label})` : '';
  const originOf = (e: EntityChange): string => (e.origin ? `${e.origin.source}:${e.origin.id}` : '');
  if (same.length > 1) {
    lines.push(color(`${ch.mark} ${ch.target} ${ch.kind} ×${same.length}${label}, the same change to each:`));
  } else {
    lines.push(color(`${ch.mark} ${ch.target} ${ch.kind} ${ch.key}${label}`) + (ch.origin ? c.dim(`  ← ${originOf(ch)}`) : ''));
  }
  const width = Math.max(0, ...ch.attrs.map((a) => a.attr.length), ...Object.keys({ ...ch.added, ...ch.removed }).map((s) => s.length));
  for (const a of ch.attrs) {
    const name = a.attr.padEnd(width);
    if (a.before === undefined) lines.push(`    ${name}  ${show(a.after)}`);
    else if (isLong(a.before) || isLong(a.after)) lines.push(`    ${name}  ${wordDiff(String(a.before ?? ''), String(a.after ?? ''), c)}`);
    else lines.push(`    ${name}  ${c.red(show(a.before))} → ${c.green(show(a.after))}`);
  }
  for (const set of new Set([...Object.keys(ch.added), ...Object.keys(ch.removed)])) {
    const parts = [
      ...(ch.added[set] ?? []).map((m) => c.green(`+${memberLabel(names, ch.target, ch.kind, set, m)}`)),
      ...(ch.removed[set] ?? []).map((m) => c.red(`-${memberLabel(names, ch.target, ch.kind, set, m)}`)),
    ];
    // Names may hold spaces: members are then parted by commas.
    const named = names?.[ch.target]?.[`${ch.kind}.${set}`] !== undefined;
    lines.push(`    ${set.padEnd(width)}  ${parts.join(named ? ', ' : ' ')}`);
  }
  if (same.length > 1) lines.push(...wrapList(same.map((e) => (e.origin ? `${e.key} ← ${originOf(e)}` : e.key)), c));
  lines.push('');
}

/** Keys of a group, several per line up to ~100 columns. */
function wrapList(items: readonly string[], c: Palette): string[] {
  const out: string[] = [];
  let line = '';
  for (const item of items) {
    if (line !== '' && line.length + 2 + item.length > 96) {
      out.push(c.dim(`      ${line}`));
      line = '';
    }
    line = line === '' ? item : `${line}, ${item}`;
  }
  if (line !== '') out.push(c.dim(`      ${line}`));
  return out;
}

function renderDrift(plan: Plan, c: Palette): string[] {
  const drift = plan.drift ?? [];
  const out = [c.bold(`Drift: ${drift.length} entit${drift.length === 1 ? 'y differs' : 'ies differ'} on the live target from the snapshot (the ops above repair it):`)];
  for (const d of drift.slice(0, 100)) {
    const head = `  ${c.yellow('!')} ${d.target} ${d.kind} ${d.key}`;
    if (d.type === 'missing') {
      out.push(`${head}: missing on the target`);
      continue;
    }
    const parts = d.attrs.map((a) => `${a.attr} ${show(a.snapshot)} → ${show(a.live)} on the target`);
    for (const [set, m] of Object.entries(d.removed)) parts.push(`${set} lost on the target: ${m.join(', ')}`);
    for (const [set, m] of Object.entries(d.added)) parts.push(`${set} added on the target: ${m.join(', ')}`);
    for (const [set, m] of Object.entries(d.platformAdded ?? {})) {
      parts.push(`${set} added by the platform: ${m.join(', ')} (${d.policy === 'enforce' ? 'removed: drift policy enforce' : `left: drift policy ${d.policy}`})`);
    }
    out.push(`${head}: ${parts.join('; ')}`);
  }
  if (drift.length > 100) out.push(c.dim(`  … and ${drift.length - 100} more (see --format json)`));
  out.push('');
  return out;
}

/** Kinds the refresh could not read: the plan took the snapshot's word for them. */
function renderUnobserved(plan: Plan, c: Palette): string[] {
  const out = [c.bold("Not read by the refresh (the platform cannot read them by key; the snapshot's view of them is kept, and nothing of them is planned from the live read):")];
  for (const u of plan.unobserved ?? []) out.push(`  ${c.dim('·')} not read live: ${u.target} ${u.kind} (${u.entities}): ${u.reason}`);
  out.push('');
  return out;
}

function renderSummary(plan: Plan, c: Palette): string[] {
  const targets = Object.keys(plan.summary.byTarget);
  const used = OP_TYPES.filter((t) => targets.some((tg) => (plan.summary.byTarget[tg]?.[t] ?? 0) > 0));
  const out = [c.bold('Summary')];
  if (plan.summary.total === 0 && plan.summary.heldBySafety > 0) {
    out.push(`  Nothing to apply, but ${plan.summary.heldBySafety} destructive op(s) are held back: the targets do NOT match the desired state (see HELD BACK above).`);
  } else if (plan.summary.total === 0) {
    out.push(`  No changes. ${targets.length > 0 ? `Targets ${targets.join(', ')} match the desired state.` : ''}`.trimEnd());
  } else {
    const header = ['target', ...used];
    const rows = targets.map((t) => [t, ...used.map((u) => String(plan.summary.byTarget[t]?.[u] ?? 0))]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]) => '  ' + r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
    out.push(fmt(header), ...rows.map(fmt));
    out.push(`  ${plan.summary.total} op(s)`);
  }
  if (plan.summary.skipped > 0) out.push(`  ${plan.summary.skipped} subscriber(s) skipped`);
  if (plan.notices && plan.notices.length > 0) out.push(`  ${plan.notices.length} notice(s)`);
  if (plan.summary.heldBySafety > 0) out.push(c.red(`  ${plan.summary.heldBySafety} op(s) held back by safety gates (exit code 4 with --detailed-exitcode)`));
  if (plan.summary.heldBack > plan.summary.heldBySafety) out.push(`  ${plan.summary.heldBack - plan.summary.heldBySafety} op(s) left out (--no-…) or waiting on entities still in use`);
  if (plan.summary.pointReads) out.push(`  ${plan.summary.pointReads} point read(s) confirmed the destructive ops`);
  if (plan.drift) out.push(`  ${plan.drift.length} drifted entit${plan.drift.length === 1 ? 'y' : 'ies'} on the live targets`);
  return out;
}

function show(v: AttrValue | undefined): string {
  if (v === undefined || v === null) return '(empty)';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

const isLong = (v: AttrValue | undefined): boolean => typeof v === 'string' && v.length > LONG;

function wordDiff(before: string, after: string, c: Palette): string {
  return diffWordsWithSpace(before, after)
    .map((p) => (p.added ? c.green(`{+${p.value}+}`) : p.removed ? c.red(`[-${p.value}-]`) : p.value))
    .join('');
}

interface Palette {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

function palette(on: boolean): Palette {
  const wrap = (code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { red: wrap(31), green: wrap(32), yellow: wrap(33), dim: wrap(2), bold: wrap(1) };
}
