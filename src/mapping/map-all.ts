/**
 * Maps every subscriber through every mapping of its source, and records per target which
 * origins were mapped, skipped or out of scope, so the planner knows what it may delete.
 */
import type { Entity } from '../model/entity.js';
import type { SkippedSubscriber } from '../model/plan.js';
import type { Subscriber } from '../model/subscriber.js';
import type { CompiledMapping } from './compile.js';

/** `source:id`, the same origin key the planner uses (`originKey` in plan/plan.ts). */
export function originKeyOf(o: { readonly source: string; readonly id: string }): string {
  return `${o.source}:${o.id}`;
}

export interface MapAllResult {
  /** Target name → desired entities, in subscriber order, parents before children. */
  readonly desired: Map<string, Entity[]>;
  /** Subscribers a mapping could not map (in scope, but bad data); one entry per target. */
  readonly skipped: SkippedSubscriber[];
  /**
   * Target name → origin keys that passed the target's filter: mapped *or* skipped.
   * Mapped = inScope minus the skipped entries for that target.
   */
  readonly inScope: Map<string, Set<string>>;
  /** Target name → origin keys the filter excluded: the target should not have them. */
  readonly outOfScope: Map<string, Set<string>>;
}

/**
 * Maps `subs` through `compiled`. Every target of a mapping appears in `desired`, `inScope`
 * and `outOfScope` (possibly empty). Subscribers of a source without a mapping to a target
 * appear in none of that target's collections.
 */
export function mapAll(compiled: readonly CompiledMapping[], subs: readonly Subscriber[]): MapAllResult {
  const desired = new Map<string, Entity[]>();
  const inScope = new Map<string, Set<string>>();
  const outOfScope = new Map<string, Set<string>>();
  const skipped: SkippedSubscriber[] = [];
  const bySource = new Map<string, CompiledMapping[]>();
  for (const m of compiled) {
    const list = bySource.get(m.source);
    if (list) list.push(m);
    else bySource.set(m.source, [m]);
    if (!desired.has(m.target)) {
      desired.set(m.target, []);
      inScope.set(m.target, new Set());
      outOfScope.set(m.target, new Set());
    }
  }
  for (const sub of subs) {
    const mappings = bySource.get(sub.source);
    if (mappings === undefined) continue;
    const key = originKeyOf(sub);
    for (const m of mappings) {
      const r = m.map(sub);
      if (r.kind === 'out_of_scope') {
        outOfScope.get(m.target)?.add(key);
        continue;
      }
      inScope.get(m.target)?.add(key);
      if (r.kind === 'skipped') {
        skipped.push({ source: sub.source, id: sub.id, target: m.target, reason: r.reason });
        continue;
      }
      const out = desired.get(m.target) as Entity[];
      for (const e of r.entities) out.push(e);
    }
  }
  return { desired, skipped, inScope, outOfScope };
}
