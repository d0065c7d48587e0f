/**
 * Ordering: gives every drafted op its seq and the seqs it must wait for.
 * Parents before children, creates and updates before member adds, adds before removes,
 * removes before deletes, children deleted before their parents. Ops of one entity run in
 * order; different entities run in parallel.
 *
 * Kinds that point at other kinds — a reference attribute (`AttrSpec.ref`) or a set whose
 * members are keys of another kind (`SetSpec.memberKind`) — count as children of the kind
 * they point at: the pointed-at entity is created first and deleted last. An op that points
 * at an entity created in the same plan waits for that create; a delete waits for every op in
 * the plan that lets go of the entity (a member removal, a referencing entity's delete, an
 * update that points elsewhere). Pure.
 */
import type { AttrValue } from '../model/entity.js';
import type { Op } from '../model/op.js';
import type { KindSpec } from '../model/kind.js';
import { assertNever } from '../model/op.js';
import type { OpDraft } from './diff.js';

export interface TargetDrafts {
  readonly target: string;
  readonly kinds: readonly KindSpec[];
  /**
   * Per entity, its drafts in order. orderOps empties it once it has copied the drafts out: a
   * first load holds a list per entity, two million of them, which need not outlive the copy.
   */
  perEntity: readonly (readonly OpDraft[])[];
}

function phaseOf(type: OpDraft['type']): number {
  switch (type) {
    case 'create':
    case 'update':
    case 'block':
    case 'unblock':
      return 0;
    case 'add_member':
      return 1;
    case 'remove_member':
      return 2;
    case 'delete':
      return 3;
    default:
      return assertNever(type, 'op type');
  }
}

/** How one kind points at others: reference attributes and sets of another kind's keys. */
interface KindLinks {
  /** Attribute name → the kind whose keys it holds. */
  readonly refs: readonly (readonly [string, string])[];
  /** Set name → the kind whose keys its members are. */
  readonly memberKinds: ReadonlyMap<string, string>;
}

function linksOf(k: KindSpec): KindLinks | undefined {
  const refs = Object.entries(k.attrs).flatMap(([attr, a]) => (a.ref === undefined ? [] : [[attr, a.ref] as const]));
  const memberKinds = new Map(Object.entries(k.sets).flatMap(([set, s]) => (s.memberKind === undefined ? [] : [[set, s.memberKind] as const])));
  return refs.length === 0 && memberKinds.size === 0 ? undefined : { refs, memberKinds };
}

/**
 * Depth of each kind: 0, or one more than the deepest kind it depends on (its parent, the
 * kinds its references and member sets point at). Creates go shallow first, deletes deep first.
 */
function depths(kinds: readonly KindSpec[]): Map<string, number> {
  const byName = new Map(kinds.map((k) => [k.kind, k]));
  const out = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (name: string): number => {
    const known = out.get(name);
    if (known !== undefined) return known;
    const k = byName.get(name);
    // Kinds come from code: an unknown or cyclic dependency is a target's bug; stop, don't loop.
    if (!k || visiting.has(name)) return 0;
    visiting.add(name);
    const links = linksOf(k);
    const on = [
      ...(k.parent === undefined ? [] : [k.parent]),
      ...(links?.refs.map(([, kind]) => kind) ?? []),
      ...(links ? [...links.memberKinds.values()] : []),
    ].filter((d) => d !== name);
    const d = on.length === 0 ? 0 : 1 + Math.max(...on.map(depthOf));
    visiting.delete(name);
    out.set(name, d);
    return d;
  };
  for (const k of kinds) depthOf(k.kind);
  return out;
}

/**
 * Orders the ops of all targets into one list with seqs 1..n. Takes the drafts over: each
 * target's `perEntity` is empty afterwards.
 *
 * Per op the sort needs its phase, its entity and its place in the entity; per entity its
 * depth and numeric key. They live in typed arrays rather than one object per op: a first load
 * of a million subscribers orders some three million ops, and an object each cost ~100 bytes
 * more at the plan's peak than these columns do.
 */
export function orderOps(targets: readonly TargetDrafts[]): Op[] {
  let total = 0;
  let entities = 0;
  for (const t of targets) {
    for (const ops of t.perEntity) {
      if (ops.length === 0) continue;
      total += ops.length;
      entities++;
    }
  }
  const drafts = new Array<OpDraft>(total);
  const phases = new Uint8Array(total);
  const entityOf = new Int32Array(total);
  const indexOf = new Int32Array(total);
  const depthOfEntity = new Int32Array(entities);
  /** The entity's key as a number when it is one (account numbers sort numerically), else NaN. */
  const keyNums = new Float64Array(entities);
  let n = 0;
  let entity = 0;
  for (const t of targets) {
    const depthOf = depths(t.kinds);
    for (const ops of t.perEntity) {
      const first = ops[0];
      if (!first) continue;
      // Every op of an entity shares its key; parse it once.
      keyNums[entity] = /^\d{1,15}$/.test(first.key) ? Number(first.key) : Number.NaN;
      depthOfEntity[entity] = depthOf.get(first.kind) ?? 0;
      // Ops of one entity keep their order: a phase never goes back within an entity (a moved
      // entity's delete, then its create and member adds, all run in the delete phase).
      let phase = 0;
      for (let index = 0; index < ops.length; index++) {
        const draft = ops[index]!;
        phase = Math.max(phase, phaseOf(draft.type));
        drafts[n] = draft;
        phases[n] = phase;
        entityOf[n] = entity;
        indexOf[n] = index;
        n++;
      }
      entity++;
    }
  }
  const awaited = awaitedKinds(targets);
  for (const t of targets) t.perEntity = NO_DRAFTS;
  const compare = (a: number, b: number): number => {
    const pa = phases[a]!;
    const pb = phases[b]!;
    if (pa !== pb) return pa - pb;
    const ea = entityOf[a]!;
    const eb = entityOf[b]!;
    // Deletes go deepest first (children before parents); everything else parents first.
    const depthA = depthOfEntity[ea]!;
    const depthB = depthOfEntity[eb]!;
    if (depthA !== depthB) return pa === 3 ? depthB - depthA : depthA - depthB;
    const da = drafts[a]!;
    const db = drafts[b]!;
    if (da.target !== db.target) return da.target < db.target ? -1 : 1;
    if (da.kind !== db.kind) return da.kind < db.kind ? -1 : 1;
    if (ea !== eb) {
      // Numeric keys sort numerically (account 9 before 10), then everything else as text.
      const an = keyNums[ea]!;
      const bn = keyNums[eb]!;
      const aNum = !Number.isNaN(an);
      const bNum = !Number.isNaN(bn);
      if (aNum && bNum) return an - bn || (da.key < db.key ? -1 : 1);
      if (aNum !== bNum) return aNum ? -1 : 1;
      return da.key < db.key ? -1 : da.key > db.key ? 1 : ea - eb;
    }
    return indexOf[a]! - indexOf[b]!;
  };
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort(compare);

  // Seqs of creates, and of the ops that let go of an entity (a child's delete, a member's
  // removal, a reference dropped), by target, kind and key.
  const links = linksByTarget(targets);
  // Only creates something may wait for are recorded (awaited): on a first load most entities
  // are no one's parent or referent, and a million map entries would cost a second and memory.
  const creates = new EntityMap<number>();
  const releases = new EntityMap<number[]>();
  const release = (target: string, kind: string, key: AttrValue | undefined, seq: number): void => {
    if (typeof key !== 'string') return;
    const list = releases.get(target, kind, key);
    if (list) list.push(seq);
    else releases.set(target, kind, key, [seq]);
  };
  for (let i = 0; i < total; i++) {
    const d = drafts[order[i]!]!;
    const seq = i + 1;
    if (d.type === 'create' && awaited.get(d.target)?.has(d.kind)) creates.set(d.target, d.kind, d.key, seq);
    else if (d.type === 'delete' && d.before.parent) release(d.target, d.before.parent.kind, d.before.parent.key, seq);
    const l = links.get(d.target)?.get(d.kind);
    if (l) releasesOf(d, l, seq, release);
  }

  const lastOfEntity = new Int32Array(entities);
  const ops = new Array<Op>(total);
  for (let i = 0; i < total; i++) {
    const at = order[i]!;
    const e = entityOf[at]!;
    const seq = i + 1;
    let after: number[] | undefined;
    const prev = lastOfEntity[e]!;
    if (prev !== 0) after = [prev];
    lastOfEntity[e] = seq;
    const d = drafts[at]!;
    if (d.type === 'create' && d.entity.parent) {
      after = withDep(after, creates.get(d.target, d.entity.parent.kind, d.entity.parent.key), seq);
    } else if (d.type === 'delete') {
      for (const s of releases.get(d.target, d.kind, d.key) ?? []) after = withDep(after, s, seq);
    }
    const l = links.get(d.target)?.get(d.kind);
    if (l) {
      // What this op points at must exist first: referenced entities, added members.
      if (d.type === 'create' || d.type === 'update' || d.type === 'block' || d.type === 'unblock') {
        for (const [attr, kind] of l.refs) {
          const v = d.entity.attrs[attr];
          if (typeof v === 'string') after = withDep(after, creates.get(d.target, kind, v), seq);
        }
      } else if (d.type === 'add_member') {
        const kind = l.memberKinds.get(d.set);
        if (kind !== undefined) after = withDep(after, creates.get(d.target, kind, d.member), seq);
      }
    }
    // Drafts are fresh objects made by the diff for this plan: completing them in place saves
    // copying a few hundred thousand ops on a first load.
    const op = d as OpDraft & { seq: number; after: readonly number[] };
    op.seq = seq;
    op.after = after ?? NO_DEPS;
    ops[i] = op as Op;
  }
  return ops;
}

/**
 * Values by target, kind and key in nested maps: a key joined into one string would cost a new
 * string per entry, a million of them on a first load.
 */
class EntityMap<V> {
  readonly #byTarget = new Map<string, Map<string, Map<string, V>>>();

  get(target: string, kind: string, key: string): V | undefined {
    return this.#byTarget.get(target)?.get(kind)?.get(key);
  }

  set(target: string, kind: string, key: string, value: V): void {
    let kinds = this.#byTarget.get(target);
    if (!kinds) this.#byTarget.set(target, (kinds = new Map()));
    let keys = kinds.get(kind);
    if (!keys) kinds.set(kind, (keys = new Map()));
    keys.set(key, value);
  }
}

const NO_DEPS: readonly number[] = Object.freeze([]);
const NO_DRAFTS: readonly (readonly OpDraft[])[] = Object.freeze([]);

/**
 * `after` with `seq` added once. The sort above puts every dependency at a smaller seq (phases,
 * then depth), so dependencies always point backwards, as `excludeOps` relies on.
 */
function withDep(after: number[] | undefined, seq: number | undefined, own: number): number[] | undefined {
  if (seq === undefined || seq === own || after?.includes(seq)) return after;
  (after ??= []).push(seq);
  return after;
}

/** Target → the kinds an op may wait for the create of: parents, referents, member kinds. */
function awaitedKinds(targets: readonly TargetDrafts[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const t of targets) {
    const kinds = new Set<string>();
    // Parents as the entities name them (what the lookup below asks), not as the kinds declare.
    for (const ops of t.perEntity) for (const d of ops) if (d.type === 'create' && d.entity.parent) kinds.add(d.entity.parent.kind);
    for (const k of t.kinds) {
      const l = linksOf(k);
      for (const [, kind] of l?.refs ?? []) kinds.add(kind);
      for (const kind of l?.memberKinds.values() ?? []) kinds.add(kind);
    }
    out.set(t.target, kinds);
  }
  return out;
}

/** Target → kind → links, for the kinds that point at other kinds. */
function linksByTarget(targets: readonly TargetDrafts[]): Map<string, Map<string, KindLinks>> {
  const out = new Map<string, Map<string, KindLinks>>();
  for (const t of targets) {
    const byKind = new Map<string, KindLinks>();
    for (const k of t.kinds) {
      const l = linksOf(k);
      if (l) byKind.set(k.kind, l);
    }
    if (byKind.size > 0) out.set(t.target, byKind);
  }
  return out;
}

/** Records which entities `d` lets go of: members it removes, references it drops or changes. */
function releasesOf(
  d: OpDraft,
  l: KindLinks,
  seq: number,
  release: (target: string, kind: string, key: AttrValue | undefined, seq: number) => void,
): void {
  switch (d.type) {
    case 'delete':
      for (const [attr, kind] of l.refs) release(d.target, kind, d.before.attrs[attr], seq);
      for (const [set, kind] of l.memberKinds) for (const m of d.before.sets[set] ?? []) release(d.target, kind, m, seq);
      return;
    case 'update':
    case 'block':
    case 'unblock':
      for (const c of d.changes) {
        const kind = l.refs.find(([attr]) => attr === c.attr)?.[1];
        if (kind !== undefined) release(d.target, kind, c.before, seq);
      }
      return;
    case 'remove_member': {
      const kind = l.memberKinds.get(d.set);
      if (kind !== undefined) release(d.target, kind, d.member, seq);
      return;
    }
    case 'create':
    case 'add_member':
      return;
    default:
      assertNever(d, 'op draft');
  }
}
