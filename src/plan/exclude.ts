/**
 * `--no-create` / `--no-update` / `--no-delete`: drop whole classes of ops from a plan, together
 * with every op that depends on a dropped one, and say what was held back. Pure.
 */
import type { Op, OpType } from '../model/op.js';
import type { HeldBack, Plan } from '../model/plan.js';
import { summarise } from './plan.js';

export type OpClass = 'create' | 'update' | 'delete';

/** Which op types each flag covers: set changes and (un)blocks are updates of existing entities. */
const CLASS_TYPES: Readonly<Record<OpClass, readonly OpType[]>> = {
  create: ['create'],
  update: ['update', 'block', 'unblock', 'add_member', 'remove_member'],
  delete: ['delete'],
};

export function excludeOps(plan: Plan, classes: readonly OpClass[]): Plan {
  if (classes.length === 0) return plan;
  const types = new Set(classes.flatMap((c) => CLASS_TYPES[c]));
  const idOf = (o: Op): string => `${o.target}\u0000${o.kind}\u0000${o.key}`;
  const created = new Set(plan.ops.filter((o) => o.type === 'create').map(idOf));
  const dropped = new Set<number>();
  for (const op of plan.ops) {
    // Ops are in dependency order, so a dependency is always decided before its dependents.
    // A member add on an entity created in this plan belongs to the create, not to --no-update.
    const ownClass = types.has(op.type) && !(op.type === 'add_member' && created.has(idOf(op)));
    if (ownClass || op.after.some((s) => dropped.has(s))) dropped.add(op.seq);
  }
  if (dropped.size === 0) return plan;
  const ops: Op[] = plan.ops.filter((o) => !dropped.has(o.seq));
  const byTarget = new Map<string, number>();
  for (const op of plan.ops) if (dropped.has(op.seq)) byTarget.set(op.target, (byTarget.get(op.target) ?? 0) + 1);
  const flags = classes.map((c) => `--no-${c}`).join(' ');
  const heldBack: HeldBack[] = [
    ...plan.heldBack,
    ...[...byTarget].map(([target, n]) => ({
      target,
      rule: 'excluded' as const,
      ops: n,
      message: `${n} op(s) on ${target} left out by ${flags} (with the ops that depend on them)`,
    })),
  ];
  return {
    ...plan,
    ops,
    heldBack,
    summary: summarise(ops, Object.keys(plan.summary.byTarget), plan.summary.skipped, heldBack),
  };
}
