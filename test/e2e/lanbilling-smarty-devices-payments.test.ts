/**
 * LANBilling → Smarty with set-top boxes and payments, end to end over real sockets: a MAC bound
 * to an account entry (getVgroup → macstaff[]) binds to the entry's Smarty account; when billing
 * moves the MAC to another entry it is removed from the old account and then added to the new
 * one (in that order); a payment booked on the entry's agreement (getPayments) reaches Smarty
 * once however many times billsync runs, and an annulled one never does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { silentLogger } from '../../src/util/logger.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { AGENT_TV, type LbVgroupRecord } from '../../src/emulators/lanbilling/index.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';
import { enableLists } from '../support/lists-mapping.js';

let world: EmulatedWorld;
let rt: Runtime;

async function openWithDevicesAndPayments(): Promise<Runtime> {
  await enableLists(world.config, 'lanbilling', 'lanbilling-smarty', 'lb-');
  return openRuntime(await loadConfig(world.config, world.env), { logger: silentLogger() });
}

async function sync(): Promise<Awaited<ReturnType<typeof applyPlan>>> {
  const made = await makePlan(rt);
  return applyPlan(rt, made.plan, { snapshots: made.snapshots });
}

beforeEach(async () => {
  world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 40, seed: 11, pairs: ['lanbilling-smarty'] });
  rt = await openWithDevicesAndPayments();
});
afterEach(async () => {
  await rt?.close();
  await world?.close();
});

/** TV entries Smarty has an account for after a sync, the agreement's payment owner first if asked. */
function synced(ownersOnly = false): LbVgroupRecord[] {
  const all = world.lanbilling.state.all();
  const owns = (v: LbVgroupRecord): boolean => !all.some((x) => x.agrmid === v.agrmid && x.vgid < v.vgid && x.agentId === AGENT_TV && !x.template && !x.archive);
  return all.filter((v) => v.agentId === AGENT_TV && v.agrmid > 0 && world.smarty.state.accountByAbon(v.vgid) && (!ownersOnly || owns(v)));
}

describe('LANBilling → Smarty: set-top boxes and payments', () => {
  it('binds an entry’s box, then moves it with the billing: removed from the old account before it is added to the new one', async () => {
    expect((await sync()).failed).toEqual([]);
    const [a, b] = synced();
    expect(b).toBeDefined();
    world.lanbilling.state.bindMac(a!.vgid, '00-1A-79-12-34-56');
    expect((await sync()).failed).toEqual([]);
    const accountA = world.smarty.state.accountByAbon(a!.vgid)!;
    expect(world.smarty.state.devices.byDeviceUid('00:1a:79:12:34:56')?.account_id).toBe(accountA.id);

    world.lanbilling.state.moveMac('00:1a:79:12:34:56', b!.vgid);
    world.smarty.resetStats();
    const made = await makePlan(rt);
    const moves = made.plan.ops.filter((o) => o.kind === 'device');
    expect(moves.map((o) => o.type)).toEqual(['delete', 'create']);
    expect(moves[1]!.after).toContain(moves[0]!.seq);
    expect((await applyPlan(rt, made.plan, { snapshots: made.snapshots })).failed).toEqual([]);
    const calls = world.smarty.requests().map((r) => r.method).filter((m) => m?.startsWith('account/device/'));
    expect(calls).toEqual(['account/device/delete', 'account/device/create']);
    const accountB = world.smarty.state.accountByAbon(b!.vgid)!;
    expect(world.smarty.state.devices.byDeviceUid('00:1a:79:12:34:56')?.account_id).toBe(accountB.id);
    expect((await makePlan(rt)).plan.ops).toEqual([]);
  }, 60_000);

  it('puts an agreement payment on Smarty once across runs, and never an annulled one', async () => {
    expect((await sync()).failed).toEqual([]);
    const [a] = synced(true);
    const paid = world.lanbilling.state.addPayment(a!.agrmid, 500, new Date(Date.now() - 3_600_000), 'Сбербанк');
    const annulled = world.lanbilling.state.addPayment(a!.agrmid, 700, new Date(Date.now() - 3_600_000));
    world.lanbilling.state.cancelPayment(annulled);
    world.smarty.resetStats();
    for (let i = 0; i < 3; i++) expect((await sync()).failed).toEqual([]);
    expect(world.smarty.requests().filter((r) => r.method === 'transaction/create').map((r) => r.error ?? 0)).toEqual([0]);
    const customer = world.smarty.state.customerByExt(String(a!.vgid))!;
    const txs = world.smarty.state.transactions.ofCustomer(customer.id);
    expect(txs.map((t) => [t.ext_id, t.amount])).toEqual([[`lb-${paid}`, '500.00']]);
    expect((await makePlan(rt)).plan.ops).toEqual([]);
  }, 60_000);
});
