/**
 * The keyed diff of one target: desired entities against the snapshot (or live state) →
 * op drafts, grouped per entity in the order they must run. Pure.
 */
import type { AttrValue, Entity, Sets, SnapshotEntity } from '../model/entity.js';
import type { AttrChange, Op } from '../model/op.js';
import type { KindSpec } from '../model/kind.js';
import type { SecretDigests } from '../model/secret-digest.js';
import { InternalError } from '../model/errors.js';

/** An op before ordering has given it a seq and dependencies. */
export type OpDraft = Op extends infer O ? (O extends Op ? Omit<O, 'seq' | 'after'> : never) : never;

/** An entity the planner refuses to change automatically, and why. */
export interface DiffConflict {
  readonly kind: string;
  readonly key: string;
  readonly origin?: Entity['origin'];
  readonly reason: string;
}

export interface DiffInput {
  readonly target: string;
  readonly kinds: readonly KindSpec[];
  readonly desired: readonly Entity[];
  readonly snapshot: readonly SnapshotEntity[];
  /**
   * Whether a snapshot entity that is no longer desired may be deleted. The planner says no for
   * entities of subscribers whose mapping was skipped and of sources not read in this run.
   */
  readonly mayDelete: (e: SnapshotEntity) => boolean;
  /**
   * Whether a gone entity of a `keepWhenGone` kind is deleted after all (a target policy, e.g.
   * Smarty `transactions.on_gone: delete`). Absent = never.
   */
  readonly mayDeleteKept?: (e: SnapshotEntity) => boolean;
  /**
   * The store's secret digests (`store.secrets`): snapshots hold these for secret attributes,
   * never values. Needed as soon as a kind has secret attributes; without it, diffing one is an
   * internal error (never a silent fallback to an unkeyed digest).
   */
  readonly secrets?: SecretDigests;
  /**
   * The desired entities that repeat a key an earlier one holds, when the caller has found them
   * already (plan.ts keyConflicts): the diff then skips indexing every desired key a second
   * time, a few seconds and a hundred megabytes on a first load of a million subscribers.
   * Absent = the diff finds them itself (the first on a key wins).
   */
  readonly duplicates?: ReadonlySet<Entity>;
}

const NO_SECRETS: SecretDigests = {
  digest: () => {
    throw new InternalError('a secret attribute was diffed without the store\'s secret digests (DiffInput.secrets)');
  },
  matches: () => {
    throw new InternalError('a secret attribute was diffed without the store\'s secret digests (DiffInput.secrets)');
  },
};

export interface DiffResult {
  /** Per entity, its ops in execution order. */
  readonly perEntity: readonly (readonly OpDraft[])[];
  readonly conflicts: readonly DiffConflict[];
  /** Snapshot entities of `keepWhenGone` kinds no longer desired, kept (not deleted). */
  readonly retained: readonly SnapshotEntity[];
}

/** Entities of one target by kind, then key: nested maps avoid building a string per lookup. */
type ByKind<T> = Map<string, Map<string, T>>;

function indexByKind<T extends { kind: string; key: string }>(items: readonly T[]): ByKind<T> {
  const out: ByKind<T> = new Map();
  for (const item of items) {
    let keys = out.get(item.kind);
    if (!keys) out.set(item.kind, (keys = new Map()));
    keys.set(item.key, item);
  }
  return out;
}

/** Diffs one target. Entities are matched on (kind, key). */
export function diffTarget(input: DiffInput): DiffResult {
  const specs = new Map(input.kinds.map((k) => [k.kind, k]));
  const snapshot = indexByKind(input.snapshot);
  const matched = new Set<SnapshotEntity>();
  const seen: ByKind<Entity> | undefined = input.duplicates ? undefined : new Map();
  const repeats = (d: Entity): boolean => {
    if (!seen) return input.duplicates!.has(d);
    let seenKeys = seen.get(d.kind);
    if (!seenKeys) seen.set(d.kind, (seenKeys = new Map()));
    if (seenKeys.has(d.key)) return true;
    seenKeys.set(d.key, d);
    return false;
  };

  const perEntity: OpDraft[][] = [];
  const conflicts: DiffConflict[] = [];
  const retained: SnapshotEntity[] = [];

  for (const d of input.desired) {
    if (repeats(d)) {
      conflicts.push({
        kind: d.kind,
        key: d.key,
        origin: d.origin,
        reason: `two subscribers map to ${d.kind} '${d.key}'; the second (${d.origin?.source}:${d.origin?.id}) is left out`,
      });
      continue;
    }
    const spec = specs.get(d.kind);
    if (!spec) throw new InternalError(`target ${input.target} has no kind ${d.kind}`);
    const s = snapshot.get(d.kind)?.get(d.key);
    if (!s) {
      perEntity.push(createOps(d));
      continue;
    }
    matched.add(s);
    if (!sameParent(d, s) && spec.moves === 'recreate') {
      if (input.mayDelete(s)) {
        // Remove, then add: the key cannot be held by two parents at once on the target.
        perEntity.push([draft({ type: 'delete', target: s.target, kind: s.kind, key: s.key, before: s, seq: undefined, after: undefined }), ...createOps(d)]);
        continue;
      }
      conflicts.push({
        kind: d.kind,
        key: d.key,
        origin: d.origin,
        reason: `${d.kind} '${d.key}' moves to ${d.parent?.kind} '${d.parent?.key}' but ${s.parent?.kind} '${s.parent?.key}' holds it for a subscriber that is skipped or not read now; it stays where it is`,
      });
      continue;
    }
    if (!sameParent(d, s)) {
      conflicts.push({
        kind: d.kind,
        key: d.key,
        origin: d.origin,
        reason: `${d.kind} '${d.key}' moved from ${s.parent?.kind} '${s.parent?.key}' to ${d.parent?.kind} '${d.parent?.key}'; moving it needs a manual delete and re-create`,
      });
      continue;
    }
    const ops = changeOps(d, s, spec, input.secrets ?? NO_SECRETS);
    if (ops !== undefined) perEntity.push(ops);
  }

  for (const s of input.snapshot) {
    if (matched.has(s) || !input.mayDelete(s)) continue;
    if (specs.get(s.kind)?.keepWhenGone && !input.mayDeleteKept?.(s)) {
      retained.push(s);
      continue;
    }
    perEntity.push([draft({ type: 'delete', target: s.target, kind: s.kind, key: s.key, before: s, seq: undefined, after: undefined })]);
  }
  return { perEntity, conflicts, retained };
}

/** A new entity: create it with empty sets, then add each member. */
function createOps(d: Entity): OpDraft[] {
  let members = 0;
  for (const set in d.sets) members += d.sets[set]!.length;
  // An entity whose sets are empty already is created as it is: a first load creates millions,
  // and a copy each would double what the plan holds of them.
  const entity: Entity = members === 0 ? d : { ...d, sets: emptySetsLike(d.sets) };
  const ops: OpDraft[] = [draft({ type: 'create', target: d.target, kind: d.kind, key: d.key, entity, seq: undefined, after: undefined })];
  if (members === 0) return ops;
  for (const set in d.sets) {
    for (const member of d.sets[set]!) {
      ops.push(draft({ type: 'add_member', target: d.target, kind: d.kind, key: d.key, set, member, seq: undefined, after: undefined }));
    }
  }
  return ops;
}

/** Emptied sets, one shared frozen object per list of set names (plans never change entities). */
const emptiedSets = new Map<string, Sets>();

function emptySetsLike(sets: Sets): Sets {
  // The names joined; with one set (the common case) its name as it is, no string built.
  let id = '';
  let names = 0;
  for (const set in sets) id = names++ === 0 ? set : `${id}\u0000${set}`;
  let out = emptiedSets.get(id);
  if (out === undefined) {
    const empty: Record<string, readonly string[]> = {};
    for (const set in sets) empty[set] = Object.freeze([]);
    emptiedSets.set(id, (out = Object.freeze(empty)));
  }
  return out;
}

/** Ops that bring an existing entity to the desired state; undefined when it is there already. */
function changeOps(d: Entity, s: SnapshotEntity, spec: KindSpec, secrets: SecretDigests): OpDraft[] | undefined {
  let ops: OpDraft[] | undefined;
  const changes = attrChanges(d, s, spec, secrets);
  if (changes.length > 0) {
    ops = [{ type: classifyUpdate(changes, spec), target: d.target, kind: d.kind, key: d.key, changes, entity: d }];
  }
  // Adds before removes: a tariff switch never leaves the subscriber with neither package.
  let removes: OpDraft[] | undefined;
  for (const set in d.sets) {
    const want = d.sets[set]!;
    const have = s.sets[set] ?? [];
    if (sameMembers(want, have)) continue;
    const haveSet = new Set(have);
    const wantSet = new Set(want);
    for (const m of want) {
      if (!haveSet.has(m)) (ops ??= []).push(memberOp('add_member', d, set, m));
    }
    for (const m of have) {
      if (!wantSet.has(m)) (removes ??= []).push(memberOp('remove_member', d, set, m));
    }
  }
  if (removes) (ops ??= []).push(...removes);
  return ops;
}

/** A member op of a changed entity; it names its subscriber (shared object, no copy: plans may hold millions of ops). */
function memberOp(type: 'add_member' | 'remove_member', d: Entity, set: string, member: string): OpDraft {
  return d.origin
    ? draft({ type, target: d.target, kind: d.kind, key: d.key, set, member, origin: d.origin, seq: undefined, after: undefined })
    : draft({ type, target: d.target, kind: d.kind, key: d.key, set, member, seq: undefined, after: undefined });
}

/**
 * A draft with room for the seq and dependencies orderOps fills in. Declared in the literal,
 * V8 keeps them inside the op object; added later they would take a separate property array
 * (~40 bytes an op, a hundred megabytes on a first load of a million subscribers). Until then
 * they are `undefined`, which JSON and canonicalJson (the held-back hash) leave out.
 */
function draft(d: OpDraft & { readonly seq: undefined; readonly after: undefined }): OpDraft {
  return d;
}

/** The common case, cheaply: the same members in the same order. */
function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const NO_CHANGES: readonly AttrChange[] = [];

/** Attribute changes worth an update; create-only attributes never are. */
export function attrChanges(d: Entity, s: Entity, spec: KindSpec, secrets: SecretDigests): readonly AttrChange[] {
  let changes: AttrChange[] | undefined;
  for (const attr in d.attrs) {
    const attrSpec = spec.attrs[attr];
    if (attrSpec?.createOnly) continue;
    const raw = d.attrs[attr] as AttrValue;
    const before = s.attrs[attr];
    if (attrSpec?.secret && raw !== null) {
      // Snapshots hold digests of secret values. `matches` also knows the old unkeyed form, so
      // a store written by an older version shows no false change (the next write re-keys it).
      if (!secrets.matches(raw, before)) (changes ??= []).push({ attr, before, after: secrets.digest(raw) });
      continue;
    }
    if (!sameValue(before, raw)) (changes ??= []).push({ attr, before, after: raw });
  }
  return changes ?? NO_CHANGES;
}

function classifyUpdate(changes: readonly AttrChange[], spec: KindSpec): 'update' | 'block' | 'unblock' {
  const block = spec.block;
  if (!block) return 'update';
  const change = changes.find((c) => c.attr === block.attr);
  if (!change) return 'update';
  if (change.after === block.blockedValue) return 'block';
  if (change.before === block.blockedValue) return 'unblock';
  return 'update';
}

/** `undefined` (never set) and `null` (explicitly empty) are the same to the target. */
function sameValue(a: AttrValue | undefined, b: AttrValue | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

function sameParent(d: Entity, s: Entity): boolean {
  return (d.parent?.kind ?? null) === (s.parent?.kind ?? null) && (d.parent?.key ?? null) === (s.parent?.key ?? null);
}

/**
 * Whether diffTarget would plan nothing for `d` against its snapshot row `s`: same parent, no
 * attribute change worth an update, the same set members. What lets a streamed snapshot drop
 * the row at once (plan/sift-snapshot.ts).
 */
export function isUnchanged(d: Entity, s: SnapshotEntity, spec: KindSpec, secrets: SecretDigests): boolean {
  return sameParent(d, s) && changeOps(d, s, spec, secrets) === undefined;
}
