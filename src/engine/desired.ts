/**
 * Maps subscribers through every mapping → desired entities per target, plus the subscribers
 * that could not be mapped and the notices mapping raised; targets' inventories (entities no
 * subscriber owns) join their desired entities first. Pure. Fed batch by batch as sources stream, so the raw subscriber
 * records of a 100,000-subscriber read never need to be in memory at once.
 */
import type { Entity } from '../model/entity.js';
import type { PlanNotice, SkippedSubscriber } from '../model/plan.js';
import type { Subscriber } from '../model/subscriber.js';
import type { CompiledMapping } from '../mapping/compile.js';
import type { SyncConfig } from '../config/types.js';

export interface DesiredState {
  readonly byTarget: ReadonlyMap<string, Entity[]>;
  readonly skipped: readonly SkippedSubscriber[];
  readonly notices: readonly PlanNotice[];
  /** Subscribers read per source. */
  readonly read: ReadonlyMap<string, number>;
}

/** Target name → the desired entities of its inventory (SmartYard devices and doors). */
export function inventoryEntities(config: SyncConfig): ReadonlyMap<string, readonly Entity[]> {
  return new Map(Object.values(config.inventories ?? {}).map((inv) => [inv.target, inv.entities]));
}

export class DesiredStateBuilder {
  private readonly byTarget = new Map<string, Entity[]>();
  private readonly skipped: SkippedSubscriber[] = [];
  private readonly notices: PlanNotice[] = [];
  private readonly read = new Map<string, number>();
  private readonly bySource = new Map<string, CompiledMapping[]>();

  /** @param fixed per target, desired entities that come from config, not subscribers (inventories) */
  constructor(mappings: readonly CompiledMapping[], fixed: ReadonlyMap<string, readonly Entity[]> = new Map()) {
    for (const [target, entities] of fixed) this.byTarget.set(target, [...entities]);
    for (const m of mappings) {
      const list = this.bySource.get(m.source) ?? [];
      list.push(m);
      this.bySource.set(m.source, list);
      if (!this.byTarget.has(m.target)) this.byTarget.set(m.target, []);
      this.read.set(m.source, 0);
    }
  }

  /** Maps one batch of a source's subscribers. */
  add(source: string, batch: readonly Subscriber[]): void {
    this.read.set(source, (this.read.get(source) ?? 0) + batch.length);
    for (const m of this.bySource.get(source) ?? []) {
      const out = this.byTarget.get(m.target)!;
      for (const sub of batch) {
        const r = m.map(sub);
        if (r.kind === 'entities') {
          for (const e of r.entities) out.push(e);
          if (r.notices) for (const n of r.notices) this.notices.push({ source: sub.source, id: sub.id, target: m.target, ...n });
        } else if (r.kind === 'skipped') this.skipped.push({ source: sub.source, id: sub.id, target: m.target, reason: r.reason });
      }
    }
  }

  /**
   * Lets go of the desired entities (the state from `result()` then has none): for a caller
   * that has handed them on (make-plan's sifted inputs), so they can be freed as they are used.
   */
  release(): void {
    for (const target of this.byTarget.keys()) this.byTarget.set(target, []);
  }

  result(): DesiredState {
    return { byTarget: this.byTarget, skipped: this.skipped, notices: this.notices, read: this.read };
  }
}

/** Maps subscribers already in memory (tests, benchmarks). */
export function desiredState(
  mappings: readonly CompiledMapping[],
  subscribers: ReadonlyMap<string, readonly Subscriber[]>,
  fixed?: ReadonlyMap<string, readonly Entity[]>,
): DesiredState {
  const b = new DesiredStateBuilder(mappings, fixed);
  for (const [source, subs] of subscribers) b.add(source, subs);
  return b.result();
}
