/**
 * Holds back the delete of an entity that something the plan leaves in place still points at —
 * as a set member (`SetSpec.memberKind`) or through a reference attribute (`AttrSpec.ref`).
 * Typically the holder belongs to a subscriber whose mapping was skipped, whose entities the
 * planner never touches. Deleting anyway would leave a dangling id on the target (SmartYard
 * rights keep the ids of deleted devices, and its rights_list stops at the first one), so the
 * delete waits for a plan in which nothing points at the entity any more. Pure.
 */
import type { Entity, SnapshotEntity } from '../model/entity.js';
import type { HeldBack } from '../model/plan.js';
import type { KindSpec } from '../model/kind.js';
import type { OpDraft } from './diff.js';

export interface InUseInput {
  readonly target: string;
  readonly kinds: readonly KindSpec[];
  readonly desired: readonly Entity[];
  readonly snapshot: readonly SnapshotEntity[];
  readonly perEntity: readonly (readonly OpDraft[])[];
}

export interface InUseResult {
  readonly perEntity: readonly (readonly OpDraft[])[];
  readonly heldBack: readonly HeldBack[];
}

const id = (kind: string, key: string): string => `${kind}\u0000${key}`;

export function holdDeletesInUse(input: InUseInput): InUseResult {
  const pointers = new Map<string, { refs: [string, string][]; sets: [string, string][] }>();
  for (const k of input.kinds) {
    const refs = Object.entries(k.attrs).flatMap(([a, s]) => (s.ref === undefined ? [] : [[a, s.ref] as [string, string]]));
    const sets = Object.entries(k.sets).flatMap(([n, s]) => (s.memberKind === undefined ? [] : [[n, s.memberKind] as [string, string]]));
    if (refs.length + sets.length > 0) pointers.set(k.kind, { refs, sets });
  }
  const deletes = new Set<string>();
  for (const ops of input.perEntity) for (const op of ops) if (op.type === 'delete') deletes.add(id(op.kind, op.key));
  if (pointers.size === 0 || deletes.size === 0) return { perEntity: input.perEntity, heldBack: [] };

  // What stays after the plan: every desired entity as desired, every other snapshot entity
  // the plan does not delete as it is.
  const desiredIds = new Set(input.desired.map((e) => id(e.kind, e.key)));
  const kept = [...input.desired, ...input.snapshot.filter((s) => !desiredIds.has(id(s.kind, s.key)) && !deletes.has(id(s.kind, s.key)))];
  const holders = new Map<string, string>();
  const hold = (kind: string, key: unknown, by: string): void => {
    if (typeof key !== 'string') return;
    const target = id(kind, key);
    if (deletes.has(target) && !holders.has(target)) holders.set(target, by);
  };
  for (const e of kept) {
    const p = pointers.get(e.kind);
    if (!p) continue;
    for (const [attr, kind] of p.refs) hold(kind, e.attrs[attr], `${e.kind} '${e.key}' (${attr})`);
    for (const [set, kind] of p.sets) for (const m of e.sets[set] ?? []) hold(kind, m, `${e.kind} '${e.key}' (${set})`);
  }
  if (holders.size === 0) return { perEntity: input.perEntity, heldBack: [] };

  const perEntity = input.perEntity
    .map((ops) => ops.filter((op) => !(op.type === 'delete' && holders.has(id(op.kind, op.key)))))
    .filter((ops) => ops.length > 0);
  const [first, by] = [...holders][0]!;
  const [kind, key] = first.split('\u0000');
  const n = holders.size;
  return {
    perEntity,
    heldBack: [{
      target: input.target,
      rule: 'in_use',
      ops: n,
      message: `${n} delete(s) held back: still in use by entities this plan leaves in place (e.g. ${kind} '${key}' by ${by}), usually those of skipped subscribers. They go in the first plan where nothing points at them: fix the skipped subscribers' data.`,
    }],
  };
}
