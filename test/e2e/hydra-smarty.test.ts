/**
 * The engine end to end on Hydra → Smarty, against both emulators over real sockets, with
 * sync.yaml.example's Hydra → Smarty part and the real store: first apply, idempotence (zero write calls), billing
 * changes, failure isolation and retries, the source-shrink gate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { silentLogger } from '../../src/util/logger.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { playBillingChanges } from '../../src/demo/billing-changes.js';
import { SUBJ_STATE } from '../../src/emulators/hydra/index.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const PG_URL = process.env.BILLSYNC_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe.each([
  ['sqlite', (_dir: string) => undefined],
  ['postgres', (_dir: string) => `${PG_URL}?schema=e2e_${process.pid}_${Date.now().toString(36)}`],
])('Hydra → Smarty end to end (%s store)', (_name, storeUrl) => {
  let world: EmulatedWorld;
  let rt: Runtime;

  beforeEach(async () => {
    const url = storeUrl('');
    world = await startEmulatedWorld({ subscribers: 120, seed: 7, nonNumericAccountShare: 0.05, rate: LOOPBACK_RATE, ...(url ? { storeUrl: url } : {}) });
    const config = await loadConfig(world.config, world.env);
    rt = await openRuntime(config, { logger: silentLogger() });
  });

  afterEach(async () => {
    await rt?.close();
    await world?.close();
  });

  it('applies everything once, then a second apply makes zero write calls', async () => {
    const first = await makePlan(rt);
    const hydraCustomers = world.hydra.state.all();
    const inScope = hydraCustomers.filter((c) => c.stateId !== SUBJ_STATE.off && c.stateId !== SUBJ_STATE.disabled);
    const nonNumeric = inScope.filter((c) => !/^\d+$/.test(c.account));
    expect(nonNumeric.length).toBeGreaterThan(0);
    // Every non-numeric account is skipped with a reason naming the value; nothing else is.
    for (const c of nonNumeric) {
      const skip = first.plan.skipped.find((s) => s.id === String(c.id));
      expect(skip?.reason).toContain(c.account);
    }

    const result = await applyPlan(rt, first.plan, { snapshots: first.snapshots });
    expect(result.failed).toEqual([]);
    expect(result.succeeded).toBe(first.plan.ops.length);

    const created = first.plan.ops.filter((o) => o.type === 'create' && o.kind === 'customer').length;
    expect(world.smarty.state.customers.size).toBe(created);
    expect(world.smarty.stats().writes).toBe(first.plan.ops.length);

    world.smarty.resetStats();
    const second = await makePlan(rt);
    expect(second.plan.ops).toEqual([]);
    const again = await applyPlan(rt, second.plan, { snapshots: second.snapshots });
    expect(again.total).toBe(0);
    expect(world.smarty.stats().writes).toBe(0);
  });

  it('turns a tariff switch, a debt block and a new subscriber into exactly those ops', async () => {
    const first = await makePlan(rt);
    await applyPlan(rt, first.plan, { snapshots: first.snapshots });

    const changes = playBillingChanges(world.hydra, new Date());
    const next = await makePlan(rt);
    const byEntity = (kind: string, key: string) => next.plan.ops.filter((o) => o.kind === kind && o.key === key).map((o) => o.type);

    expect(byEntity('customer', String(changes.switched))).toEqual(['add_member', 'remove_member']);
    const debtor = world.hydra.state.get(changes.blocked)!;
    expect(byEntity('account', debtor.account)).toEqual(['block']);
    expect(byEntity('customer', String(changes.added))).toContain('create');
    // Nothing else: the new subscriber's create + account + tariffs, the switch, the block.
    const others = next.plan.ops.filter(
      (o) => ![String(changes.switched), String(changes.added), debtor.account, world.hydra.state.get(changes.added)!.account].includes(o.key),
    );
    expect(others).toEqual([]);

    const result = await applyPlan(rt, next.plan, { snapshots: next.snapshots });
    expect(result.failed).toEqual([]);
    const account = world.smarty.state.accountByAbon(Number(debtor.account))!;
    expect(account.flags.active).toBe(false);
    expect(account.status_reason).toBe('DEBT');
    const switched = world.smarty.state.customerByExt(String(changes.switched))!;
    expect([...switched.tariffs]).toContain(3);
    expect(world.smarty.state.customerByExt(String(changes.added))).toBeDefined();
  });

  it('isolates a failing entity, retries transient errors, and finishes the rest', async () => {
    const plan = (await makePlan(rt)).plan;
    // Two 503s (with Retry-After) are retried; then one account create is rejected for good.
    world.smarty.failNext(2, { status: 503, retryAfter: 0, pathPrefix: 'customer/create' });
    const victim = world.hydra.state.all().find((c) => /^\d+$/.test(c.account) && c.stateId === SUBJ_STATE.on)!;
    world.smarty.state.addCustomer({ ext_id: 'someone-else' });
    const other = world.smarty.state.customerByExt('someone-else')!;
    world.smarty.state.addAccount({ customer_id: other.id, abonement: Number(victim.account) });

    const result = await applyPlan(rt, plan);
    expect(result.failed.map((f) => `${f.op.kind} ${f.op.key}`)).toEqual([`account ${victim.account}`]);
    expect(result.failed[0]!.reason).toContain('belongs to another');
    expect(result.succeeded).toBe(plan.ops.length - 1);
    expect(world.smarty.stats().injected).toBe(2);

    // The failed entity is planned again next time; everything else is done.
    const next = await makePlan(rt);
    expect(next.plan.ops.map((o) => `${o.type} ${o.kind} ${o.key}`)).toEqual([`create account ${victim.account}`]);
  });

  it('plans no deletes when Hydra suddenly returns far fewer subscribers', async () => {
    const first = await makePlan(rt);
    await applyPlan(rt, first.plan, { snapshots: first.snapshots });
    const ids = world.hydra.state.all().map((c) => c.id);
    for (const id of ids.slice(0, Math.ceil(ids.length * 0.7))) world.hydra.state.removeCustomer(id);

    const gated = await makePlan(rt);
    expect(gated.plan.ops.filter((o) => o.type === 'delete')).toEqual([]);
    expect(gated.plan.heldBack[0]?.rule).toBe('source_shrink');

    const allowed = await makePlan(rt, { overrides: { allowShrink: true, allowMassDelete: true } });
    expect(allowed.plan.ops.filter((o) => o.type === 'delete').length).toBeGreaterThan(0);
  });
});
