/**
 * Mapping impact vs data impact, for reviewing a mapping change: with one read of the sources,
 * what changes because the mapping changed (old mapping → new mapping, same billing data), apart
 * from what changes because billing data moved since the last apply (old mapping → snapshot).
 */
import type { Entity, SnapshotEntity } from '../model/entity.js';
import type { Plan } from '../model/plan.js';
import { entityHash } from '../model/hash.js';
import { buildPlan, type PlanTargetInput } from '../plan/plan.js';
import type { CompiledMapping } from '../mapping/compile.js';
import { DesiredStateBuilder, inventoryEntities, type DesiredState } from './desired.js';
import type { Runtime } from './runtime.js';

export interface Impact {
  /** Ops the mapping change alone causes. */
  readonly mapping: Plan;
  /** Ops billing data (and anything else since the last apply) causes under the old mapping. */
  readonly data: Plan;
}

export async function impactOf(rt: Runtime, oldMappings: readonly CompiledMapping[], now: Date = new Date()): Promise<Impact> {
  // Both sides get today's inventory: an inventory change shows as data impact, not mapping impact.
  const inventory = inventoryEntities(rt.config);
  const current = new DesiredStateBuilder(rt.mappings, inventory);
  const previous = new DesiredStateBuilder(oldMappings, inventory);
  await Promise.all(
    [...rt.sources].map(async ([name, source]) => {
      for await (const batch of source.read()) {
        current.add(name, batch);
        previous.add(name, batch);
      }
    }),
  );
  const next = current.result();
  const before = previous.result();
  const common = { overrides: {}, configHash: rt.config.hash, createdAt: now.toISOString() };

  const targets = (desired: DesiredState, base: (target: string) => readonly SnapshotEntity[]): PlanTargetInput[] =>
    [...rt.targets.values()].map((t) => ({
      target: t.name,
      kinds: t.kinds,
      safety: rt.config.targets[t.name]!.safety,
      desired: desired.byTarget.get(t.name) ?? [],
      snapshot: base(t.name),
      sources: rt.mappings.filter((m) => m.target === t.name).map((m) => ({ source: m.source, read: desired.read.get(m.source) ?? 0 })),
    }));

  const snapshots = new Map<string, SnapshotEntity[]>();
  for (const name of rt.targets.keys()) snapshots.set(name, await rt.store.loadSnapshot(name));

  return {
    // The old mapping's output plays the snapshot: the diff is then the mapping change alone.
    mapping: buildPlan({ ...common, targets: targets(next, (t) => asSnapshot(before.byTarget.get(t) ?? [])), skipped: next.skipped, notices: next.notices, snapshotHashes: {} }),
    data: buildPlan({ ...common, targets: targets(before, (t) => snapshots.get(t) ?? []), skipped: before.skipped, notices: before.notices, snapshotHashes: {} }),
  };
}

function asSnapshot(entities: readonly Entity[]): SnapshotEntity[] {
  return entities.map((e) => ({ ...e, remoteId: null, hash: entityHash(e) }));
}
