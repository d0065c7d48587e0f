/**
 * `plan`: read sources (mapping each page as it arrives), load snapshots, diff.
 * The I/O glue around the pure mapper and planner.
 */
import type { Plan } from '../model/plan.js';
import type { Entity, SnapshotEntity } from '../model/entity.js';
import type { Target } from '../targets/target.js';
import type { Subscriber } from '../model/subscriber.js';
import { buildPlan, originKey } from '../plan/plan.js';
import type { SafetyOverrides } from '../plan/safety.js';
import { hashSnapshotRows } from '../store/snapshot-hash.js';
import { DesiredStateBuilder, inventoryEntities } from './desired.js';
import { observeLive } from './observe-live.js';
import { reconcileLive } from '../plan/drift.js';
import type { DriftEntry } from '../model/plan.js';
import type { Runtime } from './runtime.js';

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
  /** Snapshot rows per target as loaded, so an apply can start from them. */
  readonly snapshots: ReadonlyMap<string, readonly SnapshotEntity[]>;
  /** Subscribers read per source. */
  readonly subscribers: ReadonlyMap<string, number>;
  readonly timings: PlanTimings;
}

/** Where subscribers come from: the sources (default), or batches already in hand. */
export type SubscriberBatches = ReadonlyMap<string, AsyncIterable<readonly Subscriber[]> | Iterable<readonly Subscriber[]>>;

export interface MakePlanOptions {
  readonly overrides?: SafetyOverrides;
  /** Plan for these subscribers only (`source:id`); their records are read one by one. */
  readonly only?: readonly { source: string; id: string }[];
  /** Subscribers from elsewhere (benchmarks, tests); replaces the source reads. */
  readonly subscribers?: SubscriberBatches;
  /** Read the live targets first: show drift, and diff against what they really hold. */
  readonly refresh?: boolean;
  readonly now?: () => Date;
}

/** Applies the target's own policies (e.g. blocking) to the desired entities. */
function policyAdjusted(target: Target, entities: readonly Entity[]): readonly Entity[] {
  const adjust = target.desiredFor?.bind(target);
  return adjust ? entities.map(adjust) : entities;
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

  if (opts.only) {
    for (const { source, id } of opts.only) {
      const src = rt.sources.get(source);
      if (!src) continue;
      const started = performance.now();
      const sub = await src.readOne(id);
      readMs[source] = (readMs[source] ?? 0) + performance.now() - started;
      if (sub) feed(source, [sub]);
    }
  } else {
    const streams: [string, AsyncIterable<readonly Subscriber[]> | Iterable<readonly Subscriber[]>][] = opts.subscribers
      ? [...opts.subscribers]
      : [...rt.sources].map(([name, source]) => [name, source.read()]);
    await Promise.all(
      streams.map(async ([name, batches]) => {
        const started = performance.now();
        for await (const batch of batches) feed(name, batch);
        readMs[name] = performance.now() - started;
        rt.logger.info({ source: name, ms: Math.round(readMs[name]!) }, 'source read');
      }),
    );
  }
  const desired = builder.result();

  let t = performance.now();
  const snapshots = new Map<string, SnapshotEntity[]>();
  const snapshotHashes: Record<string, string> = {};
  for (const name of rt.targets.keys()) {
    const rows = await rt.store.loadSnapshot(name);
    snapshots.set(name, rows);
    // Same value as store.snapshotHash(), computed from the rows in hand instead of a second read.
    snapshotHashes[name] = hashSnapshotRows(rows.map((r) => ({ kind: r.kind, key: r.key, hash: r.hash, remote_id: r.remoteId })));
  }
  const snapshotMs = performance.now() - t;

  const wanted = new Map([...rt.targets.values()].map((t) => [t.name, policyAdjusted(t, desired.byTarget.get(t.name) ?? [])]));
  const bases = new Map<string, readonly SnapshotEntity[]>(snapshots);
  const drift: DriftEntry[] = [];
  if (opts.refresh) {
    for (const target of rt.targets.values()) {
      const cfg = rt.config.targets[target.name]!;
      const live = await observeLive(target, snapshots.get(target.name) ?? [], cfg.rate);
      const r = reconcileLive({ target: target.name, kinds: target.kinds, snapshot: snapshots.get(target.name) ?? [], desired: wanted.get(target.name)!, live, policy: cfg.drift });
      bases.set(target.name, r.base);
      drift.push(...r.drift);
    }
  }

  t = performance.now();
  const plan = buildPlan({
    targets: [...rt.targets.values()].map((target) => ({
      target: target.name,
      kinds: target.kinds,
      safety: rt.config.targets[target.name]!.safety,
      desired: wanted.get(target.name)!,
      snapshot: bases.get(target.name) ?? [],
      sources: rt.mappings
        .filter((m) => m.target === target.name)
        .map((m) => ({ source: m.source, read: desired.read.get(m.source) ?? 0 })),
    })),
    skipped: desired.skipped,
    notices: desired.notices,
    ...(opts.only ? { onlyOrigins: new Set(opts.only.map(originKey)) } : {}),
    overrides: opts.overrides ?? {},
    ...(opts.refresh ? { drift } : {}),
    configHash: rt.config.hash,
    secrets: rt.store.secrets,
    snapshotHashes,
    createdAt: (opts.now?.() ?? new Date()).toISOString(),
  });
  const diffMs = performance.now() - t;

  return { plan, snapshots, subscribers: desired.read, timings: { readMs, mapMs, snapshotMs, diffMs } };
}
