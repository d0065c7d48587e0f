/**
 * A restricted plan (`makePlan({ only })`: a trigger, a change-driven round) reads its
 * subscribers' snapshot rows by index (engine/restricted-snapshot.ts). Property: in random
 * worlds — every shipped pair's kinds (Smarty customers, accounts, devices, transactions;
 * Smotreshka accounts; SmartYard rights over an inventory), snapshots perturbed at random, the
 * billing changed — the plan made from the keyed reads equals the plan made from the whole
 * snapshot, for random sets of named subscribers, on SQLite and on PostgreSQL. And a plan for
 * one subscriber reads none of the other subscribers' rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { applyPlan } from '../../../src/engine/apply-plan.js';
import { makePlan, type MadePlan } from '../../../src/engine/make-plan.js';
import { openRuntime, type Runtime } from '../../../src/engine/runtime.js';
import { assertPlanFresh } from '../../../src/engine/saved-plan.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../../src/demo/emulated-world.js';
import { playBillingChanges } from '../../../src/demo/billing-changes.js';
import { playLanbillingChanges } from '../../../src/demo/lanbilling-changes.js';
import { playUsersideChanges } from '../../../src/demo/userside-changes.js';
import { giveMostUsersAnEmail } from '../../../src/emulators/lanbilling/standalone.js';
import type { SnapshotEntity } from '../../../src/model/entity.js';
import { entityHash } from '../../../src/model/hash.js';
import type { Plan } from '../../../src/model/plan.js';
import type { Store } from '../../../src/store/store.js';
import { silentLogger } from '../../../src/util/logger.js';
import { PG_URL, uniqueSchema, withSchema, dropSchema } from '../store/dialects.js';
import { LOOPBACK_RATE } from '../../support/loopback-rate.js';
import { mulberry32 } from '../../../src/emulators/kit/prng.js';

const PAIRS = ['hydra-smarty', 'lanbilling-smotreshka', 'userside-smartyard'];
const NOW = new Date('2026-03-01T10:00:00Z');


/** The store with some methods replaced; the rest bound to the real store (private fields). */
function overriding(store: Store, over: Partial<Store>): Store {
  return new Proxy(store, {
    get(target, prop) {
      if (Object.hasOwn(over, prop)) return over[prop as keyof Store];
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** The same runtime, whose restricted reads hand over the whole snapshot: the plan as made before keyed reads. */
const fromWholeSnapshot = (rt: Runtime): Runtime => ({ ...rt, store: overriding(rt.store, { pickSnapshot: (t) => rt.store.loadSnapshot(t) }) });

/** What must agree: everything but when it was made and what the snapshot hash covers. */
function comparable(made: MadePlan): Omit<Plan, 'createdAt' | 'snapshotHashes' | 'snapshotScopes'> {
  const { createdAt: _c, snapshotHashes: _h, snapshotScopes: _s, ...rest } = made.plan;
  return rest;
}

/** Random edits of stored rows: attributes, members, parents, keys another subscriber holds, orphans, extra rows. */
function perturb(rows: readonly SnapshotEntity[], rnd: () => number): SnapshotEntity[] {
  const out: SnapshotEntity[] = [];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const withHash = (e: Omit<SnapshotEntity, 'hash'>): SnapshotEntity => ({ ...e, hash: entityHash(e) });
  for (const r of rows) {
    const x = rnd();
    if (x < 0.05) {
      const attr = Object.keys(r.attrs)[0];
      if (attr !== undefined) out.push(withHash({ ...r, attrs: { ...r.attrs, [attr]: 'perturbed' } }));
    } else if (x < 0.1) {
      const set = Object.keys(r.sets)[0];
      if (set !== undefined) out.push(withHash({ ...r, sets: { ...r.sets, [set]: [...(r.sets[set] ?? []).slice(1), 'zz-extra'] } }));
    } else if (x < 0.13) {
      // A row of this subscriber the billing no longer produces: a delete candidate.
      out.push(withHash({ ...r, key: `${r.key}-stale` }));
    } else if (x < 0.16 && r.origin) {
      // The key is held for another subscriber.
      const other = pick(rows.filter((o) => o.origin && o.origin.id !== r.origin!.id && o.origin.source === r.origin!.source));
      if (other?.origin) out.push(withHash({ ...r, origin: other.origin }));
    } else if (x < 0.18 && r.parent) {
      const parents = rows.filter((o) => o.kind === r.parent!.kind && o.key !== r.parent!.key);
      if (parents.length > 0) out.push(withHash({ ...r, parent: { kind: r.parent.kind, key: pick(parents).key } }));
    } else if (x < 0.2 && r.origin) {
      const { origin: _o, ...rest } = r;
      out.push(withHash(rest));
    }
  }
  return out;
}

const DIALECTS = [
  { name: 'sqlite', storeUrl: undefined as string | undefined, schema: undefined as string | undefined },
  (() => {
    const schema = uniqueSchema();
    return { name: 'postgres', storeUrl: withSchema(PG_URL, schema), schema };
  })(),
];

describe.each(DIALECTS)('restricted plans from keyed reads ($name store)', ({ storeUrl, schema }) => {
  let world: EmulatedWorld;
  let rt: Runtime;
  let origins: { source: string; id: string }[];

  beforeAll(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 60, vgroups: 60, customers: 60, seed: 7, pairs: PAIRS, ...(storeUrl ? { storeUrl } : {}) });
    giveMostUsersAnEmail(world.lanbilling);
    rt = await openRuntime(await loadConfig(world.config, world.env), { logger: silentLogger(), now: () => NOW });
    const first = await makePlan(rt, { now: () => NOW });
    const applied = await applyPlan(rt, first.plan, { snapshots: first.snapshots });
    expect(applied.failed).toEqual([]);
    const seen = new Map<string, { source: string; id: string }>();
    for (const t of rt.targets.keys()) for (const r of await rt.store.loadSnapshot(t)) if (r.origin) seen.set(`${r.origin.source}:${r.origin.id}`, r.origin);
    origins = [...seen.values()];
    expect(new Set(origins.map((o) => o.source))).toEqual(new Set(['hydra', 'lanbilling', 'userside']));
  }, 180_000);

  afterAll(async () => {
    await rt?.close();
    await world?.close();
    if (schema) await dropSchema(schema);
  });

  it('applies a restricted plan from the rows it read: SmartYard rights find the inventory\'s device ids', async () => {
    const rights = (await rt.store.loadSnapshot('smartyard')).find((r) => r.kind === 'rights' && r.origin && (r.sets.devices ?? []).length > 0)!;
    // The store forgets the contract's rights: the plan re-creates them, naming devices by key.
    const runId = await rt.store.beginRun('apply', null);
    await rt.store.commitOp(runId, { seq: 1, after: [], type: 'delete', target: 'smartyard', kind: 'rights', key: rights.key, before: rights }, 1, { kind: 'remove', target: 'smartyard', entityKind: 'rights', key: rights.key });
    await rt.store.finishRun(runId, 'ok', {});
    const made = await makePlan(rt, { only: [rights.origin!], now: () => NOW });
    expect(made.plan.ops.filter((o) => o.target === 'smartyard').map((o) => o.type)).toEqual(['create', ...(rights.sets.devices ?? []).map(() => 'add_member')]);
    // The plan read no device row; the apply reads the kind its rights point at.
    expect(made.snapshots.get('smartyard')!.some((r) => r.kind === 'device')).toBe(false);
    const applied = await applyPlan(rt, made.plan, { snapshots: made.snapshots });
    expect(applied.failed).toEqual([]);
    expect((await makePlan(rt, { only: [rights.origin!], now: () => NOW })).plan.ops).toEqual([]);
    expect(await rt.store.getSnapshotEntity('smartyard', 'rights', rights.key)).toMatchObject({ sets: rights.sets });
  }, 60_000);

  it('equals the plan made from the whole snapshot, for random worlds and random subscribers', async () => {
    const rnd = mulberry32(15);
    for (let round = 0; round < 3; round++) {
      for (const t of rt.targets.keys()) await rt.store.putSnapshot(perturb(await rt.store.loadSnapshot(t), rnd));
      if (round === 1) {
        const hydra = playBillingChanges(world.hydra, NOW);
        playLanbillingChanges(world.lanbilling, NOW);
        playUsersideChanges(world.userside);
        origins.push({ source: 'hydra', id: String(hydra.added) });
      }
      const sizes = [1, 1, 3, 12, origins.length];
      for (const n of sizes) {
        const named = [...origins].sort(() => rnd() - 0.5).slice(0, n);
        // A subscriber no source has: read as absent, planned as such.
        if (rnd() < 0.3) named.push({ source: 'hydra', id: '99999999' });
        const keyed = await makePlan(rt, { only: named, now: () => NOW });
        const whole = await makePlan(fromWholeSnapshot(rt), { only: named, now: () => NOW });
        expect(comparable(keyed), `round ${round}, ${n} named`).toEqual(comparable(whole));
      }
    }
    // Naming everyone after perturbing everything trips the percentage caps: the exact totals were needed and used.
    const everyone = await makePlan(rt, { only: origins, now: () => NOW });
    expect(everyone.plan.heldBack.some((h) => ['delete_limit', 'block_limit', 'removal_limit'].includes(h.rule))).toBe(true);
    expect(comparable(everyone)).toEqual(comparable(await makePlan(fromWholeSnapshot(rt), { only: origins, now: () => NOW })));
    // An approval of exactly the held set: counted to the end, and the set goes ahead as in a plan from the whole snapshot.
    const approved = { approved: { ...everyone.plan.heldHashes } };
    const keyedApproved = await makePlan(rt, { only: origins, overrides: approved, now: () => NOW });
    expect(comparable(keyedApproved)).toEqual(comparable(await makePlan(fromWholeSnapshot(rt), { only: origins, overrides: approved, now: () => NOW })));
    expect(keyedApproved.plan.ops.length).toBeGreaterThan(everyone.plan.ops.length);
  }, 240_000);

  it('reads none of the other subscribers\' rows for a one-subscriber plan', async () => {
    const reads: SnapshotEntity[] = [];
    let whole = 0;
    let paged = 0;
    const spied: Runtime = {
      ...rt,
      store: overriding(rt.store, {
        pickSnapshot: async (t, pick) => {
          const rows = await rt.store.pickSnapshot(t, pick);
          reads.push(...rows);
          return rows;
        },
        loadSnapshot: async (t) => {
          whole++;
          return rt.store.loadSnapshot(t);
        },
        scanSnapshot: async (t, n, f) => {
          whole++;
          return rt.store.scanSnapshot(t, n, f);
        },
        pageSnapshot: async (t, kind, after, limit) => {
          const rows = await rt.store.pageSnapshot(t, kind, after, limit);
          paged += rows.length;
          return rows;
        },
      }),
    };
    // Subscribers that still have rows of their own after the perturbations, one per source and more.
    const holding = new Map<string, { source: string; id: string }>();
    for (const t of rt.targets.keys()) for (const r of await rt.store.loadSnapshot(t)) if (r.origin) holding.set(`${r.origin.source}:${r.origin.id}`, r.origin);
    const bySource = [...new Set([...holding.values()].map((o) => o.source))].flatMap((src) => [...holding.values()].filter((o) => o.source === src).slice(0, 3));
    expect(bySource.length).toBe(9);
    for (const one of bySource) {
      reads.length = 0;
      paged = 0;
      const made = await makePlan(spied, { only: [one], now: () => NOW });
      expect(whole).toBe(0);
      // Counting on past the rows read happens only for a plan a percentage cap could hold back.
      if (!made.plan.ops.some((o) => o.type === 'delete' || o.type === 'block' || o.type === 'remove_member') && made.plan.heldBack.length === 0) expect(paged).toBe(0);
      const used = new Set<string>();
      for (const o of made.plan.ops) {
        used.add(`${o.kind}\u0000${o.key}`);
        if (o.type === 'create' && o.entity.parent) used.add(`${o.entity.parent.kind}\u0000${o.entity.parent.key}`);
      }
      for (const r of reads) if (r.parent) used.add(`${r.parent.kind}\u0000${r.parent.key}`);
      const own = reads.filter((r) => r.origin?.source === one.source && r.origin.id === one.id);
      const others = reads.filter((r) => r.origin && !(r.origin.source === one.source && r.origin.id === one.id));
      expect(own.length).toBeGreaterThan(0);
      // Another subscriber's row is read only where it sits at a key this subscriber's entities use
      // (a key held for someone else, a parent): a handful, never that subscriber's whole set.
      for (const r of others) expect(used.has(`${r.kind}\u0000${r.key}`), `${r.kind} ${r.key} of ${r.origin?.source}:${r.origin?.id}`).toBe(true);
      expect(reads.length).toBeLessThanOrEqual(own.length + 6);
      let total = 0;
      for (const t of rt.targets.keys()) total += (await rt.store.loadSnapshot(t)).length;
      expect(reads.length).toBeLessThan(total / 10);
    }
  }, 120_000);

  it('a restricted plan\'s hash covers the rows it read: a saved one is stale once one of them changes, not when another subscriber\'s does', async () => {
    const one = origins.find((o) => o.source === 'hydra')!;
    const made = await makePlan(rt, { only: [one], now: () => NOW });
    expect(made.plan.snapshotScopes?.smarty?.origins).toEqual([one]);
    await assertPlanFresh(rt, made.plan, 'plan.json');
    const rows = await rt.store.loadSnapshot('smarty');
    const other = rows.find((r) => r.origin && r.origin.id !== one.id && !made.snapshots.get('smarty')!.some((m) => m.key === r.key && m.kind === r.kind))!;
    await rt.store.putSnapshot([{ ...other, remoteId: 'moved-elsewhere' }]);
    await assertPlanFresh(rt, made.plan, 'plan.json');
    const mine = rows.find((r) => r.origin?.source === one.source && r.origin.id === one.id)!;
    await rt.store.putSnapshot([{ ...mine, remoteId: 'moved' }]);
    await expect(assertPlanFresh(rt, made.plan, 'plan.json')).rejects.toThrow(/snapshot of smarty changed/);
  }, 60_000);
});
