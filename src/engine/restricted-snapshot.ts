/**
 * The snapshot side of a restricted plan (`makePlan({ only })`: a trigger, a change-driven
 * round): read by index only the rows that plan can see, so its cost follows the subscribers
 * named, not the size of the ISP.
 *
 * What a restricted plan reads of a target's snapshot (plan/plan.ts `onlyOrigins`): the diff,
 * the in-use check and the safety gates see only rows whose origin is a named subscriber. So
 * per target this reads
 *  - the rows of the named subscribers (by origin);
 *  - the rows at the keys of their desired entities and of those entities' parents, and the
 *    parents of their rows: the plan never acts on them, but the apply that follows starts
 *    from these rows (a create's stored remote id, an account's customer id);
 * and what it cannot read by key, it bounds: the percentage safety caps are shares of the
 * whole target. The plan is made first with the rows read as a lower bound of the totals (a
 * cap only grows with its base: what passes under the lower bound passes under the true one),
 * and only while a percentage cap holds something back is more of the target read and counted
 * (settleTotals).
 *
 * The plan's snapshot hash covers exactly the rows read, and the plan names them
 * (`Plan.snapshotScopes`): applying a saved restricted plan re-reads the same selection and
 * compares (saved-plan.ts).
 */
import type { SnapshotEntity } from '../model/entity.js';
import type { Plan, SnapshotScope } from '../model/plan.js';
import type { PlanTargetInput } from '../plan/plan.js';
import { originKey } from '../plan/plan.js';
import { DEFAULT_CAP, type SafetyOverrides } from '../plan/safety.js';
import type { Limit, SafetyConfig } from '../model/target-policy.js';
import { summariseSnapshot, type SnapshotSummary } from '../plan/sift-snapshot.js';
import { hashSnapshotRows } from '../store/snapshot-hash.js';
import type { DesiredState } from './desired.js';
import type { Runtime } from './runtime.js';

/** The cap rules and the limits they apply (plan/safety.ts). */
const CAP_LIMITS: Readonly<Record<string, (s: SafetyConfig) => Limit | undefined>> = {
  delete_limit: (s) => s.maxDeletes,
  block_limit: (s) => s.maxBlocks,
  removal_limit: (s) => s.maxRemovals,
};

export interface RestrictedSnapshots {
  /** Per target, the rows read (what the plan diffs against and the apply starts from). */
  readonly rows: ReadonlyMap<string, SnapshotEntity[]>;
  /** Per target, the hash of exactly those rows. */
  readonly hashes: Readonly<Record<string, string>>;
  /** Per target, which rows were read (re-read to check the hash). */
  readonly scopes: Readonly<Record<string, SnapshotScope>>;
}

/** Reads, per target of `rt`, the rows a plan restricted to `only` needs (see the file comment). */
export async function readRestrictedSnapshots(rt: Runtime, desired: DesiredState, only: readonly { source: string; id: string }[]): Promise<RestrictedSnapshots> {
  const named = new Set(only.map(originKey));
  const origins = [...new Map(only.map((o) => [originKey(o), { source: o.source, id: o.id }])).values()];
  const rows = new Map<string, SnapshotEntity[]>();
  const hashes: Record<string, string> = {};
  const scopes: Record<string, SnapshotScope> = {};
  for (const target of rt.targets.keys()) {
    const keys = new KeySet();
    for (const e of desired.byTarget.get(target) ?? []) {
      if (!e.origin || !named.has(originKey(e.origin))) continue;
      keys.add(e.kind, e.key);
      if (e.parent) keys.add(e.parent.kind, e.parent.key);
    }
    const first = await rt.store.pickSnapshot(target, { origins, keys: keys.list() });
    // The parents of the rows found: one more keyed read, only for those not read yet.
    const have = new KeySet();
    for (const r of first) have.add(r.kind, r.key);
    const parents = new KeySet();
    for (const r of first) if (r.parent && !have.has(r.parent.kind, r.parent.key)) parents.add(r.parent.kind, r.parent.key);
    const more = parents.size === 0 ? [] : await rt.store.pickSnapshot(target, { keys: parents.list() });
    for (const p of parents.list()) keys.add(p.kind, p.key);
    const read = [...first, ...more];
    rows.set(target, read);
    hashes[target] = hashSnapshotRows(read.map((r) => ({ kind: r.kind, key: r.key, hash: r.hash, remote_id: r.remoteId })));
    scopes[target] = { origins, keys: keys.list() };
  }
  return { rows, hashes, scopes };
}

/**
 * The planner's inputs with the rows read standing for the whole snapshot's counts: a lower
 * bound (see the file comment). Rows of other subscribers read by key are filtered out by the
 * planner as before; they only make the bound tighter.
 */
export function withLowerBoundTotals(inputs: readonly PlanTargetInput[]): PlanTargetInput[] {
  return inputs.map((t) => ({ ...t, sifted: { summary: summariseSnapshot(t.snapshot), unchanged: NO_ENTITIES } }));
}

/**
 * The plan made again on a larger lower bound of the totals, for as long as a percentage cap
 * (one left out is the default, a percentage too) holds something back on some target: more of
 * that target is read, a page of each kind at a time in key order (each page twice the last), and counted
 * under the target's scope policy, as a full plan counts it. It stops as soon as no percentage
 * cap holds anything (the bound then proves the same under the true totals: a cap only grows
 * with its base) or the target is read to its end (the bound is then the total). So the rows
 * read grow with what the plan would take away over the cap's share, not with the target:
 * one block under `max_blocks: 10%` needs 10 rows of the target counted. An approval names a
 * held set by a hash of what the caps held, so with one the totals are counted to the end.
 * `rebuild` makes the plan from the given inputs.
 */
export async function settleTotals(
  rt: Runtime,
  read: RestrictedSnapshots,
  inputs: readonly PlanTargetInput[],
  plan: Plan,
  overrides: SafetyOverrides | undefined,
  rebuild: (inputs: PlanTargetInput[]) => Plan,
): Promise<Plan> {
  const exhaustive = Object.keys(overrides?.approved ?? {}).length > 0;
  const counts = new Map(inputs.map((t) => [t.target, new TargetCount(rt, t, read.rows.get(t.target) ?? [])]));
  let current = plan;
  let pageRows = FIRST_PAGE_ROWS;
  for (;;) {
    const open = [...counts.values()].filter((c) => !c.done && (exhaustive || heldByPercentCap(current, c.input)));
    if (open.length === 0) return current;
    for (const c of open) await c.readPage(pageRows);
    current = rebuild(inputs.map((t) => ({ ...t, sifted: { summary: counts.get(t.target)!.summary(), unchanged: NO_ENTITIES } })));
    pageRows *= 2;
  }
}

/** Rows of the first page read past the rows a restricted plan read (then doubled per page). */
const FIRST_PAGE_ROWS = 256;

function heldByPercentCap(plan: Plan, t: PlanTargetInput): boolean {
  return plan.heldBack.some((h) => {
    if (h.target !== t.target) return false;
    const limitOf = CAP_LIMITS[h.rule];
    return limitOf !== undefined && 'percent' in (limitOf(t.safety) ?? DEFAULT_CAP);
  });
}

/** A target's totals counted up from the rows a restricted plan read, page by page. */
class TargetCount {
  readonly #store: Runtime['store'];
  readonly #inScope: ((e: SnapshotEntity) => boolean) | undefined;
  readonly #read: ReadonlySet<string>;
  readonly #base: SnapshotSummary;
  #size = 0;
  #members = 0;
  /** Per kind of the target, the last key counted and whether the kind is read to its end. */
  readonly #kinds: Map<string, { after: string | null; done: boolean }>;
  done = false;

  constructor(rt: Runtime, readonly input: PlanTargetInput, rows: readonly SnapshotEntity[]) {
    this.#store = rt.store;
    const target = rt.targets.get(input.target);
    this.#inScope = target?.inScope?.bind(target);
    this.#read = new Set(rows.map((r) => `${r.kind}\u0000${r.key}`));
    // The rows read as the planner holds them (its scope policy and purchase overlay applied).
    this.#base = summariseSnapshot(input.snapshot);
    // Rows of a kind the target does not declare (a store kept from another target type) are
    // not counted: the bound stays lower, which can only hold back more, never less.
    this.#kinds = new Map(input.kinds.map((k) => [k.kind, { after: null, done: false }]));
  }

  /** One more page of every kind not read to its end (rows of one kind are not spread over the key order). */
  async readPage(rows: number): Promise<void> {
    for (const [kind, cursor] of this.#kinds) {
      if (cursor.done) continue;
      const page = await this.#store.pageSnapshot(this.input.target, kind, cursor.after, rows);
      for (const r of page) {
        // Rows the plan read are counted already, as the planner holds them.
        if (this.#read.has(`${r.kind}\u0000${r.key}`) || (this.#inScope && !this.#inScope(r))) continue;
        this.#size++;
        this.#members += membersOf(r);
      }
      const last = page[page.length - 1];
      if (last) cursor.after = last.key;
      if (page.length < rows) cursor.done = true;
    }
    this.done = [...this.#kinds.values()].every((c) => c.done);
  }

  /**
   * originsBySource and withoutOrigin feed the shrink gate of a full plan only (a restricted
   * plan never compares a source's read with the snapshot): the rows read stand for them.
   */
  summary(): SnapshotSummary {
    return { ...this.#base, size: this.#base.size + this.#size, members: this.#base.members + this.#members };
  }
}

const NO_ENTITIES: ReadonlySet<never> = new Set();

function membersOf(r: SnapshotEntity): number {
  let n = 0;
  for (const set in r.sets) n += r.sets[set]!.length;
  return n;
}

/** (kind, key) pairs, each once, in the order first added. */
class KeySet {
  readonly #byId = new Map<string, { kind: string; key: string }>();
  add(kind: string, key: string): void {
    const id = `${kind}\u0000${key}`;
    if (!this.#byId.has(id)) this.#byId.set(id, { kind, key });
  }
  has(kind: string, key: string): boolean {
    return this.#byId.has(`${kind}\u0000${key}`);
  }
  get size(): number {
    return this.#byId.size;
  }
  list(): { kind: string; key: string }[] {
    return [...this.#byId.values()];
  }
}
