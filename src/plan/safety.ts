/**
 * Safety gates (DESIGN rule 5: never destroy on doubt). Pure: given a target's drafted ops and
 * what the sources returned, decide which destructive ops may go ahead.
 *
 * Destructive = anything that takes a service away from a subscriber: a `delete`, a `block`, a
 * `remove_member` (a lost tariff, subscription or door right) — and a block a target realises as
 * removals (Smotreshka `blocking: subscriptions`), which counts as a block as well as removals.
 * In order:
 *  1. a source whose read was not proved complete plans nothing destructive for its subscribers;
 *  2. a source that came back much smaller than the snapshot plans nothing destructive at all;
 *  3. each class over its cap (`max_deletes`, `max_blocks`, `max_removals`) is held back whole.
 * Held-back ops carry a hash of exactly what was held, so an operator can approve that set and
 * nothing else (`billsync approve`): a plan made later applies the set only if it is unchanged.
 */
import type { EntityOrigin } from '../model/entity.js';
import type { HeldBack } from '../model/plan.js';
import type { Limit, SafetyConfig } from '../model/target-policy.js';
import { canonicalJson, sha256 } from '../model/hash.js';
import type { OpDraft } from './diff.js';

/** How a source's read compares with what the snapshot holds for it. */
export interface SourceShare {
  readonly source: string;
  /** Subscribers the source returned in this run. */
  readonly read: number;
  /** Distinct subscribers of that source the target's snapshot holds entities for. */
  readonly inSnapshot: number;
  /** What was counted; default `subscribers`. Config-declared entities (an inventory) are counted too. */
  readonly noun?: string;
  /** Why the read could not be proved complete; absent = proved (or not a source read). */
  readonly incomplete?: string;
}

export interface SafetyOverrides {
  /** Plan destructive ops even though a source came back much smaller than the snapshot. */
  readonly allowShrink?: boolean;
  /** Plan destructive ops beyond the per-target caps. */
  readonly allowMassDelete?: boolean;
  /** Plan destructive ops for sources whose read could not be proved complete. */
  readonly allowIncompleteRead?: boolean;
  /**
   * Per target, the hash of a held-back set the operator approved: when this plan holds back
   * exactly that set, it goes ahead instead.
   */
  readonly approved?: Readonly<Record<string, string>>;
}

export interface SafetyInput {
  readonly target: string;
  readonly safety: SafetyConfig;
  /** Entities in the target's snapshot (the base of percentage caps on deletes and blocks). */
  readonly snapshotSize: number;
  /** Set members in the target's snapshot (the base of a percentage `max_removals`). */
  readonly membersInSnapshot: number;
  readonly perEntity: readonly (readonly OpDraft[])[];
  readonly sources: readonly SourceShare[];
  /** The subscriber an entity belongs to (desired or snapshot); undefined for config-declared ones. */
  readonly originOf: (kind: string, key: string) => EntityOrigin | undefined;
  /** `kind\0key` of entities a target policy blocks by taking members away (see file comment). */
  readonly blockedByRemoval: ReadonlySet<string>;
  readonly overrides: SafetyOverrides;
}

export interface SafetyResult {
  readonly perEntity: readonly (readonly OpDraft[])[];
  readonly heldBack: readonly HeldBack[];
  /** Hash of the held-back destructive ops (what `approve` names); absent when none. */
  readonly heldHash?: string;
}

/** The caps used when sync.yaml sets none: a tenth of what the target holds, at least 10. */
export const DEFAULT_CAP: Limit = { percent: 10, atLeast: 10 };

type Drafts = readonly (readonly OpDraft[])[];

const entityOf = (op: OpDraft): string => `${op.kind}\u0000${op.key}`;

/** Whether an op takes something away from a subscriber. */
export function isDestructive(op: OpDraft): boolean {
  return op.type === 'delete' || op.type === 'block' || op.type === 'remove_member';
}

export function applySafety(input: SafetyInput): SafetyResult {
  if (!input.perEntity.some((ops) => ops.some(isDestructive))) return { perEntity: input.perEntity, heldBack: [] };
  const held: HeldBack[] = [];
  const heldOps: OpDraft[] = [];
  let perEntity: Drafts = input.perEntity;
  const hold = (drop: (op: OpDraft) => boolean, rule: HeldBack['rule'], message: (n: Counts) => string): void => {
    const taken: OpDraft[] = [];
    perEntity = strip(perEntity, (op) => isDestructive(op) && drop(op), taken);
    if (taken.length === 0) return;
    heldOps.push(...taken);
    held.push({ target: input.target, rule, ops: taken.length, message: message(count(taken, input.blockedByRemoval)) });
  };

  // 1. Reads not proved complete: their subscribers' absences and changes prove nothing.
  if (!input.overrides.allowIncompleteRead) {
    for (const s of input.sources) {
      if (s.incomplete === undefined) continue;
      hold(
        (op) => originSource(op, input.originOf) === s.source,
        'incomplete_read',
        (n) => `the read of source ${s.source} was not proved complete (${s.incomplete}): ${describe(n)} of its subscribers held back. Fix the source read; if you checked it by hand, approve them (billsync approve ${input.target}).`,
      );
    }
  }

  // 2. A source that shrank: held whole, whoever the op belongs to.
  const shrunk = input.overrides.allowShrink ? [] : input.sources.filter((s) => isShrunk(s, input.safety));
  if (shrunk.length > 0) {
    const why = shrunk
      .map((s) => `${s.noun === undefined ? `source ${s.source}` : s.source} returned ${s.read} ${s.noun ?? 'subscribers'} but the snapshot holds ${s.inSnapshot} (${pct(s.read, s.inSnapshot)}, below min_source_share ${pct(input.safety.minSourceShare, 1)})`)
      .join('; ');
    hold(() => true, 'source_shrink', (n) => `${why}: ${describe(n)} held back. If the source really shrank, re-run with --allow-shrink.`);
  }

  // 3. Caps per class, each over the whole target.
  if (!input.overrides.allowMassDelete) {
    const n = count(perEntity.flat(), input.blockedByRemoval);
    const caps = [
      { rule: 'delete_limit', what: 'delete(s)', planned: n.deletes, limit: input.safety.maxDeletes, key: 'max_deletes', base: input.snapshotSize, drop: (op: OpDraft) => op.type === 'delete' },
      { rule: 'block_limit', what: 'block(s)', planned: n.blocks, limit: input.safety.maxBlocks, key: 'max_blocks', base: input.snapshotSize, drop: (op: OpDraft) => op.type === 'block' || (op.type === 'remove_member' && input.blockedByRemoval.has(entityOf(op))) },
      { rule: 'removal_limit', what: 'removal(s) of a tariff, subscription or right', planned: n.removals, limit: input.safety.maxRemovals, key: 'max_removals', base: input.membersInSnapshot, drop: (op: OpDraft) => op.type === 'remove_member' },
    ] as const;
    for (const c of caps) {
      const limit = c.limit ?? DEFAULT_CAP;
      const cap = capOf(limit, c.base);
      if (c.planned <= cap) continue;
      hold(c.drop, c.rule, () => `${c.planned} ${c.what} planned on ${input.target}, over safety.${c.key} (${describeLimit(limit)}${c.limit ? '' : ', the default'} = ${cap}): all held back. Check the source and the mapping; if this is intended, approve it (billsync approve ${input.target}), raise the limit or re-run with --allow-mass-delete.`);
    }
  }

  if (heldOps.length === 0) return { perEntity, heldBack: [] };
  const heldHash = hashHeld(heldOps);
  // The operator approved exactly this set: it goes ahead, and the plan says so.
  if (input.overrides.approved?.[input.target] === heldHash) return { perEntity: input.perEntity, heldBack: [] };
  return { perEntity, heldBack: held, heldHash };
}

/** A short, order-independent hash of a held-back set. */
export function hashHeld(ops: readonly OpDraft[]): string {
  const lines = ops.map((op) => canonicalJson(op.type === 'delete' ? { ...op, before: { kind: op.before.kind, key: op.before.key, hash: op.before.hash } } : op)).sort();
  return sha256(lines.join('\n')).slice(0, 16);
}

interface Counts {
  readonly deletes: number;
  readonly blocks: number;
  readonly removals: number;
}

/** Blocks include entities blocked by removals (counted once each, however many members go). */
function count(ops: readonly OpDraft[], blockedByRemoval: ReadonlySet<string>): Counts {
  let deletes = 0;
  let blocks = 0;
  let removals = 0;
  const removalBlocks = new Set<string>();
  for (const op of ops) {
    if (op.type === 'delete') deletes++;
    else if (op.type === 'block') blocks++;
    else if (op.type === 'remove_member') {
      removals++;
      if (blockedByRemoval.has(entityOf(op))) removalBlocks.add(entityOf(op));
    }
  }
  return { deletes, blocks: blocks + removalBlocks.size, removals };
}

function describe(n: Counts): string {
  return `${n.deletes} delete(s), ${n.blocks} block(s) and ${n.removals} removal(s)`;
}

function originSource(op: OpDraft, originOf: SafetyInput['originOf']): string | undefined {
  if (op.type === 'delete') return op.before.origin?.source;
  if (op.type === 'block') return op.entity.origin?.source ?? originOf(op.kind, op.key)?.source;
  return originOf(op.kind, op.key)?.source;
}

function isShrunk(s: SourceShare, safety: SafetyConfig): boolean {
  if (s.inSnapshot === 0) return false;
  // An empty read against a non-empty snapshot is always suspect (auth error read as [], empty export).
  if (s.read === 0) return true;
  return s.read < s.inSnapshot * safety.minSourceShare;
}

/** The cap a limit allows for a base of `size` (entities, or set members for removals). */
export function capOf(limit: Limit, size: number): number {
  if ('count' in limit) return limit.count;
  return Math.max(Math.floor((size * limit.percent) / 100), limit.atLeast ?? 0);
}

export function describeLimit(limit: Limit): string {
  if ('count' in limit) return String(limit.count);
  return `${limit.percent}% of what the target holds${limit.atLeast ? `, at least ${limit.atLeast}` : ''}`;
}

/**
 * Takes the dropped ops out. A held delete takes the rest of its entity's ops with it: those
 * follow a delete only when a kind re-creates an entity under a new parent (a Smarty device
 * moving to another account), and that create cannot succeed while the delete waits.
 */
function strip(perEntity: Drafts, drop: (op: OpDraft) => boolean, taken: OpDraft[]): OpDraft[][] {
  const out: OpDraft[][] = [];
  for (const ops of perEntity) {
    const kept: OpDraft[] = [];
    let heldDelete = false;
    for (const op of ops) {
      const take = heldDelete || drop(op);
      if (take && op.type === 'delete') heldDelete = true;
      (take ? taken : kept).push(op);
    }
    if (kept.length > 0) out.push(kept);
  }
  return out;
}

function pct(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)}%`;
}
