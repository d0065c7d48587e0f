/**
 * After an apply (or a round with nothing to apply), the snapshot rows that still hold an old
 * unkeyed secret digest are rewritten with the store's keyed digest — except rows an op of the
 * plan touched, which the op's own commit has already written.
 */
import type { SnapshotEntity } from '../model/entity.js';
import type { Plan } from '../model/plan.js';
import type { Store } from '../store/store.js';

export async function writeRekeyed(store: Store, plan: Pick<Plan, 'ops'>, rows: readonly SnapshotEntity[]): Promise<void> {
  if (rows.length === 0) return;
  const touched = new Set(plan.ops.map((op) => `${op.target}\u0000${op.kind}\u0000${op.key}`));
  const untouched = rows.filter((r) => !touched.has(`${r.target}\u0000${r.kind}\u0000${r.key}`));
  await store.putSnapshot(untouched);
}
