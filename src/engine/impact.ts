/**
 * Mapping impact vs data impact, for reviewing a config change: with one read of the sources,
 * what changes because the configuration changed (old mappings and inventories → new ones, same
 * billing data), apart from what changes because billing data moved since the last apply (old
 * configuration → snapshot).
 */
import type { Entity, SnapshotEntity } from '../model/entity.js';
import type { Plan } from '../model/plan.js';
import { entityHash } from '../model/hash.js';
import { withMemberNames } from './member-names.js';
import { buildPlan, type PlanTargetInput } from '../plan/plan.js';
import type { SyncConfig } from '../config/index.js';
import type { Subscriber } from '../model/subscriber.js';
import { DesiredStateBuilder, inventoryEntities, type DesiredState } from './desired.js';
import { compileMappings, type Runtime } from './runtime.js';
import { readSources } from './read-sources.js';
import { targetInputs, withPolicy } from './target-inputs.js';
import { storedAttrs } from '../apply/snapshot-change.js';
import type { SecretDigests } from '../model/secret-digest.js';
import { kindSpec, type KindSpec } from '../model/kind.js';

export interface Impact {
  /** Ops the config change alone causes (mappings, and inventories such as SmartYard's). */
  readonly mapping: Plan;
  /** Ops billing data (and anything else since the last apply) causes under the old config. */
  readonly data: Plan;
}

export interface ImpactOptions {
  readonly now?: Date;
  /** Subscribers from elsewhere (tests); replaces the source reads. */
  readonly subscribers?: ReadonlyMap<string, Iterable<readonly Subscriber[]> | AsyncIterable<readonly Subscriber[]>>;
}

/** Splits what an apply would do into the part `oldConfig` → the runtime's config causes and the rest. */
export async function impactOf(rt: Runtime, oldConfig: SyncConfig, opts: ImpactOptions = {}): Promise<Impact> {
  const now = opts.now ?? new Date();
  // An inventory is config as much as a mapping is: its change belongs to the config's impact.
  const current = new DesiredStateBuilder(rt.mappings, inventoryEntities(rt.config));
  const previous = new DesiredStateBuilder(compileMappings(oldConfig).mappings, inventoryEntities(oldConfig));
  const { incomplete } = await readSources(
    rt,
    (name, batch) => {
      current.add(name, batch);
      previous.add(name, batch);
    },
    opts.subscribers,
  );
  const next = current.result();
  const before = previous.result();
  const common = { overrides: {}, configHash: rt.config.hash, createdAt: now.toISOString(), secrets: rt.store.secrets };

  // The same per-target inputs plan builds (policies applied), so impact and plan agree.
  const targets = (desired: DesiredState, base: (target: string) => readonly SnapshotEntity[]): PlanTargetInput[] =>
    targetInputs({ targets: rt.targets.values(), config: rt.config, mappings: rt.mappings, desired, base, incomplete });

  const snapshots = new Map<string, SnapshotEntity[]>();
  for (const name of rt.targets.keys()) snapshots.set(name, await rt.store.loadSnapshot(name));

  const named = (plan: Plan): Promise<Plan> => withMemberNames(rt, plan, { now });
  return {
    // The old mapping's output plays the snapshot: the diff is then the mapping change alone.
    mapping: await named(buildPlan({ ...common, targets: targets(next, (t) => asSnapshot(withPolicy(rt.targets.get(t)!, before.byTarget.get(t) ?? []).entities, rt.kinds[t] ?? [], rt.store.secrets)), skipped: next.skipped, notices: next.notices, snapshotHashes: {} })),
    data: await named(buildPlan({ ...common, targets: targets(before, (t) => snapshots.get(t) ?? []), skipped: before.skipped, notices: before.notices, snapshotHashes: {} })),
  };
}

/** Desired entities as if applied: stored the way the snapshot stores them (secrets as digests). */
function asSnapshot(entities: readonly Entity[], kinds: readonly KindSpec[], secrets: SecretDigests): SnapshotEntity[] {
  return entities.map((e) => {
    const stored = { ...e, attrs: storedAttrs(e.attrs, kindSpec(kinds, e.kind), secrets), remoteId: null };
    return { ...stored, hash: entityHash(stored) };
  });
}
