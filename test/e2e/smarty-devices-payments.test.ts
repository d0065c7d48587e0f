/**
 * Hydra → Smarty with set-top boxes and payments, end to end over real sockets: a customer's
 * STB MAC binds to its account; when billing hands the box to another customer it is removed
 * from the old account and then added to the new one (in that order); a payment made in billing
 * reaches Smarty once however many times billsync runs, and also when an apply dies after
 * Smarty took the payment but before billsync recorded it (the re-send is error 1, adopted).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { silentLogger } from '../../src/util/logger.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { SUBJ_STATE } from '../../src/emulators/hydra/index.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';
import { enableLists } from '../support/lists-mapping.js';

let world: EmulatedWorld;
let rt: Runtime;

async function openWithDevicesAndPayments(): Promise<Runtime> {
  await enableLists(world.config, 'hydra', 'hydra-smarty', 'hydra-');
  return openRuntime(await loadConfig(world.config, world.env), { logger: silentLogger() });
}

async function sync(): Promise<Awaited<ReturnType<typeof applyPlan>>> {
  const made = await makePlan(rt);
  return applyPlan(rt, made.plan, { snapshots: made.snapshots });
}

beforeEach(async () => {
  world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 12, seed: 11, nonNumericAccountShare: 0, pairs: ['hydra-smarty'] });
  rt = await openWithDevicesAndPayments();
});
afterEach(async () => {
  await rt?.close();
  await world?.close();
});

function twoActive(): [number, number] {
  const ok = world.hydra.state.all().filter((c) => c.stateId === SUBJ_STATE.on && /^\d+$/.test(c.account));
  return [ok[0]!.id, ok[1]!.id];
}

describe('Hydra → Smarty: set-top boxes and payments', () => {
  it('binds a box, then moves it with the billing: removed from the old account before it is added to the new one', async () => {
    const [a, b] = twoActive();
    world.hydra.state.bindEquipment(a, '00-1A-79-12-34-56', 'SN1');
    expect((await sync()).failed).toEqual([]);
    const accountA = world.smarty.state.accountByAbon(Number(world.hydra.state.get(a)!.account))!;
    expect(world.smarty.state.devices.byDeviceUid('00:1a:79:12:34:56')?.account_id).toBe(accountA.id);

    world.hydra.state.moveEquipment('00:1a:79:12:34:56', b);
    world.smarty.resetStats();
    const made = await makePlan(rt);
    const moves = made.plan.ops.filter((o) => o.kind === 'device');
    expect(moves.map((o) => o.type)).toEqual(['delete', 'create']);
    expect(moves[1]!.after).toContain(moves[0]!.seq);
    expect((await applyPlan(rt, made.plan, { snapshots: made.snapshots })).failed).toEqual([]);
    const calls = world.smarty.requests().map((r) => r.method).filter((m) => m?.startsWith('account/device/'));
    expect(calls).toEqual(['account/device/delete', 'account/device/create']);
    const accountB = world.smarty.state.accountByAbon(Number(world.hydra.state.get(b)!.account))!;
    expect(world.smarty.state.devices.byDeviceUid('00:1a:79:12:34:56')?.account_id).toBe(accountB.id);
    expect((await makePlan(rt)).plan.ops).toEqual([]);
  });

  it('puts a billing payment on Smarty once, across runs and an apply that died after Smarty took it', async () => {
    const [a] = twoActive();
    expect((await sync()).failed).toEqual([]);
    const docId = world.hydra.state.addPayment(a, 500, new Date());
    const customer = world.smarty.state.customerByExt(String(a))!;
    // An apply that died after Smarty took the payment, before the snapshot recorded it: Smarty
    // has it already (as the lost call left it), billsync does not know.
    world.smarty.state.transactions.add({ ext_id: `hydra-${docId}`, customer_id: customer.id, amount: '500.00', processed: true, comment: '' });
    for (let i = 0; i < 3; i++) expect((await sync()).failed).toEqual([]);
    expect(world.smarty.requests().filter((r) => r.method === 'transaction/create').map((r) => r.error)).toEqual([1]);
    const txs = world.smarty.state.transactions.ofCustomer(customer.id);
    expect(txs.map((t) => [t.ext_id, t.amount])).toEqual([[`hydra-${docId}`, '500.00']]);
    expect((await makePlan(rt)).plan.ops).toEqual([]);
  });
});
