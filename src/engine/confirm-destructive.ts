/**
 * Point reads before destruction (DESIGN rule 5): every delete, block and member removal a plan
 * holds for a subscriber of a source is confirmed by reading that one subscriber again and
 * mapping it afresh. When the point read disagrees with the bulk read — the subscriber is there
 * after all, no longer blocked, still has the tariff; or the read fails — the subscriber is
 * skipped whole for this run with the reason. Cost: one source call per subscriber with
 * destructive ops (held-back ops are not confirmed: they are not applied).
 */
import type { Entity, EntityOrigin } from '../model/entity.js';
import type { Op } from '../model/op.js';
import type { Plan, PlanNotice, SkippedSubscriber } from '../model/plan.js';
import type { Subscriber } from '../model/subscriber.js';
import { originKey, type PlanTargetInput } from '../plan/plan.js';
import { withPolicy } from './target-inputs.js';
import type { Runtime } from './runtime.js';

export interface Confirmation {
  /** Subscribers whose point read disagreed: to be skipped whole. */
  readonly disagreeing: readonly SkippedSubscriber[];
  readonly notices: readonly PlanNotice[];
  /** Source calls made. */
  readonly pointReads: number;
}

/** Point reads in flight at once per plan; each source's own limiter bounds them further. */
const PARALLEL = 8;

export const DISAGREES = 'the point read of this subscriber disagrees with the bulk read: nothing of theirs is changed this run';

export async function confirmDestructive(rt: Runtime, plan: Plan, inputs: readonly PlanTargetInput[]): Promise<Confirmation> {
  const pending = destructiveByOrigin(plan.ops, inputs, new Set(rt.sources.keys()));
  const disagreeing: SkippedSubscriber[] = [];
  const notices: PlanNotice[] = [];
  const origins = [...pending.values()];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < origins.length) {
      const { origin, ops } = origins[next++]!;
      const verdict = await check(rt, origin, ops);
      if (verdict === null) continue;
      for (const target of new Set(ops.map((o) => o.target))) {
        disagreeing.push({ source: origin.source, id: origin.id, target, reason: `${DISAGREES} (${verdict})` });
        notices.push({ source: origin.source, id: origin.id, target, message: DISAGREES, detail: verdict });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, origins.length) }, worker));
  return { disagreeing, notices, pointReads: origins.length };
}

/** Null when the point read confirms every op; else what disagreed. */
async function check(rt: Runtime, origin: EntityOrigin, ops: readonly Op[]): Promise<string | null> {
  let sub: Subscriber | null;
  try {
    sub = await rt.sources.get(origin.source)!.readOne(origin.id);
  } catch (err) {
    return `the point read failed: ${(err as Error).message}`;
  }
  const byTarget = new Map<string, Map<string, Entity>>();
  for (const target of new Set(ops.map((o) => o.target))) {
    const entities = new Map<string, Entity>();
    if (sub) {
      for (const m of rt.mappings) {
        if (m.source !== origin.source || m.target !== target) continue;
        const r = m.map(sub);
        if (r.kind === 'skipped') return `the point read maps to nothing: ${r.reason}`;
        if (r.kind !== 'entities') continue;
        for (const e of withPolicy(rt.targets.get(target)!, r.entities).entities) entities.set(`${e.kind}\u0000${e.key}`, e);
      }
    }
    byTarget.set(target, entities);
  }
  for (const op of ops) {
    const now = byTarget.get(op.target)!.get(`${op.kind}\u0000${op.key}`);
    const why = disagreement(rt, op, now);
    if (why !== null) return why;
  }
  return null;
}

function disagreement(rt: Runtime, op: Op, now: Entity | undefined): string | null {
  switch (op.type) {
    case 'delete': {
      if (now === undefined) return null;
      // A kind that moves by re-creating (a device to another account) is deleted under its old parent.
      const moves = rt.targets.get(op.target)!.kinds.find((k) => k.kind === op.kind)?.moves === 'recreate';
      if (moves && (now.parent?.kind !== op.before.parent?.kind || now.parent?.key !== op.before.parent?.key)) return null;
      return `${op.kind} ${op.key} is still wanted`;
    }
    case 'block': {
      const block = rt.targets.get(op.target)!.kinds.find((k) => k.kind === op.kind)?.block;
      if (!now || !block) return `${op.kind} ${op.key} is gone, not blocked`;
      return now.attrs[block.attr] === block.blockedValue ? null : `${op.kind} ${op.key} is not blocked`;
    }
    case 'remove_member':
      if (!now) return `${op.kind} ${op.key} is gone, not changed`;
      return (now.sets[op.set] ?? []).includes(op.member) ? `${op.kind} ${op.key} still has ${op.set} ${op.member}` : null;
    default:
      return null;
  }
}

/** Destructive ops grouped by the source subscriber they belong to (sources of this runtime only). */
function destructiveByOrigin(ops: readonly Op[], inputs: readonly PlanTargetInput[], sources: ReadonlySet<string>): Map<string, { origin: EntityOrigin; ops: Op[] }> {
  const removalKeys = new Set<string>();
  for (const op of ops) if (op.type === 'remove_member') removalKeys.add(`${op.target}\u0000${op.kind}\u0000${op.key}`);
  const originOf = new Map<string, EntityOrigin>();
  if (removalKeys.size > 0) {
    for (const t of inputs) {
      for (const e of t.desired) {
        const id = `${t.target}\u0000${e.kind}\u0000${e.key}`;
        if (e.origin && removalKeys.has(id)) originOf.set(id, e.origin);
      }
    }
  }
  const out = new Map<string, { origin: EntityOrigin; ops: Op[] }>();
  for (const op of ops) {
    const origin =
      op.type === 'delete' ? op.before.origin : op.type === 'block' ? op.entity.origin : op.type === 'remove_member' ? originOf.get(`${op.target}\u0000${op.kind}\u0000${op.key}`) : undefined;
    if (!origin || !sources.has(origin.source)) continue;
    const key = originKey(origin);
    let group = out.get(key);
    if (!group) out.set(key, (group = { origin, ops: [] }));
    group.ops.push(op);
  }
  return out;
}
