/**
 * Maps every subscriber through every mapping → desired entities per target, plus the
 * subscribers that could not be mapped. Pure.
 */
import type { Entity } from '../model/entity.js';
import type { SkippedSubscriber } from '../model/plan.js';
import type { Subscriber } from '../model/subscriber.js';
import type { CompiledMapping } from '../mapping/compile.js';

export interface DesiredState {
  readonly byTarget: ReadonlyMap<string, Entity[]>;
  readonly skipped: readonly SkippedSubscriber[];
}

export function desiredState(
  mappings: readonly CompiledMapping[],
  subscribers: ReadonlyMap<string, readonly Subscriber[]>,
): DesiredState {
  const byTarget = new Map<string, Entity[]>();
  const skipped: SkippedSubscriber[] = [];
  for (const m of mappings) {
    let list = byTarget.get(m.target);
    if (!list) byTarget.set(m.target, (list = []));
    for (const sub of subscribers.get(m.source) ?? []) {
      const r = m.map(sub);
      if (r.kind === 'entities') for (const e of r.entities) list.push(e);
      else if (r.kind === 'skipped') skipped.push({ source: sub.source, id: sub.id, target: m.target, reason: r.reason });
    }
  }
  return { byTarget, skipped };
}
