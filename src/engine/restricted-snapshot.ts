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
 * and what it cannot read by key, it counts: the percentage safety caps are shares of the
 * whole target. Those totals are needed only when a cap could trip, so the plan is made first
 * with the rows read as a lower bound of the totals (a cap only grows with its base: what
 * passes under the lower bound passes under the true one), and made again with the exact
 * totals only when a cap held something back (or an approval names a held set).
 *
 * The plan's snapshot hash covers exactly the rows read, and the plan names them
 * (`Plan.snapshotScopes`): applying a saved restricted plan re-reads the same selection and
 * compares (saved-plan.ts).
 */
import type { SnapshotEntity } from '../model/entity.js';
import type { Plan, SnapshotScope } from '../model/plan.js';
import type { PlanTargetInput } from '../plan/plan.js';
import { originKey } from '../plan/plan.js';
import type { SafetyOverrides } from '../plan/safety.js';
import { summariseSnapshot, type SnapshotSummary } from '../plan/sift-snapshot.js';
import { hashSnapshotRows } from '../store/snapshot-hash.js';
import type { DesiredState } from './desired.js';
import type { Runtime } from './runtime.js';

/** Snapshot rows parsed at a time when exact totals must stream a target (see exactTotals). */
const TOTALS_CHUNK_ROWS = 10_000;

/** The cap rules whose limit is a share of the whole target (plan/safety.ts). */
const CAP_RULES: ReadonlySet<string> = new Set(['delete_limit', 'block_limit', 'removal_limit']);

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
 * Whether the plan made on lower-bound totals could differ from one made on the exact totals:
 * a percentage cap held something back, or an approval names a held set (its hash depends on
 * what the caps held).
 */
export function needsExactTotals(plan: Plan, overrides: SafetyOverrides | undefined): boolean {
  if (Object.keys(overrides?.approved ?? {}).length > 0) return true;
  return plan.heldBack.some((h) => CAP_RULES.has(h.rule));
}

/**
 * The planner's inputs with the whole snapshot's exact counts. A target without a scope policy
 * (`Target.inScope`) is counted by the database; one with it is streamed past its policy, as a
 * full plan counts it. Either way, rows the plan overlaid (committed purchases) count as
 * overlaid: those are all among the rows read, so their difference is added.
 */
export async function withExactTotals(rt: Runtime, inputs: readonly PlanTargetInput[], read: RestrictedSnapshots): Promise<PlanTargetInput[]> {
  const out: PlanTargetInput[] = [];
  for (const t of inputs) {
    const target = rt.targets.get(t.target);
    const inScope = target?.inScope?.bind(target);
    const raw = read.rows.get(t.target) ?? [];
    const rawInScope = inScope ? raw.filter(inScope) : raw;
    let size: number;
    let members: number;
    if (inScope) {
      let n = 0;
      let m = 0;
      await rt.store.scanSnapshot(t.target, TOTALS_CHUNK_ROWS, (rows) => {
        for (const r of rows) {
          if (!inScope(r)) continue;
          n++;
          m += membersOf(r);
        }
      });
      size = n;
      members = m;
    } else {
      const totals = await rt.store.snapshotTotals(t.target);
      size = totals.rows;
      members = totals.members;
    }
    let overlaid = 0;
    for (const r of t.snapshot) overlaid += membersOf(r);
    for (const r of rawInScope) overlaid -= membersOf(r);
    const lower = summariseSnapshot(t.snapshot);
    // originsBySource and withoutOrigin feed the shrink gate of a full plan only (a restricted
    // plan never compares a source's read with the snapshot): the rows read stand for them.
    const summary: SnapshotSummary = { ...lower, size, members: members + overlaid };
    out.push({ ...t, sifted: { summary, unchanged: NO_ENTITIES } });
  }
  return out;
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
