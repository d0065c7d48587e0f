/**
 * Safety gates (DESIGN rule 5: never destroy on doubt). Pure: given a target's drafted ops and
 * what the sources returned, decide which deletes and blocks may go ahead.
 */
import type { HeldBack } from '../model/plan.js';
import type { Limit, SafetyConfig } from '../config/types.js';
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
}

export interface SafetyOverrides {
  /** Plan deletes and blocks even though a source came back much smaller than the snapshot. */
  readonly allowShrink?: boolean;
  /** Plan deletes and blocks beyond the per-target caps. */
  readonly allowMassDelete?: boolean;
}

export interface SafetyInput {
  readonly target: string;
  readonly safety: SafetyConfig;
  readonly snapshotSize: number;
  readonly perEntity: readonly (readonly OpDraft[])[];
  readonly sources: readonly SourceShare[];
  readonly overrides: SafetyOverrides;
}

export interface SafetyResult {
  readonly perEntity: readonly (readonly OpDraft[])[];
  readonly heldBack: readonly HeldBack[];
}

const isDestructive = (op: OpDraft): boolean => op.type === 'delete' || op.type === 'block';

/** Applies the source-shrink gate, then the delete and block caps. */
export function applySafety(input: SafetyInput): SafetyResult {
  const deletes = countOps(input.perEntity, 'delete');
  const blocks = countOps(input.perEntity, 'block');
  if (deletes + blocks === 0) return { perEntity: input.perEntity, heldBack: [] };

  const shrunk = input.overrides.allowShrink ? [] : input.sources.filter((s) => isShrunk(s, input.safety));
  if (shrunk.length > 0) {
    const why = shrunk
      .map((s) => `${s.noun === undefined ? `source ${s.source}` : s.source} returned ${s.read} ${s.noun ?? 'subscribers'} but the snapshot holds ${s.inSnapshot} (${pct(s.read, s.inSnapshot)}, below min_source_share ${pct(input.safety.minSourceShare, 1)})`)
      .join('; ');
    return {
      perEntity: strip(input.perEntity, isDestructive),
      heldBack: [{
        target: input.target,
        rule: 'source_shrink',
        ops: deletes + blocks,
        message: `${why}: ${deletes} delete(s) and ${blocks} block(s) held back. If the source really shrank, re-run with --allow-shrink.`,
      }],
    };
  }

  const heldBack: HeldBack[] = [];
  let perEntity = input.perEntity;
  if (!input.overrides.allowMassDelete) {
    for (const [type, count, limit, key] of [
      ['delete', deletes, input.safety.maxDeletes, 'max_deletes'],
      ['block', blocks, input.safety.maxBlocks, 'max_blocks'],
    ] as const) {
      if (!limit || count === 0) continue;
      const cap = capOf(limit, input.snapshotSize);
      if (count <= cap) continue;
      perEntity = strip(perEntity, (op) => op.type === type);
      heldBack.push({
        target: input.target,
        rule: 'delete_limit',
        ops: count,
        message: `${count} ${type}(s) planned on ${input.target}, over safety.${key} (${describeLimit(limit)} = ${cap}): all held back. Check the source; if this is intended, raise the limit or re-run with --allow-mass-delete.`,
      });
    }
  }
  return { perEntity, heldBack };
}

function isShrunk(s: SourceShare, safety: SafetyConfig): boolean {
  if (s.inSnapshot === 0) return false;
  // An empty read against a non-empty snapshot is always suspect (auth error read as [], empty export).
  if (s.read === 0) return true;
  return s.read < s.inSnapshot * safety.minSourceShare;
}

/** The cap a limit allows for a snapshot of `size` entities. */
export function capOf(limit: Limit, size: number): number {
  return 'count' in limit ? limit.count : Math.floor((size * limit.percent) / 100);
}

function describeLimit(limit: Limit): string {
  return 'count' in limit ? String(limit.count) : `${limit.percent}% of the snapshot`;
}

function countOps(perEntity: readonly (readonly OpDraft[])[], type: OpDraft['type']): number {
  let n = 0;
  for (const ops of perEntity) for (const op of ops) if (op.type === type) n++;
  return n;
}

function strip(perEntity: readonly (readonly OpDraft[])[], drop: (op: OpDraft) => boolean): OpDraft[][] {
  const out: OpDraft[][] = [];
  for (const ops of perEntity) {
    const kept = ops.filter((op) => !drop(op));
    if (kept.length > 0) out.push(kept);
  }
  return out;
}

function pct(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)}%`;
}
