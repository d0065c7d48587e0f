/**
 * Builds a Plan from desired state and snapshots: diff each target, apply the safety gates,
 * order the ops, count them. Pure — the caller supplies the clock value and hashes.
 */
import type { Entity, EntityOrigin, SnapshotEntity } from '../model/entity.js';
import type { Op, OpType } from '../model/op.js';
import { heldBySafety, type DriftEntry, type HeldBack, type Plan, type PlanNotice, type PlanSummary, type SkippedSubscriber, type UnobservedKind } from '../model/plan.js';
import type { SafetyConfig } from '../model/target-policy.js';
import type { KindSpec } from '../model/kind.js';
import type { SecretDigests } from '../model/secret-digest.js';
import { diffTarget, type OpDraft } from './diff.js';
import { orderOps, type TargetDrafts } from './order.js';
import { applySafety, type SafetyOverrides, type SourceShare } from './safety.js';
import { holdDeletesInUse } from './in-use.js';
import { summariseSnapshot, type SnapshotSummary, type UnchangedEntities } from './sift-snapshot.js';

export interface PlanTargetInput {
  readonly target: string;
  readonly kinds: readonly KindSpec[];
  readonly safety: SafetyConfig;
  readonly desired: readonly Entity[];
  readonly snapshot: readonly SnapshotEntity[];
  /**
   * Sources whose mappings feed this target, with how many subscribers each returned and, when
   * the read could not be proved complete, why (see sources/source.ts ReadCompleteness).
   */
  readonly sources: readonly { readonly source: string; readonly read: number; readonly incomplete?: string }[];
  /** `kind\0key` of entities the target's policy blocks by taking members away (safety.ts). */
  readonly blockedByRemoval?: ReadonlySet<string>;
  /**
   * When `snapshot` holds only the rows a plan can act on (a streamed snapshot sifted by
   * plan/sift-snapshot.ts): the counts of the whole snapshot, and the desired entities whose
   * rows were found equal and left out. Absent = `snapshot` is the whole snapshot.
   */
  readonly sifted?: {
    readonly summary: SnapshotSummary;
    readonly unchanged: UnchangedEntities;
    /** Kind → keys two or more of `desired` claim, when the sifter indexed them (SiftedSnapshot). */
    readonly claimedTwice?: ReadonlyMap<string, ReadonlySet<string>>;
  };
  /**
   * For a gone entity of a `keepWhenGone` kind: `report` (kept, listed as a notice; the
   * default) or `delete` (planned like any delete, under the safety gates).
   */
  readonly gonePolicy?: (e: SnapshotEntity) => 'report' | 'delete';
}

/** The notice of a payment-like entity kept on the target although its source no longer lists it. */
export const GONE_KEPT = 'no longer in the source, kept on the target (its policy deletes none)';

export interface PlanInput {
  readonly targets: readonly PlanTargetInput[];
  /** Subscribers the mappings could not map; their existing entities are left alone. */
  readonly skipped: readonly SkippedSubscriber[];
  /** What mapping noticed about subscribers it mapped all the same; carried into the plan. */
  readonly notices?: readonly PlanNotice[];
  /**
   * Restricts the plan to these subscribers (`source:id`), e.g. a one-subscriber sync.
   * Absent = a full reconcile, where entities of vanished subscribers are deleted.
   */
  readonly onlyOrigins?: ReadonlySet<string>;
  readonly overrides: SafetyOverrides;
  readonly configHash: string;
  readonly snapshotHashes: Readonly<Record<string, string>>;
  readonly createdAt: string;
  /** Drift found by a refresh; the targets' `snapshot` inputs are then the refreshed bases. */
  readonly drift?: readonly DriftEntry[];
  /** Kinds the refresh could not read (KindSpec.unobservable); listed in the plan when any. */
  readonly unobserved?: readonly UnobservedKind[];
  /** Source calls spent confirming destructive ops (engine/confirm-destructive.ts), for the summary. */
  readonly pointReads?: number;
  /**
   * The store's secret digests (`store.secrets`), to compare desired secrets with the snapshot.
   * Needed when a kind has secret attributes (see DiffInput.secrets).
   */
  readonly secrets?: SecretDigests;
}

export const originKey = (o: { source: string; id: string }): string => `${o.source}:${o.id}`;

const NO_SET: ReadonlySet<string> = new Set();

export function buildPlan(input: PlanInput): Plan {
  const skippedOrigins = new Set(input.skipped.map(originKey));
  const skipped: SkippedSubscriber[] = [...input.skipped];
  const heldBack: HeldBack[] = [];
  const heldHashes: Record<string, string> = {};
  const drafts: TargetDrafts[] = [];
  const goneNotices: PlanNotice[] = [];

  for (const t of input.targets) {
    const only = input.onlyOrigins;
    const inScope = (e: Entity): boolean => !only || (e.origin !== undefined && only.has(originKey(e.origin)));
    const scopedDesired = only ? t.desired.filter(inScope) : t.desired;
    const snapshot = only ? t.snapshot.filter(inScope) : t.snapshot;
    const readSources = new Set(t.sources.map((s) => s.source));

    // A subscriber in a key conflict cannot be mapped cleanly, nor can the one it collides with:
    // both are skipped whole — decided before the diff, so no delete of theirs is ever planned.
    // Only entities on a key claimed twice can conflict: when the sifter has found those keys,
    // the check looks at their entities alone (in order, so the first on a key still wins).
    const claimedTwice = t.sifted?.claimedTwice;
    const candidates = claimedTwice === undefined ? scopedDesired : claimedTwice.size === 0 ? [] : scopedDesired.filter((e) => claimedTwice.get(e.kind)?.has(e.key) === true);
    const { conflicts, duplicates } = keyConflicts(candidates);
    for (const c of conflicts) {
      skippedOrigins.add(originKey(c.origin));
      skipped.push({ source: c.origin.source, id: c.origin.id, target: t.target, reason: c.reason });
    }
    // A subscriber skipped for this target (a conflict, a point read that disagreed) gets no op
    // here at all, even when its mapping produced entities.
    const skippedHere = new Set(skipped.filter((s) => s.target === t.target).map(originKey));
    const desired = skippedHere.size === 0 ? scopedDesired : scopedDesired.filter((e) => !e.origin || !skippedHere.has(originKey(e.origin)));

    const unchanged = t.sifted?.unchanged;
    const diff = diffTarget({
      target: t.target,
      kinds: t.kinds,
      // Entities whose rows were sifted out as equal would look new to the diff.
      desired: unchanged === undefined || unchanged.size === 0 ? desired : desired.filter((e) => !unchanged.has(e)),
      snapshot,
      duplicates,
      // Never delete what belongs to a subscriber we could not map, or to a source not read now.
      mayDelete: (s) => !s.origin || (readSources.has(s.origin.source) && !skippedOrigins.has(originKey(s.origin))),
      ...(t.gonePolicy ? { mayDeleteKept: (s: SnapshotEntity) => t.gonePolicy!(s) === 'delete' } : {}),
      ...(input.secrets ? { secrets: input.secrets } : {}),
    });
    for (const s of diff.retained) {
      goneNotices.push({ source: s.origin?.source ?? '', id: s.origin?.id ?? s.key, target: t.target, message: GONE_KEPT, detail: `${s.kind} '${s.key}'` });
    }
    // Conflicts only the diff sees (a parent that moved) skip their subscriber whole as well.
    const lateSkips = new Set<string>();
    for (const c of diff.conflicts) {
      skipped.push({ source: c.origin?.source ?? '', id: c.origin?.id ?? c.key, target: t.target, reason: c.reason });
      if (c.origin) lateSkips.add(originKey(c.origin));
    }
    // Built on the first lookup only: most plans never ask (no removal, no late skip).
    let origins: Map<string, EntityOrigin> | undefined;
    const originOf = (kind: string, key: string): EntityOrigin | undefined => (origins ??= originIndex(desired)).get(`${kind}\u0000${key}`);
    const perEntity = lateSkips.size === 0 ? diff.perEntity : diff.perEntity.filter((ops) => !ops.some((op) => touches(op, lateSkips, originOf)));
    for (const o of lateSkips) skippedOrigins.add(o);

    // Never leave a dangling id: what a kept entity points at is not deleted (yet).
    const inUse = holdDeletesInUse({ target: t.target, kinds: t.kinds, desired, snapshot, perEntity });
    heldBack.push(...inUse.heldBack);
    // The whole snapshot's counts; a sifted one counted them as it streamed by.
    const whole = t.sifted?.summary ?? summariseSnapshot(t.snapshot);
    const safe = applySafety({
      target: t.target,
      safety: t.safety,
      // Percent caps are shares of the whole target, also when planning a few subscribers:
      // else a one-subscriber sync's cap would be a share of its own one entity (0 blocks).
      snapshotSize: whole.size,
      membersInSnapshot: whole.members,
      perEntity: inUse.perEntity,
      sources: only
        ? t.sources.filter((s) => s.incomplete !== undefined).map((s) => ({ source: s.source, read: s.read, inSnapshot: 0, incomplete: s.incomplete! }))
        : [...sourceShares(t.sources, whole), ...configShare(desired, whole)],
      originOf,
      blockedByRemoval: t.blockedByRemoval ?? NO_SET,
      overrides: input.overrides,
    });
    heldBack.push(...safe.heldBack);
    if (safe.heldHash !== undefined) heldHashes[t.target] = safe.heldHash;
    drafts.push({ target: t.target, kinds: t.kinds, perEntity: safe.perEntity });
  }

  const ops = orderOps(drafts);
  const only = input.onlyOrigins;
  const allNotices = goneNotices.length === 0 ? (input.notices ?? []) : [...(input.notices ?? []), ...goneNotices];
  const notices = only ? allNotices.filter((n) => only.has(originKey(n))) : allNotices;
  return {
    version: 1,
    createdAt: input.createdAt,
    configHash: input.configHash,
    snapshotHashes: input.snapshotHashes,
    ops,
    skipped,
    ...(notices.length > 0 ? { notices } : {}),
    heldBack,
    ...(Object.keys(heldHashes).length > 0 ? { heldHashes } : {}),
    ...(input.drift ? { drift: input.drift } : {}),
    ...(input.unobserved && input.unobserved.length > 0 ? { unobserved: input.unobserved } : {}),
    summary: {
      ...summarise(ops, input.targets.map((t) => t.target), skipped.length, heldBack),
      ...(input.pointReads !== undefined ? { pointReads: input.pointReads } : {}),
    },
  };
}

/**
 * Every subscriber on either side of a key conflict (two subscribers mapping to one key), and
 * the entities the diff must refuse as repeats once those subscribers are skipped: entities no
 * subscriber owns (an inventory) that repeat the key of an earlier such entity. The diff takes
 * the latter instead of indexing every key again (DiffInput.duplicates).
 */
function keyConflicts(desired: readonly Entity[]): { conflicts: { origin: EntityOrigin; reason: string }[]; duplicates: Set<Entity> } {
  // By kind, then key: a joined string per entity would cost a million strings on a large load.
  const first = new Map<string, Map<string, Entity>>();
  const out: { origin: EntityOrigin; reason: string }[] = [];
  const duplicates = new Set<Entity>();
  /** Per key seen twice or more (rare): whether an entity without an origin held it already. */
  const collided = new Map<string, boolean>();
  const named = new Set<string>();
  const add = (e: Entity, other: Entity): void => {
    if (!e.origin || named.has(originKey(e.origin))) return;
    named.add(originKey(e.origin));
    const with_ = other.origin ? `${other.origin.source}:${other.origin.id}` : 'a declared entity';
    out.push({ origin: e.origin, reason: `${e.kind} '${e.key}' is claimed by this subscriber and by ${with_}; both are left as they are until the source gives each its own key` });
  };
  for (const e of desired) {
    let keys = first.get(e.kind);
    if (!keys) first.set(e.kind, (keys = new Map()));
    const prev = keys.get(e.key);
    if (!prev) {
      keys.set(e.key, e);
      continue;
    }
    add(prev, e);
    add(e, prev);
    // Every entity with an origin on this key is skipped with its subscriber; of those without
    // one, the first stays and each later one is a repeat, as the diff's own index would say.
    const id = `${e.kind}\u0000${e.key}`;
    let heldWithoutOrigin = collided.get(id) ?? !prev.origin;
    if (!e.origin) {
      if (heldWithoutOrigin) duplicates.add(e);
      else heldWithoutOrigin = true;
    }
    collided.set(id, heldWithoutOrigin);
  }
  return { conflicts: out, duplicates };
}

function originIndex(desired: readonly Entity[]): Map<string, EntityOrigin> {
  const out = new Map<string, EntityOrigin>();
  for (const e of desired) if (e.origin) out.set(`${e.kind}\u0000${e.key}`, e.origin);
  return out;
}

/** Whether an op belongs to one of these subscribers. */
function touches(op: OpDraft, origins: ReadonlySet<string>, originOf: (kind: string, key: string) => EntityOrigin | undefined): boolean {
  const origin = op.type === 'delete' ? op.before.origin : 'entity' in op ? op.entity.origin : originOf(op.kind, op.key);
  return origin !== undefined && origins.has(originKey(origin));
}

function sourceShares(sources: PlanTargetInput['sources'], whole: SnapshotSummary): SourceShare[] {
  return sources.map((s) => ({ source: s.source, read: s.read, inSnapshot: whole.originsBySource.get(s.source) ?? 0, ...(s.incomplete !== undefined ? { incomplete: s.incomplete } : {}) }));
}

/**
 * Entities no subscriber owns come from config (a SmartYard inventory). The shrink gate treats
 * them like a source: a sync.yaml that lost its `inventory:` line, or an inventory cut by more
 * than half, must not delete the devices of whole buildings without --allow-shrink.
 */
function configShare(desired: readonly Entity[], whole: SnapshotSummary): SourceShare[] {
  const inSnapshot = whole.withoutOrigin;
  if (inSnapshot === 0) return [];
  let read = 0;
  for (const e of desired) if (!e.origin) read++;
  return [{ source: 'the configuration', noun: 'declared entities (inventory)', read, inSnapshot }];
}

/** Op counts per target and type. */
export function summarise(
  ops: readonly Op[],
  targets: readonly string[],
  skipped: number,
  heldBack: readonly HeldBack[],
): PlanSummary {
  const byTarget: Record<string, Partial<Record<OpType, number>>> = {};
  for (const t of targets) byTarget[t] = {};
  for (const op of ops) {
    const counts = (byTarget[op.target] ??= {});
    counts[op.type] = (counts[op.type] ?? 0) + 1;
  }
  return { byTarget, total: ops.length, skipped, heldBack: heldBack.reduce((n, h) => n + h.ops, 0), heldBySafety: heldBySafety({ heldBack }) };
}
