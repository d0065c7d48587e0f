/**
 * `plan`: read sources (mapping each page as it arrives), load snapshots, diff.
 * The I/O glue around the pure mapper and planner.
 */
import type { Plan } from '../model/plan.js';
import type { SnapshotEntity } from '../model/entity.js';
import type { Subscriber } from '../model/subscriber.js';
import { buildPlan, originKey, type PlanTargetInput } from '../plan/plan.js';
import { targetInputs } from './target-inputs.js';
import { rekeyedRows } from '../apply/snapshot-change.js';
import { confirmDestructive } from './confirm-destructive.js';
import { readSources, type SourceReadProgress, type SubscriberBatches } from './read-sources.js';
import type { SafetyOverrides } from '../plan/safety.js';
import { hashSnapshotRows, SnapshotHasher } from '../store/snapshot-hash.js';
import { SnapshotSifter } from '../plan/sift-snapshot.js';
import { DesiredStateBuilder, inventoryEntities } from './desired.js';
import { observeLive } from './observe-live.js';
import { withMemberNames } from './member-names.js';
import { reconcileLive } from '../plan/drift.js';
import type { DriftEntry, PlanNotice, SkippedSubscriber, UnobservedKind } from '../model/plan.js';
import type { Runtime } from './runtime.js';
import type { Purchase } from '../model/purchase.js';
import type { SecretDigests } from '../model/secret-digest.js';
import { mapBounded } from '../util/map-bounded.js';
import { readRestrictedSnapshots, settleTotals, withLowerBoundTotals, type RestrictedSnapshots } from './restricted-snapshot.js';

/** Point reads of a restricted plan in flight at once. */
const POINT_READS_IN_FLIGHT = 16;

/** Snapshot rows parsed at a time while a plan streams a snapshot. */
const SNAPSHOT_CHUNK_ROWS = 10_000;

export interface PlanTimings {
  /** Per source: reading and mapping its subscribers (mapping runs as pages arrive). */
  readonly readMs: Readonly<Record<string, number>>;
  /** Time spent in the mappings alone. */
  readonly mapMs: number;
  readonly snapshotMs: number;
  readonly diffMs: number;
}

export interface MadePlan {
  readonly plan: Plan;
  /**
   * Snapshot rows per target as loaded, so an apply can start from them. Empty when the plan
   * streamed the snapshots instead of holding them (a full plan without --refresh): the apply
   * loads them itself. A restricted plan (`only`) holds the rows it read by index (see
   * restricted-snapshot.ts; `plan.snapshotScopes` names them).
   */
  readonly snapshots: ReadonlyMap<string, readonly SnapshotEntity[]>;
  /** Subscribers read per source. */
  readonly subscribers: ReadonlyMap<string, number>;
  /**
   * Snapshot rows still holding an old unkeyed secret digest that matches the desired value,
   * re-keyed (apply/snapshot-change.ts rekeyedRows): an apply writes them (engine/rekey.ts).
   */
  readonly rekey: readonly SnapshotEntity[];
  /**
   * Per target, committed upsale purchases this plan found the billing now reflects, or past
   * keep_for (plan/purchase-overlay.ts): a reconcile that applies the plan ends them.
   */
  readonly purchasesEnded: ReadonlyMap<string, { readonly reflected: readonly string[]; readonly expired: readonly string[] }>;
  readonly timings: PlanTimings;
}

export interface MakePlanOptions {
  readonly overrides?: SafetyOverrides;
  /** Plan for these subscribers only (`source:id`); their records are read one by one. */
  readonly only?: readonly { source: string; id: string }[];
  /** Subscribers from elsewhere (benchmarks, tests); replaces the source reads. */
  readonly subscribers?: SubscriberBatches;
  /** Read the live targets first: show drift, and diff against what they really hold. */
  readonly refresh?: boolean;
  /**
   * Confirm each destructive op by a point read of its subscriber (default: on for source reads,
   * off when `subscribers` replaces them — nothing to read the subscriber again from).
   */
  readonly confirm?: boolean;
  readonly now?: () => Date;
  /** Each source's read progress, as pages arrive (the CLI's progress line). */
  readonly onReadProgress?: (p: SourceReadProgress) => void;
}

export async function makePlan(rt: Runtime, opts: MakePlanOptions = {}): Promise<MadePlan> {
  const builder = new DesiredStateBuilder(rt.mappings, inventoryEntities(rt.config));
  const readMs: Record<string, number> = {};
  let mapMs = 0;
  const feed = (source: string, batch: readonly Subscriber[]): void => {
    const t = performance.now();
    builder.add(source, batch);
    mapMs += performance.now() - t;
  };

  let incomplete: ReadonlyMap<string, string> = new Map();
  if (opts.only) {
    // Point reads run side by side (a change-driven round names many subscribers; each source's
    // own limiter still bounds its requests) and are fed in the order named, so the plan is the
    // same as one made reading them one by one.
    const subs = await mapBounded(opts.only, POINT_READS_IN_FLIGHT, async ({ source, id }) => {
      const src = rt.sources.get(source);
      if (!src) return null;
      const started = performance.now();
      const sub = await src.readOne(id);
      readMs[source] = (readMs[source] ?? 0) + performance.now() - started;
      return sub;
    });
    opts.only.forEach(({ source }, i) => {
      const sub = subs[i];
      if (sub) feed(source, [sub]);
    });
  } else {
    const reads = await readSources(rt, feed, opts.subscribers, opts.onReadProgress);
    Object.assign(readMs, reads.readMs);
    incomplete = reads.incomplete;
  }
  const desired = builder.result();

  // Committed upsale purchases: kept until the billing reflects them (plan/purchase-overlay.ts).
  const purchases = new Map<string, Purchase[]>();
  for (const name of rt.targets.keys()) purchases.set(name, await rt.store.purchases.committed(name));
  const keepForMs = rt.config.daemon?.smotreshkaUpsale?.keepForMs;
  const purchasesExpireBefore = keepForMs === undefined ? undefined : new Date((opts.now?.() ?? new Date()).getTime() - keepForMs).toISOString();
  const purchasesEnded = new Map<string, { reflected: readonly string[]; expired: readonly string[] }>();

  let t = performance.now();
  const snapshots = new Map<string, SnapshotEntity[]>();
  const snapshotHashes: Record<string, string> = {};
  // A full plan streams each snapshot past its desired state and keeps only the rows it can act
  // on (plan/sift-snapshot.ts): at a million subscribers the whole snapshot would double the
  // plan's memory. A refresh compares every row with the live target: it loads the snapshot
  // whole, as before (also when restricted to a few subscribers).
  // Committed purchases rewrite both sides before the diff (plan/purchase-overlay.ts), which a
  // sifted snapshot (compared with the desired state as it streamed) cannot follow: load whole.
  const sift = !opts.refresh && !opts.only && [...purchases.values()].every((p) => p.length === 0);
  let sifted: PlanTargetInput[] | undefined;
  // A restricted plan reads its subscribers' rows by index, not the snapshot (restricted-snapshot.ts).
  let restricted: RestrictedSnapshots | undefined;
  if (opts.only && !opts.refresh) {
    restricted = await readRestrictedSnapshots(rt, desired, opts.only);
    for (const [name, rows] of restricted.rows) snapshots.set(name, rows);
    Object.assign(snapshotHashes, restricted.hashes);
  } else if (sift) {
    sifted = [];
    const pending = targetInputs({ targets: rt.targets.values(), config: rt.config, mappings: rt.mappings, desired, base: () => [], incomplete });
    // From here on the inputs alone hold the desired entities, and each sifter its target's:
    // an unchanged entity's attributes are freed as its row streams by (SnapshotSifter).
    builder.release();
    while (pending.length > 0) {
      const { sifter, input } = sifterFor(pending.shift()!, rt.store.secrets);
      const hasher = new SnapshotHasher();
      await rt.store.scanSnapshot(input.target, SNAPSHOT_CHUNK_ROWS, (rows) => {
        sifter.addRows(input.target, rows);
        for (const r of rows) hasher.add({ kind: r[0], key: r[1], hash: r[7], remote_id: r[6] });
      });
      snapshotHashes[input.target] = hasher.digest() ?? (await rt.store.snapshotHash(input.target));
      const s = sifter.result();
      sifted.push({ ...input, desired: s.desired, snapshot: s.kept, sifted: { summary: s.summary, unchanged: s.unchanged, claimedTwice: s.claimedTwice } });
    }
  } else {
    for (const name of rt.targets.keys()) {
      const rows = await rt.store.loadSnapshot(name);
      snapshots.set(name, rows);
      // Same value as store.snapshotHash(), computed from the rows in hand instead of a second read.
      snapshotHashes[name] = hashSnapshotRows(rows.map((r) => ({ kind: r.kind, key: r.key, hash: r.hash, remote_id: r.remoteId })));
    }
  }
  const snapshotMs = performance.now() - t;

  const bases = new Map<string, readonly SnapshotEntity[]>(snapshots);
  const inputs = (): PlanTargetInput[] =>
    sifted ??
    targetInputs({
      targets: rt.targets.values(),
      config: rt.config,
      mappings: rt.mappings,
      desired,
      base: (name) => bases.get(name) ?? [],
      incomplete,
      purchases,
      ...(purchasesExpireBefore !== undefined ? { purchasesExpireBefore } : {}),
      onPurchases: (target, r) => purchasesEnded.set(target, { reflected: r.reflected, expired: r.expired }),
    });
  const drift: DriftEntry[] = [];
  const unobserved: UnobservedKind[] = [];
  if (opts.refresh) {
    for (const input of inputs()) {
      const target = rt.targets.get(input.target)!;
      const cfg = rt.config.targets[target.name]!;
      const live = await observeLive(target, snapshots.get(target.name) ?? [], cfg.rate);
      const r = reconcileLive({ target: target.name, kinds: target.kinds, snapshot: snapshots.get(target.name) ?? [], desired: input.desired, live, policy: cfg.drift });
      bases.set(target.name, r.base);
      drift.push(...r.drift);
      for (const u of live.unobserved ?? []) unobserved.push({ target: target.name, ...u });
    }
  }

  t = performance.now();
  let targets = restricted ? withLowerBoundTotals(inputs()) : inputs();
  const build = (skipped: readonly SkippedSubscriber[], notices: readonly PlanNotice[], pointReads?: number): Plan =>
    buildPlan({
      targets,
      skipped,
      notices,
      ...(opts.only ? { onlyOrigins: new Set(opts.only.map(originKey)) } : {}),
      overrides: opts.overrides ?? {},
      ...(opts.refresh ? { drift, unobserved } : {}),
      configHash: rt.config.hash,
      secrets: rt.store.secrets,
      snapshotHashes,
      createdAt: (opts.now?.() ?? new Date()).toISOString(),
      ...(pointReads !== undefined ? { pointReads } : {}),
    });
  let plan = build(desired.skipped, desired.notices);
  // A percentage cap held something on the rows read alone: count on until it is settled.
  if (restricted) {
    plan = await settleTotals(rt, restricted, targets, plan, opts.overrides, (grown) => {
      targets = grown;
      return build(desired.skipped, desired.notices);
    });
  }
  // A one-subscriber plan was made from a point read already; injected subscribers have no source.
  if (!opts.only && (opts.confirm ?? !opts.subscribers)) {
    const c = await confirmDestructive(rt, plan, targets);
    plan = c.disagreeing.length === 0 ? { ...plan, summary: { ...plan.summary, pointReads: c.pointReads } } : build([...desired.skipped, ...c.disagreeing], [...desired.notices, ...c.notices], c.pointReads);
  }
  const diffMs = performance.now() - t;

  plan = await withMemberNames(rt, plan, { ...(opts.refresh ? { refresh: true } : {}), ...(opts.now ? { now: opts.now() } : {}) });
  if (restricted) plan = { ...plan, snapshotScopes: restricted.scopes };
  // A sifted snapshot kept every row holding an old unkeyed digest: re-keying sees them all.
  const rekey = targets.flatMap((t) => rekeyedRows(t.desired, snapshots.get(t.target) ?? t.snapshot, t.kinds, rt.store.secrets));
  return { plan, snapshots, subscribers: desired.read, rekey, purchasesEnded, timings: { readMs, mapMs, snapshotMs, diffMs } };
}

/**
 * A target's sifter, and its input without the desired entities (the sifter holds its own
 * copy): in a function of its own so no variable of the caller's keeps the array alive.
 */
function sifterFor(input: PlanTargetInput, secrets: SecretDigests): { sifter: SnapshotSifter; input: Omit<PlanTargetInput, 'desired'> } {
  const { desired, ...rest } = input;
  return { sifter: new SnapshotSifter(rest.kinds, desired, secrets), input: rest };
}
