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
import type { AttrValue, Entity, SnapshotEntity } from '../model/entity.js';
import type { KindSpec } from '../model/kind.js';
import { fromLoadedRow, type LoadedRow } from '../model/loaded-row.js';
import { isLegacyDigest, LEGACY_DIGEST_PREFIX, type SecretDigests } from '../model/secret-digest.js';
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
  /**
   * The desired entities, in the order given, each one whose row was equal and dropped
   * replaced by its outline (`outlineOf`): the planner needs those only for their identity.
   */
  readonly desired: readonly Entity[];
  /** The outlines in `desired` (desired entities whose row was equal): the diff skips them. */
  readonly unchanged: UnchangedEntities;
  /**
   * Kind → the keys two or more desired entities claim: the planner looks for key conflicts
   * among their entities only, instead of indexing every desired key a second time.
   */
  readonly claimedTwice: ReadonlyMap<string, ReadonlySet<string>>;
  readonly summary: SnapshotSummary;
  /** Rows that had to be parsed; the others (`addRows`) were dropped by their text alone. */
  readonly parsedRows: number;
}

/**
 * Which desired entities a sifter found unchanged. Told by the outline itself (its attributes
 * are the outline's own frozen object), not by a set: at a million subscribers a set of them
 * would cost some fifty megabytes more at the plan's peak.
 */
export interface UnchangedEntities {
  has(e: Entity): boolean;
  readonly size: number;
}

export class SnapshotSifter {
  /** Kind → key → index in #out, or CONFLICT. */
  readonly #desired = new Map<string, Map<string, number>>();
  #indexed = false;
  readonly #claimedTwice = new Map<string, Set<string>>();
  /** The desired entities; an unchanged one is replaced by its outline as its row goes by. */
  readonly #out: Entity[];
  readonly #specs: Map<string, KindSpec>;
  readonly #pointing: Set<string>;
  readonly #secrets: SecretDigests;
  readonly #kept: SnapshotEntity[] = [];
  #unchanged = 0;
  readonly #origins = new Map<string, Set<string>>();
  #size = 0;
  #members = 0;
  #withoutOrigin = 0;
  #parsed = 0;

  /**
   * @param desired the target's desired entities after its policies (targetInputs). Copied:
   * once the caller lets go of its own references, each unchanged entity's attributes are
   * freed as its row goes by (at a million subscribers, most of the desired state).
   */
  constructor(kinds: readonly KindSpec[], desired: readonly Entity[], secrets: SecretDigests) {
    this.#specs = new Map(kinds.map((k) => [k.kind, k]));
    this.#pointing = new Set(kinds.filter((k) => Object.values(k.attrs).some((a) => a.ref !== undefined) || Object.values(k.sets).some((s) => s.memberKind !== undefined)).map((k) => k.kind));
    this.#secrets = secrets;
    this.#out = desired.slice();
  }

  /**
   * Kind → key → index in #out, built on the first row: a first plan's snapshot is empty, and
   * indexing a million desired entities for it would cost seconds and a hundred megabytes.
   */
  #index(): Map<string, Map<string, number>> {
    if (this.#indexed) return this.#desired;
    this.#indexed = true;
    for (let i = 0; i < this.#out.length; i++) {
      const d = this.#out[i]!;
      let keys = this.#desired.get(d.kind);
      if (!keys) this.#desired.set(d.kind, (keys = new Map()));
      // Two desired entities on one key are a key conflict the planner skips whole: neither
      // may be called unchanged, so neither is indexed and the row is kept.
      if (!keys.has(d.key)) keys.set(d.key, i);
      else {
        keys.set(d.key, CONFLICT);
        let twice = this.#claimedTwice.get(d.kind);
        if (!twice) this.#claimedTwice.set(d.kind, (twice = new Set()));
        twice.add(d.key);
      }
    }
    return this.#desired;
  }

  /** Takes one chunk of rows (any order; each row once). */
  add(rows: Iterable<SnapshotEntity>): void {
    for (const s of rows) this.#addEntity(s);
  }

  /**
   * Takes one chunk of rows as the store reads them (Store.scanSnapshot; any order, each row
   * once). A row whose text is the text its desired entity would be stored as is dropped
   * without being parsed; any other row is parsed and sifted as `add` does. Same result as
   * `add` over the parsed rows: equal text means equal attributes, sets and parent, which
   * `isUnchanged` would have found too, and any doubt falls back to it.
   */
  addRows(target: string, rows: readonly LoadedRow[]): void {
    for (const r of rows) {
      const d = this.#sameText(r);
      if (d === undefined) {
        this.#addEntity(fromLoadedRow(target, r));
        continue;
      }
      let members = 0;
      for (const set in d.entity.sets) members += d.entity.sets[set]!.length;
      this.#count(r[4] !== null && r[5] !== null ? r[4] : null, r[5], members);
      this.#out[d.at] = outlineOf(d.entity);
      this.#unchanged++;
    }
  }

  #addEntity(s: SnapshotEntity): void {
    this.#parsed++;
    let members = 0;
    for (const set in s.sets) members += s.sets[set]!.length;
    this.#count(s.origin ? s.origin.source : null, s.origin ? s.origin.id : null, members);
    if (!this.#droppable(s)) this.#kept.push(s);
  }

  /** Counts one row into the summary; `source` is null for a row no subscriber owns. */
  #count(source: string | null, id: string | null, members: number): void {
    this.#size++;
    this.#members += members;
    if (source === null || id === null) {
      this.#withoutOrigin++;
      return;
    }
    let ids = this.#origins.get(source);
    if (!ids) this.#origins.set(source, (ids = new Set()));
    ids.add(id);
  }

  /**
   * The desired entity (and its place in #out) a row can be dropped for by its text alone:
   * same parent, and the row's body is exactly `[attrs,sets]` as an apply would have stored
   * the desired entity (secret values as their digests under the store's key). Undefined when
   * that cannot be told from the text — another key order, a remote-assigned attribute, an old
   * unkeyed digest, a kind that points at others — and the row is parsed instead.
   */
  #sameText(r: LoadedRow): { entity: Entity; at: number } | undefined {
    const kind = r[0];
    if (this.#pointing.has(kind)) return undefined;
    const spec = this.#specs.get(kind);
    const at = this.#index().get(kind)?.get(r[1]);
    if (spec === undefined || at === undefined || at === CONFLICT) return undefined;
    const d = this.#out[at]!;
    if (isOutline(d) || (d.parent?.kind ?? null) !== r[2] || (d.parent?.key ?? null) !== r[3]) return undefined;
    const body = r[8];
    // Such a digest is never written now: the row is kept for re-keying (rekeyedRows).
    if (body.includes(LEGACY_DIGEST_PREFIX)) return undefined;
    const attrs = storedAttrsText(d, spec, this.#secrets);
    if (attrs === undefined) return undefined;
    const sets = JSON.stringify(d.sets);
    // body === `[${attrs},${sets}]`, compared in place rather than built.
    const same =
      body.length === attrs.length + sets.length + 3 &&
      body.charCodeAt(0) === 0x5b &&
      body.startsWith(attrs, 1) &&
      body.charCodeAt(attrs.length + 1) === 0x2c &&
      body.startsWith(sets, attrs.length + 2) &&
      body.charCodeAt(body.length - 1) === 0x5d;
    return same ? { entity: d, at } : undefined;
  }

  #droppable(s: SnapshotEntity): boolean {
    if (this.#pointing.has(s.kind)) return false;
    const at = this.#index().get(s.kind)?.get(s.key);
    const spec = this.#specs.get(s.kind);
    if (at === undefined || at === CONFLICT || spec === undefined) return false;
    for (const attr in s.attrs) if (isLegacyDigest(s.attrs[attr])) return false;
    const d = this.#out[at]!;
    if (!isUnchanged(d, s, spec, this.#secrets)) return false;
    this.#out[at] = outlineOf(d);
    this.#unchanged++;
    return true;
  }

  result(): SiftedSnapshot {
    // Built here when no row came by (a first plan): the planner's conflict check reads it.
    this.#index();
    return {
      kept: this.#kept,
      desired: this.#out,
      unchanged: { has: isOutline, size: this.#unchanged },
      claimedTwice: this.#claimedTwice,
      parsedRows: this.#parsed,
      summary: {
        size: this.#size,
        members: this.#members,
        originsBySource: new Map([...this.#origins].map(([source, ids]) => [source, ids.size])),
        withoutOrigin: this.#withoutOrigin,
      },
    };
  }
}

/**
 * The JSON of a desired entity's attributes as a snapshot row stores them (apply's
 * storedAttrs: secret values replaced by their keyed digests), or undefined when a value
 * would not come back from JSON as it is (a non-finite number): equal text must mean equal
 * values.
 */
function storedAttrsText(d: Entity, spec: KindSpec, secrets: SecretDigests): string | undefined {
  let stored: Record<string, AttrValue> | undefined;
  for (const attr in d.attrs) {
    const v = d.attrs[attr];
    if (typeof v === 'number' && !Number.isFinite(v)) return undefined;
    if (v !== null && v !== undefined && spec.attrs[attr]?.secret) (stored ??= { ...d.attrs })[attr] = secrets.digest(v);
  }
  return JSON.stringify(stored ?? d.attrs);
}

/** Marks a key two desired entities claim (see the constructor). */
const CONFLICT = -1;

/** The attributes of every outline, and only of outlines (see UnchangedEntities). */
const NO_ATTRS: Entity['attrs'] = Object.freeze({});

const isOutline = (e: Entity): boolean => e.attrs === NO_ATTRS;
const NO_SETS: Entity['sets'] = Object.freeze({});

/**
 * An unchanged desired entity as the planner still needs it — its identity (target, kind, key),
 * its parent and the subscriber it belongs to: key conflicts, the origin of an op, the shrink
 * gate's count of declared entities. Its attributes and sets are left out: nothing is planned
 * for it, and kinds whose attributes or sets are read after the diff (pointing kinds, rows
 * holding an old digest) are never sifted.
 */
function outlineOf(d: Entity): Entity {
  if (d.parent === undefined) return d.origin === undefined ? { target: d.target, kind: d.kind, key: d.key, attrs: NO_ATTRS, sets: NO_SETS } : { target: d.target, kind: d.kind, key: d.key, attrs: NO_ATTRS, sets: NO_SETS, origin: d.origin };
  return d.origin === undefined
    ? { target: d.target, kind: d.kind, key: d.key, attrs: NO_ATTRS, sets: NO_SETS, parent: d.parent }
    : { target: d.target, kind: d.kind, key: d.key, attrs: NO_ATTRS, sets: NO_SETS, parent: d.parent, origin: d.origin };
}

/** The summary of a snapshot held whole (what SnapshotSifter counts on the way). */
export function summariseSnapshot(snapshot: readonly SnapshotEntity[]): SnapshotSummary {
  const s = new SnapshotSifter([], [], { digest: () => '', matches: () => false });
  s.add(snapshot);
  return s.result().summary;
}
