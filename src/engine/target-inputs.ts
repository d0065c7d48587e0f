/**
 * The planner's per-target inputs from one desired state: each target's policies applied
 * (`desiredFor`), the entities a policy blocks by taking members away, and what every source
 * read (and whether the read was proved complete). One function, so `plan`, `apply`, the daemon
 * and `impact` can never disagree about what a target wants.
 */
import type { Entity, SnapshotEntity } from '../model/entity.js';
import type { PlanTargetInput } from '../plan/plan.js';
import type { Target } from '../targets/target.js';
import type { KindSpec } from '../model/kind.js';
import type { SyncConfig } from '../config/types.js';
import type { CompiledMapping } from '../mapping/compile.js';
import type { DesiredState } from './desired.js';

/** Per source, why its read could not be proved complete; a source absent here was proved. */
export type Incomplete = ReadonlyMap<string, string>;

export interface TargetInputsArgs {
  readonly targets: Iterable<Target>;
  readonly config: SyncConfig;
  readonly mappings: readonly CompiledMapping[];
  readonly desired: DesiredState;
  readonly base: (target: string) => readonly SnapshotEntity[];
  readonly incomplete?: Incomplete;
}

export function targetInputs(args: TargetInputsArgs): PlanTargetInput[] {
  return [...args.targets].map((target) => {
    const { entities, blockedByRemoval } = withPolicy(target, args.desired.byTarget.get(target.name) ?? []);
    const inScope = target.inScope?.bind(target);
    const gone = target.gonePolicy?.bind(target);
    return {
      target: target.name,
      kinds: target.kinds,
      safety: args.config.targets[target.name]!.safety,
      desired: inScope ? entities.filter(inScope) : entities,
      snapshot: inScope ? args.base(target.name).filter(inScope) : args.base(target.name),
      ...(gone ? { gonePolicy: gone } : {}),
      sources: args.mappings
        .filter((m) => m.target === target.name)
        .map((m) => {
          const why = args.incomplete?.get(m.source);
          return { source: m.source, read: args.desired.read.get(m.source) ?? 0, ...(why !== undefined ? { incomplete: why } : {}) };
        }),
      ...(blockedByRemoval.size > 0 ? { blockedByRemoval } : {}),
    };
  });
}

/**
 * The target's policies applied to its desired entities. An entity the mapping wants blocked
 * (its kind's block attribute at the blocked value) whose sets the policy changed is a block
 * realised as removals: the safety gates count it under max_blocks as well.
 */
export function withPolicy(target: Pick<Target, 'kinds' | 'desiredFor'>, entities: readonly Entity[]): { entities: readonly Entity[]; blockedByRemoval: ReadonlySet<string> } {
  const adjust = target.desiredFor?.bind(target);
  const blockedByRemoval = new Set<string>();
  if (!adjust) return { entities, blockedByRemoval };
  const specs = new Map<string, KindSpec>(target.kinds.map((k) => [k.kind, k]));
  const out = entities.map((e) => {
    const adjusted = adjust(e);
    if (adjusted !== e && adjusted.sets !== e.sets) {
      const block = specs.get(e.kind)?.block;
      if (block && e.attrs[block.attr] === block.blockedValue) blockedByRemoval.add(`${e.kind}\u0000${e.key}`);
    }
    return adjusted;
  });
  return { entities: out, blockedByRemoval };
}
