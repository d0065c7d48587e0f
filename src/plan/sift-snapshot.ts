/**
 * A target's snapshot read in chunks against its desired state, keeping only the rows a plan
 * can act on. Pure.
 *
 * At a million subscribers the snapshot parsed into entities is as large as the desired state
 * itself; on a quiet day nearly every row equals its desired entity and plans nothing. Such a
 * row is dropped as soon as it is seen, and its desired entity marked `unchanged` so the diff
 * does not take it for a create. What the planner still needs from the whole snapshot — its
 * size, its set members, which subscribers of each source it holds — is counted on the way
 * (SnapshotSummary). Kept: rows with no desired entity (delete candidates), rows that differ,
 * rows of kinds that point at other entities (the in-use check needs every holder,
 * plan/in-use.ts) and rows holding an old unkeyed secret digest (an apply re-keys them).
 */
import type { Entity, SnapshotEntity } from '../model/entity.js';
import type { KindSpec } from '../model/kind.js';
import { isLegacyDigest, type SecretDigests } from '../model/secret-digest.js';
import { isUnchanged } from './diff.js';

/** What the planner needs to know about a whole snapshot when it holds only part of it. */
export interface SnapshotSummary {
  /** Rows in the snapshot (the base of percentage caps on deletes and blocks). */
  readonly size: number;
  /** Set members over all rows (the base of a percentage max_removals). */
  readonly members: number;
  /** Per source, distinct subscribers the snapshot holds entities for (the shrink gate). */
  readonly originsBySource: ReadonlyMap<string, number>;
  /** Rows no subscriber owns (config-declared, an inventory). */
  readonly withoutOrigin: number;
}

export interface SiftedSnapshot {
  /** The rows a plan may act on (see the file comment). */
  readonly kept: SnapshotEntity[];
  /** Desired entities whose row was equal and dropped: the diff skips them. */
  readonly unchanged: ReadonlySet<Entity>;
  readonly summary: SnapshotSummary;
}

export class SnapshotSifter {
  readonly #desired = new Map<string, Map<string, Entity>>();
  readonly #specs: Map<string, KindSpec>;
  readonly #pointing: Set<string>;
  readonly #secrets: SecretDigests;
  readonly #kept: SnapshotEntity[] = [];
  readonly #unchanged = new Set<Entity>();
  readonly #origins = new Map<string, Set<string>>();
  #size = 0;
  #members = 0;
  #withoutOrigin = 0;

  /** @param desired the target's desired entities after its policies (targetInputs) */
  constructor(kinds: readonly KindSpec[], desired: readonly Entity[], secrets: SecretDigests) {
    this.#specs = new Map(kinds.map((k) => [k.kind, k]));
    this.#pointing = new Set(kinds.filter((k) => Object.values(k.attrs).some((a) => a.ref !== undefined) || Object.values(k.sets).some((s) => s.memberKind !== undefined)).map((k) => k.kind));
    this.#secrets = secrets;
    for (const d of desired) {
      let keys = this.#desired.get(d.kind);
      if (!keys) this.#desired.set(d.kind, (keys = new Map()));
      // Two desired entities on one key are a key conflict the planner skips whole: neither
      // may be called unchanged, so neither is indexed and the row is kept.
      keys.set(d.key, keys.has(d.key) ? CONFLICT : d);
    }
  }

  /** Takes one chunk of rows (any order; each row once). */
  add(rows: Iterable<SnapshotEntity>): void {
    for (const s of rows) {
      this.#size++;
      for (const set in s.sets) this.#members += s.sets[set]!.length;
      if (s.origin) {
        let ids = this.#origins.get(s.origin.source);
        if (!ids) this.#origins.set(s.origin.source, (ids = new Set()));
        ids.add(s.origin.id);
      } else this.#withoutOrigin++;
      if (!this.#droppable(s)) this.#kept.push(s);
    }
  }

  #droppable(s: SnapshotEntity): boolean {
    if (this.#pointing.has(s.kind)) return false;
    const d = this.#desired.get(s.kind)?.get(s.key);
    const spec = this.#specs.get(s.kind);
    if (d === undefined || d === CONFLICT || spec === undefined) return false;
    for (const attr in s.attrs) if (isLegacyDigest(s.attrs[attr])) return false;
    if (!isUnchanged(d, s, spec, this.#secrets)) return false;
    this.#unchanged.add(d);
    return true;
  }

  result(): SiftedSnapshot {
    return {
      kept: this.#kept,
      unchanged: this.#unchanged,
      summary: {
        size: this.#size,
        members: this.#members,
        originsBySource: new Map([...this.#origins].map(([source, ids]) => [source, ids.size])),
        withoutOrigin: this.#withoutOrigin,
      },
    };
  }
}

/** Marks a key two desired entities claim (see the constructor). */
const CONFLICT: Entity = Object.freeze({ target: '', kind: '', key: '', attrs: {}, sets: {} });

/** The summary of a snapshot held whole (what SnapshotSifter counts on the way). */
export function summariseSnapshot(snapshot: readonly SnapshotEntity[]): SnapshotSummary {
  const s = new SnapshotSifter([], [], { digest: () => '', matches: () => false });
  s.add(snapshot);
  return s.result().summary;
}
