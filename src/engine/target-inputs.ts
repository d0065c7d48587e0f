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
import type { Purchase } from '../model/purchase.js';
import { overlayPurchases, type OverlayResult } from '../plan/purchase-overlay.js';

/** Per source, why its read could not be proved complete; a source absent here was proved. */
export type Incomplete = ReadonlyMap<string, string>;

export interface TargetInputsArgs {
  readonly targets: Iterable<Target>;
  readonly config: SyncConfig;
  readonly mappings: readonly CompiledMapping[];
  readonly desired: DesiredState;
  readonly base: (target: string) => readonly SnapshotEntity[];
  readonly incomplete?: Incomplete;
  /** Committed upsale purchases per target (plan/purchase-overlay.ts), oldest commit first. */
  readonly purchases?: ReadonlyMap<string, readonly Purchase[]>;
  /** ISO time before which committed purchases have expired (the bridge's keep_for). */
  readonly purchasesExpireBefore?: string;
  /** Told, per target with purchases, which were kept, reflected or expired. */
  readonly onPurchases?: (target: string, result: OverlayResult) => void;
}

export function targetInputs(args: TargetInputsArgs): PlanTargetInput[] {
  return [...args.targets].map((target) => {
    const { entities, blockedByRemoval } = withPolicy(target, args.desired.byTarget.get(target.name) ?? []);
    const inScope = target.inScope?.bind(target);
    const gone = target.gonePolicy?.bind(target);
    let desired = entities;
    let snapshot = args.base(target.name);
    const purchases = args.purchases?.get(target.name);
    if (purchases && purchases.length > 0) {
      // After the policy: a blocked account's emptied set stays empty (overlay skips it).
      const r = overlayPurchases({ desired, base: snapshot, purchases, blocked: blockedByRemoval, ...(args.purchasesExpireBefore !== undefined ? { expiredBefore: args.purchasesExpireBefore } : {}) });
      desired = r.desired;
      snapshot = r.base;
      args.onPurchases?.(target.name, r);
    }
    return {
      target: target.name,
      kinds: target.kinds,
      safety: args.config.targets[target.name]!.safety,
      desired: inScope ? desired.filter(inScope) : desired,
      snapshot: inScope ? snapshot.filter(inScope) : snapshot,
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
