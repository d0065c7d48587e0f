/**
 * `plan`: read sources, map, load snapshots, diff. The I/O glue around the pure planner.
 */
import type { Plan } from '../model/plan.js';
import type { SnapshotEntity } from '../model/entity.js';
import type { Subscriber } from '../model/subscriber.js';
import { buildPlan, originKey } from '../plan/plan.js';
import type { SafetyOverrides } from '../plan/safety.js';
import { desiredState } from './desired.js';
import { readSources } from './read-sources.js';
import type { Runtime } from './runtime.js';

export interface PlanTimings {
  readonly readMs: Readonly<Record<string, number>>;
  readonly mapMs: number;
  readonly snapshotMs: number;
  readonly diffMs: number;
}

export interface MadePlan {
  readonly plan: Plan;
  /** Snapshot rows per target as loaded, so an apply can start from them. */
  readonly snapshots: ReadonlyMap<string, readonly SnapshotEntity[]>;
  readonly subscribers: ReadonlyMap<string, number>;
  readonly timings: PlanTimings;
}

export interface MakePlanOptions {
  readonly overrides?: SafetyOverrides;
  /** Plan for these subscribers only (`source:id`); their records are read one by one. */
  readonly only?: readonly { source: string; id: string }[];
  /** Subscribers already read (benchmarks, tests); skips the source reads. */
  readonly subscribers?: ReadonlyMap<string, readonly Subscriber[]>;
  readonly now?: () => Date;
}

export async function makePlan(rt: Runtime, opts: MakePlanOptions = {}): Promise<MadePlan> {
  const readMs: Record<string, number> = {};
  const subscribers = new Map<string, readonly Subscriber[]>();
  if (opts.subscribers) {
    for (const [k, v] of opts.subscribers) subscribers.set(k, v);
  } else if (opts.only) {
    for (const { source, id } of opts.only) {
      const src = rt.sources.get(source);
      if (!src) continue;
      const started = performance.now();
      const sub = await src.readOne(id);
      readMs[source] = (readMs[source] ?? 0) + performance.now() - started;
      subscribers.set(source, [...(subscribers.get(source) ?? []), ...(sub ? [sub] : [])]);
    }
  } else {
    const reads = await readSources(rt.sources, (source, read) => rt.logger.debug({ source, read }, 'reading'));
    for (const [name, r] of reads) {
      subscribers.set(name, r.subscribers);
      readMs[name] = r.ms;
      rt.logger.info({ source: name, subscribers: r.subscribers.length, ms: Math.round(r.ms) }, 'source read');
    }
  }

  let t = performance.now();
  const desired = desiredState(rt.mappings, subscribers);
  const mapMs = performance.now() - t;

  t = performance.now();
  const snapshots = new Map<string, SnapshotEntity[]>();
  const snapshotHashes: Record<string, string> = {};
  for (const name of rt.targets.keys()) {
    snapshots.set(name, await rt.store.loadSnapshot(name));
    snapshotHashes[name] = await rt.store.snapshotHash(name);
  }
  const snapshotMs = performance.now() - t;

  t = performance.now();
  const plan = buildPlan({
    targets: [...rt.targets.values()].map((target) => ({
      target: target.name,
      kinds: target.kinds,
      safety: rt.config.targets[target.name]!.safety,
      desired: desired.byTarget.get(target.name) ?? [],
      snapshot: snapshots.get(target.name) ?? [],
      sources: rt.mappings
        .filter((m) => m.target === target.name)
        .map((m) => ({ source: m.source, read: subscribers.get(m.source)?.length ?? 0 })),
    })),
    skipped: desired.skipped,
    ...(opts.only ? { onlyOrigins: new Set(opts.only.map(originKey)) } : {}),
    overrides: opts.overrides ?? {},
    configHash: rt.config.hash,
    snapshotHashes,
    createdAt: (opts.now?.() ?? new Date()).toISOString(),
  });
  const diffMs = performance.now() - t;

  return {
    plan,
    snapshots,
    subscribers: new Map([...subscribers].map(([k, v]) => [k, v.length])),
    timings: { readMs, mapMs, snapshotMs, diffMs },
  };
}
