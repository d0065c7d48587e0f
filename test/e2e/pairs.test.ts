/**
 * Any source feeds any target: every pair that ships in mappings/ runs end to end against the
 * emulators over real sockets, on the SQLite store, with sync.yaml.example's settings for its
 * source and target — first apply, a second apply that makes zero write calls, and a day of
 * billing changes (a package switch, a block, a new subscriber, a removal) that converges, as
 * the plan, the live target (a --refresh plan) and the emulator's own state agree.
 *
 * The pairs are discovered from mappings/: a new mapping without a case below fails this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { compileMappings, openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { playBillingChanges, type BillingChangeOptions } from '../../src/demo/billing-changes.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { EXAMPLE_CONFIG, examplePairs, pairInfo, shippedPairs } from '../../src/demo/example-config.js';
import { playLanbillingChanges, type LanbillingChangeOptions } from '../../src/demo/lanbilling-changes.js';
import { playUsersideChanges } from '../../src/demo/userside-changes.js';
import { SUBJ_STATE } from '../../src/emulators/hydra/index.js';
import type { Entity, SnapshotEntity } from '../../src/model/entity.js';
import type { Op } from '../../src/model/op.js';
import { silentLogger } from '../../src/util/logger.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

/** Source ids of the subscribers a billing day changed. */
interface Changes {
  readonly switched: string;
  readonly blocked: string;
  readonly added: string;
  readonly removed: string;
}

/** What the test reads from a target's emulator directly, bypassing the adapter. */
interface TargetProbe {
  writes(world: EmulatedWorld): number;
  reset(world: EmulatedWorld): void;
  /**
   * Members of the entity's set on the platform; undefined when the platform does not have it.
   * `rows` is the target's snapshot, for platforms that name members by their own ids.
   */
  live(world: EmulatedWorld, prefix: string, kind: string, key: string, rows: readonly SnapshotEntity[]): readonly string[] | undefined;
  /** The op types a blocked subscriber's entities get (['delete']: blocking takes it out of scope). */
  readonly blockOps: readonly string[];
  /** Write calls the platform gets for these ops (default one per op). */
  writesFor?(ops: readonly Op[]): number;
  /** An entity whose set is empty leaves no trace on the platform (live says undefined). */
  readonly emptySetIsAbsent?: boolean;
}

interface PairCase {
  readonly play: (world: EmulatedWorld, now: Date) => Changes;
  readonly probe: TargetProbe;
}

const SMARTY: TargetProbe = {
  writes: (w) => w.smarty.stats().writes,
  reset: (w) => w.smarty.resetStats(),
  live(w, _prefix, kind, key) {
    if (kind === 'customer') {
      const c = w.smarty.state.customerByExt(key);
      return c && [...c.tariffs].map(String).sort();
    }
    return w.smarty.state.accountByAbon(Number(key)) ? [] : undefined;
  },
  // The account's `active` flag goes false; its tariffs stay.
  blockOps: ['block'],
};

const SMOTRESHKA: TargetProbe = {
  writes: (w) => w.smotreshka.stats().writes,
  reset: (w) => w.smotreshka.resetStats(),
  live(w, prefix, _kind, key) {
    const a = w.smotreshka.state.accountByUsername(prefix + key);
    return a && !a.archived ? [...a.subscriptions].sort() : undefined;
  },
  // The example's `blocking: subscriptions`: a blocked account loses its subscriptions.
  blockOps: ['remove_member'],
};

const SMARTYARD: TargetProbe = {
  writes: (w) => w.smartyard.stats().writes,
  reset: (w) => w.smartyard.resetStats(),
  live(w, _prefix, kind, key, rows) {
    const remoteId = (k: string, of: string) => Number(rows.find((r) => r.kind === k && r.key === of)?.remoteId);
    if (kind === 'device') return w.smartyard.state.devices.has(remoteId('device', key)) ? [] : undefined;
    if (kind === 'door') return w.smartyard.state.doors.has(remoteId('door', key)) ? [] : undefined;
    // A contract's rights: the devices its row holds, by our keys (through the snapshot's ids).
    const keys = new Map(rows.filter((r) => r.kind === 'device').map((r) => [Number(r.remoteId), r.key]));
    const held = w.smartyard.state.rights.get(Number(key)) ?? [];
    return held.length === 0 ? undefined : [...new Set(held.map((id) => keys.get(id) ?? `#${id}`))].sort();
  },
  // UserSide's disconnection takes the contract out of scope: every device leaves its rights.
  blockOps: ['delete'],
  // A rights create only reads (the server makes the row with the first rights_add/).
  writesFor: (ops) => ops.filter((o) => !(o.type === 'create' && o.kind === 'rights')).length,
  // An empty rights row grants nothing, like no row.
  emptySetIsAbsent: true,
};

/** Hydra's day: the demo's switch and debt lock, a new subscriber, and one who leaves. */
function hydraDay(opts: BillingChangeOptions = {}): PairCase['play'] {
  return (world, now) => {
    const c = playBillingChanges(world.hydra, now, opts);
    const leaver = world.hydra.state
      .all()
      .find((x) => x.stateId === SUBJ_STATE.on && ![c.switched, c.blocked, c.added].includes(x.id) && x.subscriptions.length > 0)!;
    world.hydra.state.removeCustomer(leaver.id);
    return { switched: String(c.switched), blocked: String(c.blocked), added: String(c.added), removed: String(leaver.id) };
  };
}

function lanbillingDay(opts: LanbillingChangeOptions = {}): PairCase['play'] {
  return (world, now) => {
    const c = playLanbillingChanges(world.lanbilling, now, opts);
    return { switched: String(c.switched), blocked: String(c.blocked), added: String(c.added), removed: String(c.removed) };
  };
}

/** UserSide's day: a move to the next entrance, a disconnection, a new customer, a deletion. */
function usersideDay(): PairCase['play'] {
  return (world) => {
    const c = playUsersideChanges(world.userside, { dayOfFour: true });
    return { switched: String(c.moved), blocked: String(c.disconnected), added: String(c.added), removed: String(c.removed) };
  };
}

const CASES: Readonly<Record<string, PairCase>> = {
  // Base package → Кино+: Smarty tariff 2 → 3.
  'hydra-smarty': { play: hydraDay(), probe: SMARTY },
  // Базовый/Социальный → Расширенный: a base switch, subscription 100 → 102.
  'hydra-smotreshka': { play: hydraDay({ switchFrom: [1, 4], switchTo: 2 }), probe: SMOTRESHKA },
  // Базовый → Кино: Smarty tariff 2 → 3.
  'lanbilling-smarty': { play: lanbillingDay({ switchTo: 211 }), probe: SMARTY },
  // Базовый → Оптимальный: a base switch, subscription 100 → 102.
  'lanbilling-smotreshka': { play: lanbillingDay(), probe: SMOTRESHKA },
  // The rights follow the move (the new entrance's panel in, the old one's out); devices and
  // doors come from the example inventory. More in pairs-userside-smartyard.test.ts.
  'userside-smartyard': { play: usersideDay(), probe: SMARTYARD },
};

const PAIRS = await shippedPairs();

it('finds the pairs in mappings/, and every one has an end-to-end case', () => {
  expect(PAIRS).toEqual(expect.arrayContaining(['hydra-smarty', 'lanbilling-smotreshka', 'lanbilling-smarty', 'hydra-smotreshka', 'userside-smartyard']));
  const missing = PAIRS.filter((p) => !Object.hasOwn(CASES, p));
  expect(missing, 'mappings/ pairs without an end-to-end case: add them to CASES in test/e2e/pairs.test.ts').toEqual([]);
});

it('loads sync.yaml.example as shipped, with every pair it lists compiled', async () => {
  const config = await loadConfig(EXAMPLE_CONFIG, { HYDRA_PASSWORD: 'x', SMARTY_API_KEY: 'x', LANBILLING_PASSWORD: 'x', USERSIDE_API_KEY: 'x' });
  const listed = await Promise.all((await examplePairs()).map(pairInfo));
  expect(listed.map((p) => p.pair)).toEqual(['hydra-smarty', 'lanbilling-smotreshka', 'userside-smartyard']);
  expect(compileMappings(config).mappings.map((m) => `${m.source} → ${m.target}`)).toEqual(listed.map((p) => `${p.source} → ${p.target}`));
});

const origin = (o: { source: string; id: string } | undefined): string => (o ? `${o.source}:${o.id}` : '?');

describe.each(PAIRS.filter((p) => Object.hasOwn(CASES, p)))('%s end to end (SQLite store)', (pair) => {
  const pairCase = CASES[pair]!;
  const probe = pairCase.probe;
  let world: EmulatedWorld;
  let rt: Runtime;
  let source: string;
  let target: string;
  let prefix: string;

  beforeAll(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 60, vgroups: 80, seed: 23, pairs: [pair] });
    const config = await loadConfig(world.config, world.env);
    rt = await openRuntime(config, { logger: silentLogger() });
    ({ source, target } = await pairInfo(pair));
    const p = config.targets[target]!.options.username_prefix;
    prefix = typeof p === 'string' ? p : '';
  });

  afterAll(async () => {
    await rt?.close();
    await world?.close();
  });

  it('creates everything on the first apply; a second apply makes zero write calls', async () => {
    const first = await makePlan(rt);
    expect(first.subscribers.get(source)).toBeGreaterThan(20);
    expect(first.plan.ops.length).toBeGreaterThan(20);
    expect(new Set(first.plan.ops.map((o) => o.type))).toEqual(new Set(['create', 'add_member']));
    expect(first.plan.ops.every((o) => o.target === target)).toBe(true);

    probe.reset(world);
    const result = await applyPlan(rt, first.plan, { snapshots: first.snapshots });
    expect(result.failed).toEqual([]);
    expect(result.succeeded).toBe(first.plan.ops.length);
    expect(probe.writes(world)).toBe(probe.writesFor?.(first.plan.ops) ?? first.plan.ops.length);
    // The snapshot holds every created entity, and the platform holds what the snapshot says.
    const rows = await rt.store.loadSnapshot(target);
    expect(rows).toHaveLength(first.plan.ops.filter((o) => o.type === 'create').length);
    for (const r of rows) expect(probe.live(world, prefix, r.kind, r.key, rows)).toEqual(liveOf(probe, r));
    expect(rows.some((r) => firstSet(r).length > 0)).toBe(true);

    probe.reset(world);
    const second = await makePlan(rt);
    expect(second.plan.ops).toEqual([]);
    const again = await applyPlan(rt, second.plan, { snapshots: second.snapshots });
    expect(again.total).toBe(0);
    expect(probe.writes(world)).toBe(0);
  });

  it('turns a billing day into exactly its ops, applies them and converges', async () => {
    const changes = pairCase.play(world, new Date());
    const next = await makePlan(rt);
    // A full plan streams the snapshot instead of handing it back (make-plan.ts): read it here.
    const snapshot = next.snapshots.get(target) ?? (await rt.store.loadSnapshot(target));
    const originOf = new Map<string, string>(snapshot.map((s: SnapshotEntity) => [`${s.kind}/${s.key}`, origin(s.origin)]));
    for (const o of next.plan.ops) if (o.type === 'create') originOf.set(`${o.kind}/${o.key}`, origin(o.entity.origin));
    const byOrigin = new Map<string, Op[]>();
    for (const o of next.plan.ops) {
      const from = originOf.get(`${o.kind}/${o.key}`) ?? '?';
      byOrigin.set(from, [...(byOrigin.get(from) ?? []), o]);
    }
    const id = (x: string) => `${source}:${x}`;
    // Only the four subscribers billing changed have ops, and each has its own kind of op.
    expect([...byOrigin.keys()].sort()).toEqual([changes.switched, changes.blocked, changes.added, changes.removed].map(id).sort());
    const types = (x: string) => byOrigin.get(id(x))!.map((o) => o.type);
    const switched = byOrigin.get(id(changes.switched))!;
    expect([...new Set(types(changes.switched))].sort()).toEqual(['add_member', 'remove_member']);
    // The new package is added before the old one goes (Smotreshka: one base at a time, never none).
    expect(switched.find((o) => o.type === 'add_member')!.seq).toBeLessThan(switched.find((o) => o.type === 'remove_member')!.seq);
    expect([...new Set(types(changes.blocked))]).toEqual(probe.blockOps);
    expect(types(changes.added)).toContain('create');
    expect([...new Set(types(changes.removed))]).toEqual(['delete']);

    const result = await applyPlan(rt, next.plan, { snapshots: next.snapshots });
    expect(result.failed).toEqual([]);

    // The platform holds what billing says, read from the emulator itself.
    const rows = await rt.store.loadSnapshot(target);
    const keysOf = (x: string) => rows.filter((r) => origin(r.origin) === id(x));
    const gone = [changes.removed, ...(probe.blockOps.includes('delete') ? [changes.blocked] : [])];
    for (const x of [changes.switched, changes.blocked, changes.added].filter((c) => !gone.includes(c))) {
      expect(keysOf(x).length).toBeGreaterThan(0);
      for (const r of keysOf(x)) expect(probe.live(world, prefix, r.kind, r.key, rows)).toEqual(liveOf(probe, r));
    }
    for (const x of gone) {
      expect(keysOf(x)).toEqual([]);
      for (const o of byOrigin.get(id(x))!) expect(probe.live(world, prefix, o.kind, o.key, rows)).toBeUndefined();
    }

    probe.reset(world);
    const after = await makePlan(rt);
    expect(after.plan.ops).toEqual([]);
  });

  it('finds no drift when it reads the live target back (plan --refresh)', async () => {
    const live = await makePlan(rt, { refresh: true });
    expect(live.plan.drift).toEqual([]);
    expect(live.plan.ops).toEqual([]);
  });
});

/** What the probe should read for an applied entity: its set, or nothing for an empty set that leaves no trace. */
function liveOf(probe: TargetProbe, e: Entity): readonly string[] | undefined {
  const members = firstSet(e);
  return probe.emptySetIsAbsent && members.length === 0 && Object.keys(e.sets).length > 0 ? undefined : members;
}

/** The members of an entity's (only) set, [] for a kind without sets. */
function firstSet(e: Entity): readonly string[] {
  const name = Object.keys(e.sets)[0];
  return name === undefined ? [] : (e.sets[name] ?? []);
}
