/**
 * The snapshot rows an apply starts from. A full plan's apply holds its targets' whole
 * snapshots; a restricted plan's (`Plan.snapshotScopes`) holds the rows its plan read, plus —
 * when it has ops on a kind that points at another (a SmartYard contract's rights name devices)
 * — every row of the kinds pointed at: the target resolves those by id both ways during the
 * apply (`ExecuteContext.remoteIdOf`/`keyOf`: which device ids a contract shows are ours),
 * and a lookup it cannot make would leave a right it gave in place or adopt one it did not.
 * Pointed-at kinds are config-declared inventories (devices of buildings), not subscribers: the
 * read grows with the inventory in sync.yaml, never with the subscribers the store holds.
 */
import type { SnapshotEntity } from '../model/entity.js';
import type { KindSpec } from '../model/kind.js';
import type { Plan } from '../model/plan.js';
import type { Runtime } from './runtime.js';

/** The rows of `target` an apply of `plan` starts from; `given` = what the plan held. */
export async function snapshotForApply(rt: Runtime, plan: Plan, target: string, given: readonly SnapshotEntity[] | undefined): Promise<readonly SnapshotEntity[]> {
  const scope = plan.snapshotScopes?.[target];
  if (!scope) return given ?? rt.store.loadSnapshot(target);
  const base = given ?? (await rt.store.pickSnapshot(target, scope));
  const kinds = pointedAtBy(rt.targets.get(target)?.kinds ?? [], new Set(plan.ops.filter((op) => op.target === target).map((op) => op.kind)));
  if (kinds.length === 0) return base;
  const seen = new Set(base.map((r) => `${r.kind}\u0000${r.key}`));
  const extra = (await rt.store.pickSnapshot(target, { kinds })).filter((r) => !seen.has(`${r.kind}\u0000${r.key}`));
  return extra.length === 0 ? base : [...base, ...extra];
}

/** The kinds that `kinds` in `used` point at, through a reference attribute or a member set. */
function pointedAtBy(kinds: readonly KindSpec[], used: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const k of kinds) {
    if (!used.has(k.kind)) continue;
    for (const a of Object.values(k.attrs)) if (a.ref !== undefined) out.add(a.ref);
    for (const s of Object.values(k.sets)) if (s.memberKind !== undefined) out.add(s.memberKind);
  }
  return [...out];
}
