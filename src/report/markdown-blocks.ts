/**
 * Entity changes as lines of a fenced ```diff block for the markdown report. Entities of one
 * target and kind whose change is identical (the typical result of one tariff line or status
 * rule changing) are rendered once, with the list of their keys, so a change that touches
 * thousands of subscribers still names every one of them within a PR comment. Pure.
 *
 * Every line starts with `+` (added), `-` (removed) or `!` (changed) — the markers GitHub's,
 * GitLab's and most other diff highlighters colour (`~` is coloured by none of them) — or with
 * four spaces for the key lists of a group.
 */
import type { EntityChange } from './entity-changes.js';
import { codeText, showValue, truncate } from './markdown-escape.js';
import { memberLabel, type MemberNamesByTarget } from '../model/member-names.js';

/** What happens to an entity, as the report counts it. */
export type EntityCategory = 'create' | 'update' | 'block' | 'unblock' | 'member' | 'delete';

/** Order in which categories are listed in counts. */
export const CATEGORIES: readonly EntityCategory[] = ['create', 'update', 'block', 'unblock', 'member', 'delete'];

/** One or more entities of one target and kind with the same change. */
export interface ChangeBlock {
  readonly target: string;
  readonly kind: string;
  readonly category: EntityCategory;
  /** In plan order; more than one = a group with an identical change. */
  readonly entities: readonly EntityChange[];
}

export function categoryOf(c: EntityChange): EntityCategory {
  if (c.mark === '+') return 'create';
  if (c.mark === '-') return 'delete';
  if (c.label) return c.label;
  return c.attrs.length > 0 ? 'update' : 'member';
}

/**
 * Groups changes of one target and kind by identical change, each group placed where its first
 * entity is (plan order is kept otherwise).
 */
export function groupChanges(changes: readonly EntityChange[]): ChangeBlock[] {
  const blocks: { target: string; kind: string; category: EntityCategory; entities: EntityChange[] }[] = [];
  const bySignature = new Map<string, EntityChange[]>();
  for (const c of changes) {
    const sig = signature(c);
    const same = bySignature.get(sig);
    if (same) {
      same.push(c);
      continue;
    }
    const entities = [c];
    bySignature.set(sig, entities);
    blocks.push({ target: c.target, kind: c.kind, category: categoryOf(c), entities });
  }
  return blocks;
}

function signature(c: EntityChange): string {
  const sets = (r: Readonly<Record<string, readonly string[]>>) => Object.keys(r).sort().map((s) => [s, r[s]]);
  // JSON keeps undefined `before` (a create's attributes) apart from null.
  const attrs = c.attrs.map((a) => [a.attr, a.before === undefined ? [] : [a.before], a.after]);
  return JSON.stringify([c.target, c.kind, c.mark, c.label ?? '', attrs, sets(c.added), sets(c.removed)]);
}

/** A rendered block: its text (lines ending in \n) and how many of its entities it names. */
export interface RenderedBlock {
  readonly text: string;
  readonly listed: number;
}

const LIST_WIDTH = 100;

/**
 * Renders a block within `room` characters. A single entity is all or nothing (null when it
 * does not fit). A group may name only its first entities; its header then says how many of
 * how many, and the caller counts the rest. Null when not even one key fits.
 */
export function renderBlock(b: ChangeBlock, room: number, names?: MemberNamesByTarget): RenderedBlock | null {
  const first = b.entities[0];
  if (!first) return null;
  const body = changeLines(first, names);
  if (b.entities.length === 1) {
    const text = `${mark(first)} ${codeText(first.kind)} ${codeText(first.key)}${label(first)}${origin(first)}\n${body}`;
    return text.length <= room ? { text, listed: 1 } : null;
  }
  const total = b.entities.length;
  const head = (n: number): string =>
    `${mark(first)} ${codeText(b.kind)} ×${n === total ? n : `${n} of ${total}`}${label(first)}, the same change to each:\n`;
  // Reserve the longest header; the list gets what is left. Costs are exact: the first entry
  // is "    key\n", one on the same line ", key", one on a new line "\n    key".
  let left = room - head(total - 1).length - body.length;
  const lines: string[] = [];
  let listed = 0;
  for (const e of b.entities) {
    // In a list, the subscriber is named only where its id is not the key itself (it is for
    // most kinds), so a change to thousands of subscribers still names every one.
    const entry = `${codeText(e.key)}${e.origin?.id === e.key ? '' : origin(e)}`;
    const last = lines.length - 1;
    const sameLine = last >= 0 && lines[last]!.length + 2 + entry.length <= LIST_WIDTH;
    const cost = last < 0 ? 5 + entry.length : sameLine ? 2 + entry.length : 5 + entry.length;
    if (cost > left) break;
    if (sameLine) lines[last] += `, ${entry}`;
    else lines.push(`    ${entry}`);
    left -= cost;
    listed += 1;
  }
  if (listed === 0) return null;
  return { text: `${head(listed)}${body}${lines.join('\n')}\n`, listed };
}

/** Attribute and set lines of one entity's change. */
function changeLines(c: EntityChange, names: MemberNamesByTarget | undefined): string {
  const label = (set: string) => (m: string): string => memberLabel(names, c.target, c.kind, set, m);
  const out: string[] = [];
  for (const a of c.attrs) {
    const name = codeText(a.attr);
    if (a.before === undefined) out.push(`+   ${name}: ${showValue(a.after)}`);
    else out.push(`!   ${name}: ${showValue(a.before)} → ${showValue(a.after)}`);
  }
  for (const [set, members] of Object.entries(c.added)) out.push(`+   ${codeText(set)}: ${memberList(members.map(label(set)))}`);
  for (const [set, members] of Object.entries(c.removed)) out.push(`-   ${codeText(set)}: ${memberList(members.map(label(set)))}`);
  return out.map((l) => `${l}\n`).join('');
}

/** Members joined; a very long set (hundreds of members) is cut, with the count, after ~400 chars. */
function memberList(members: readonly string[]): string {
  let text = '';
  for (const [i, m] of members.entries()) {
    const next = `${i === 0 ? '' : ', '}${codeText(truncate(m, 100))}`;
    if (text.length + next.length > 400) return `${text}, … (${members.length} in all)`;
    text += next;
  }
  return text;
}

const mark = (c: EntityChange): string => (c.mark === '~' ? '!' : c.mark);
const label = (c: EntityChange): string => (c.label ? ` (${c.label})` : '');
const origin = (c: EntityChange): string => (c.origin ? ` ← ${codeText(c.origin.source)}:${codeText(c.origin.id)}` : '');
