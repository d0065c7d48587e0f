/**
 * `plan --refresh` with payments and set-top boxes on Smarty. Smarty offers no read of a
 * transaction by its ext_id (customer/transaction/list answers `transaction_id, amount, source,
 * datetime, comment, processed`), so a live read cannot tell which payment is which: a refresh
 * keeps the snapshot's view of transactions and says so, instead of taking every payment for
 * missing and planning it again. Devices are read live as before (account/list by device).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { explainEntity } from '../../src/engine/explain-entity.js';
import { reconcileTarget } from '../../src/daemon/reconcile-target.js';
import { renderExplanation } from '../../src/report/explain.js';
import { renderText } from '../../src/report/text.js';
import { silentLogger } from '../../src/util/logger.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { SUBJ_STATE } from '../../src/emulators/hydra/index.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';
import { enableLists } from '../support/lists-mapping.js';

describe('plan --refresh with payments and devices on Smarty', () => {
  let world: EmulatedWorld;
  let rt: Runtime;
  const payments: string[] = [];

  beforeAll(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 10, seed: 18, nonNumericAccountShare: 0, pairs: ['hydra-smarty'] });
    await enableLists(world.config, 'hydra', 'hydra-smarty', 'hydra-');
    const active = world.hydra.state.all().filter((c) => c.stateId === SUBJ_STATE.on);
    const now = Date.now();
    active.slice(0, 4).forEach((c, i) => {
      for (let p = 0; p <= i % 3; p++) payments.push(`hydra-${world.hydra.state.addPayment(c.id, 100 + 10 * p, new Date(now - (p + 1) * 86_400_000))}`);
      world.hydra.state.bindEquipment(c.id, `00-1A-79-00-00-${String(10 + i)}`);
    });
    rt = await openRuntime(await loadConfig(world.config, world.env), { logger: silentLogger() });
    const made = await makePlan(rt);
    expect(made.plan.ops.filter((o) => o.kind === 'transaction')).toHaveLength(payments.length);
    expect((await applyPlan(rt, made.plan, { snapshots: made.snapshots })).failed).toEqual([]);
    expect(world.smarty.state.transactions.byId.size).toBe(payments.length);
  }, 60_000);

  afterAll(async () => {
    await rt?.close();
    await world?.close();
  });

  it('plans no transaction op right after a converged apply, and says the transactions were not read', async () => {
    const refreshed = await makePlan(rt, { refresh: true });
    expect(refreshed.plan.ops).toEqual([]);
    expect(refreshed.plan.drift).toEqual([]);
    expect(refreshed.plan.unobserved).toEqual([{ target: 'smarty', kind: 'transaction', entities: payments.length, reason: expect.stringContaining('customer/transaction/list') }]);
    expect(renderText(refreshed.plan, { kinds: rt.kinds })).toContain(`not read live: smarty transaction (${payments.length})`);
  });

  it('never sends a payment again from a refresh, even when Smarty lost it; a lost box is bound again', async () => {
    const tx = world.smarty.state.transactions.byExtId(payments[0]!)!;
    world.smarty.state.transactions.delete(tx);
    const box = world.smarty.state.devices.byDeviceUid('00:1a:79:00:00:10')!;
    world.smarty.state.devices.delete(box);

    const refreshed = await makePlan(rt, { refresh: true });
    expect(refreshed.plan.drift!.map((d) => `${d.kind} ${d.key} ${d.type}`)).toEqual(['device 00:1a:79:00:00:10 missing']);
    expect(refreshed.plan.ops.map((o) => `${o.type} ${o.kind} ${o.key}`)).toEqual(['create device 00:1a:79:00:00:10']);
    world.smarty.resetStats();
    expect((await applyPlan(rt, refreshed.plan, { snapshots: refreshed.snapshots })).failed).toEqual([]);
    expect(world.smarty.requests().filter((r) => r.method?.startsWith('transaction/'))).toEqual([]);
    expect(world.smarty.state.devices.byDeviceUid('00:1a:79:00:00:10')).toBeDefined();
    // What Smarty holds of the payments: each once, the lost one not re-sent by billsync.
    const held = [...world.smarty.state.transactions.byId.values()].map((t) => t.ext_id).sort();
    expect(held).toEqual(payments.slice(1).sort());
    expect((await makePlan(rt, { refresh: true })).plan.ops).toEqual([]);
  });

  it("the daemon's reconcile round (snapshot-based, no live read) sends no payment again either", async () => {
    world.smarty.resetStats();
    const round = await reconcileTarget(rt, 'smarty', { signal: new AbortController().signal, logger: silentLogger() });
    expect(round.ops).toBe(0);
    expect(world.smarty.stats().writes).toBe(0);
    expect(world.smarty.state.transactions.byId.size).toBe(payments.length - 1);
  });

  it('explain --refresh says a transaction cannot be read live instead of calling it missing', async () => {
    const x = await explainEntity(rt, 'smarty', 'transaction', payments[1]!, { refresh: true });
    expect(x.live).toBeUndefined();
    expect(x.unobservable).toContain('customer/transaction/list');
    const text = renderExplanation(x, rt.kinds);
    expect(text).not.toContain('the target does not have it');
    expect(text).toContain('live: not read');
  });
});
