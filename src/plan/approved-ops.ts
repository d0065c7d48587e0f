/**
 * What `billsync approve` applies: the destructive ops of a plan made with the approval (exactly
 * the set that was held back) and the ops they wait for — nothing else, so an approval never
 * carries unrelated changes along. Pure.
 */
import type { Op } from '../model/op.js';
import type { Plan } from '../model/plan.js';
import { summarise } from './plan.js';

const DESTRUCTIVE: ReadonlySet<Op['type']> = new Set(['delete', 'block', 'remove_member']);

export function approvedOps(plan: Plan, target: string): Plan {
  const bySeq = new Map(plan.ops.map((op) => [op.seq, op]));
  const keep = new Set<number>();
  const visit = (seq: number): void => {
    if (keep.has(seq)) return;
    keep.add(seq);
    for (const dep of bySeq.get(seq)?.after ?? []) visit(dep);
  };
  for (const op of plan.ops) if (op.target === target && DESTRUCTIVE.has(op.type)) visit(op.seq);
  const ops = plan.ops.filter((op) => keep.has(op.seq));
  return { ...plan, ops, summary: { ...summarise(ops, Object.keys(plan.summary.byTarget), plan.summary.skipped, plan.heldBack), ...(plan.summary.pointReads !== undefined ? { pointReads: plan.summary.pointReads } : {}) } };
}
