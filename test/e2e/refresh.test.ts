/** `plan --refresh` against the emulators: drift on the live target is shown and repaired. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { SyncConfig } from '../../src/config/types.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { renderText } from '../../src/report/text.js';
import { silentLogger } from '../../src/util/logger.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

describe('plan --refresh', () => {
  let world: EmulatedWorld;
  let rt: Runtime;
  let config: SyncConfig;

  beforeAll(async () => {
    // Names in customer/info are undocumented (the strict emulator leaves them out, and billsync
    // then simply cannot see a rename); this world answers them so a rename shows as drift.
    // ext_id stays out of the answers: refresh keys customers by the ids billsync stored.
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 40, seed: 5, smarty: { customerProfile: true } });
    config = await loadConfig(world.config, world.env);
    rt = await openRuntime(config, { logger: silentLogger() });
    const made = await makePlan(rt);
    await applyPlan(rt, made.plan, { snapshots: made.snapshots });
  });

  afterAll(async () => {
    await rt?.close();
    await world?.close();
  });

  it('shows drift, repairs it, and leaves what the platform added alone under the report policy', async () => {
    const withTariffs = [...world.smarty.state.customers.values()].filter((c) => c.tariffs.size > 0);
    const [deleted, renamed, lost, upsold] = withTariffs;
    world.smarty.state.deleteCustomer(deleted!);
    renamed!.profile.lastname = 'Вручную';
    const lostTariff = [...lost!.tariffs][0]!;
    lost!.tariffs.delete(lostTariff);
    upsold!.tariffs.add(1); // tariff 1 is mapped from nothing: the platform sold it in the app

    const plain = await makePlan(rt);
    expect(plain.plan.ops).toEqual([]); // the snapshot alone cannot see any of it

    const refreshed = await makePlan(rt, { refresh: true });
    const drift = new Map(refreshed.plan.drift!.map((d) => [d.key, d]));
    expect(drift.get(deleted!.ext_id)?.type).toBe('missing');
    expect(drift.get(renamed!.ext_id)?.attrs).toEqual([expect.objectContaining({ attr: 'lastname', live: 'Вручную' })]);
    expect(drift.get(lost!.ext_id)?.removed).toEqual({ tariffs: [String(lostTariff)] });
    expect(drift.get(upsold!.ext_id)?.platformAdded).toEqual({ tariffs: ['1'] });

    const ops = refreshed.plan.ops.map((o) => `${o.type} ${o.kind} ${o.key}${'member' in o ? ` ${o.member}` : ''}`);
    expect(ops).toContain(`create customer ${deleted!.ext_id}`);
    expect(ops).toContain(`update customer ${renamed!.ext_id}`);
    expect(ops).toContain(`add_member customer ${lost!.ext_id} ${lostTariff}`);
    expect(ops.some((o) => o.startsWith(`remove_member customer ${upsold!.ext_id}`))).toBe(false);
    expect(renderText(refreshed.plan, { kinds: rt.kinds })).toContain('added by the platform: 1 (left: drift policy report)');

    const result = await applyPlan(rt, refreshed.plan, { snapshots: refreshed.snapshots });
    expect(result.failed).toEqual([]);
    expect(world.smarty.state.customerByExt(deleted!.ext_id)).toBeDefined();
    expect(renamed!.profile.lastname).not.toBe('Вручную');
    expect(lost!.tariffs.has(lostTariff)).toBe(true);
    expect(upsold!.tariffs.has(1)).toBe(true);

    const after = await makePlan(rt, { refresh: true });
    expect(after.plan.ops).toEqual([]);
    expect(after.plan.drift!.map((d) => d.key)).toEqual([upsold!.ext_id]);
  });

  it('finds the same drift one entity at a time when a target cannot list', async () => {
    const bulk = await makePlan(rt, { refresh: true });
    const smarty = rt.targets.get('smarty')!;
    Object.defineProperty(smarty, 'observeAll', { value: undefined, configurable: true });
    try {
      const one = await makePlan(rt, { refresh: true });
      expect(one.plan.drift).toEqual(bulk.plan.drift);
      expect(one.plan.ops).toEqual(bulk.plan.ops);
    } finally {
      Reflect.deleteProperty(smarty, 'observeAll');
    }
  });

  it('removes platform-added members under the enforce policy', async () => {
    const enforcing: SyncConfig = { ...config, targets: { smarty: { ...config.targets.smarty!, drift: 'enforce' } } };
    const rt2 = await openRuntime(enforcing, { logger: silentLogger() });
    try {
      const made = await makePlan(rt2, { refresh: true });
      const removes = made.plan.ops.filter((o) => o.type === 'remove_member');
      expect(removes.map((o) => 'member' in o && o.member)).toEqual(['1']);
    } finally {
      await rt2.close();
    }
  });
});

describe('plan --refresh after adopting customers whose Smarty id is unknown', () => {
  let world: EmulatedWorld;
  let rt: Runtime;

  beforeAll(async () => {
    world = await startEmulatedWorld({ subscribers: 8, seed: 6, nonNumericAccountShare: 0 });
    rt = await openRuntime(await loadConfig(world.config, world.env), { logger: silentLogger() });
  });

  afterAll(async () => {
    await rt?.close();
    await world?.close();
  });

  it('reads a customer the listing cannot name by its ext_id instead of calling it missing', async () => {
    // An apply killed after Smarty created these customers and before billsync recorded them:
    // the next apply adopts them (error 1) while they have no account yet, and customer/info
    // does not answer an id — so the snapshot holds no id for them and customer/list (no
    // ext_id) cannot name them.
    const first = await makePlan(rt);
    const creates = first.plan.ops.filter((o) => o.kind === 'customer' && o.type === 'create');
    for (const op of creates.slice(0, 3)) world.smarty.state.addCustomer({ ext_id: op.key });
    expect((await applyPlan(rt, first.plan, { snapshots: first.snapshots })).failed).toEqual([]);
    const adopted = (await rt.store.loadSnapshot('smarty')).filter((s) => s.kind === 'customer' && s.remoteId === null);
    expect(adopted.map((s) => s.key).sort()).toEqual(creates.slice(0, 3).map((o) => o.key).sort());

    world.smarty.resetStats();
    const refreshed = await makePlan(rt, { refresh: true });
    expect(refreshed.plan.drift).toEqual([]);
    expect(refreshed.plan.ops).toEqual([]);
    // Read one by one by ext_id: exactly the three the listing could not name.
    expect(world.smarty.requests().filter((r) => r.method === 'customer/info')).toHaveLength(3);

    // A customer really gone from Smarty is still found missing (and planned again).
    world.smarty.state.deleteCustomer(world.smarty.state.customerByExt(adopted[0]!.key)!);
    const after = await makePlan(rt, { refresh: true });
    expect(after.plan.drift!.filter((d) => d.type === 'missing').map((d) => `${d.kind} ${d.key}`)).toContain(`customer ${adopted[0]!.key}`);
  });
});
