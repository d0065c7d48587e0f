import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmartyEmulator, type SmartyEmulator } from '../../../src/emulators/smarty/index.js';
import type { Entity, SnapshotEntity } from '../../../src/model/entity.js';
import { TargetRequestError } from '../../../src/model/errors.js';
import type { Op } from '../../../src/model/op.js';
import { smartyTargetFactory } from '../../../src/targets/smarty/index.js';
import type { ExecuteContext, Target } from '../../../src/targets/target.js';
import { silentLogger } from '../../../src/util/logger.js';

const KEY = 'dev-key';
const ctx: ExecuteContext = { remoteIdOf: () => null };
let emu: SmartyEmulator;
let target: Target;
let seq = 0;

const device = (mac: string, abonement: string): Entity => ({ target: 'tv', kind: 'device', key: mac, attrs: { system_name: 'mag' }, sets: {}, parent: { kind: 'account', key: abonement } });
const tx = (key: string, customer: string): Entity => ({ target: 'tv', kind: 'transaction', key, attrs: { amount: '250.00', date: '2026-12-01T10:00:00Z', comment: null, processed: true }, sets: {}, parent: { kind: 'customer', key: customer } });
const create = (e: Entity): Op => ({ seq: ++seq, target: 'tv', kind: e.kind, key: e.key, after: [], type: 'create', entity: e });
const del = (e: Entity): Op => ({ seq: ++seq, target: 'tv', kind: e.kind, key: e.key, after: [], type: 'delete', before: { ...e, remoteId: null, hash: '' } as SnapshotEntity });

beforeEach(async () => {
  emu = createSmartyEmulator({ clientId: 5, apiKey: KEY });
  const url = await emu.start();
  target = smartyTargetFactory.create('tv', { url, client_id: 5, api_key: KEY }, { logger: silentLogger() });
  const a = emu.state.addCustomer({ ext_id: 'c1' });
  const b = emu.state.addCustomer({ ext_id: 'c2' });
  emu.state.addAccount({ customer_id: a.id, abonement: 100 });
  emu.state.addAccount({ customer_id: b.id, abonement: 200 });
});
afterEach(async () => {
  await target.close();
  await emu.stop();
});

describe('smarty target: devices', () => {
  it('binds, adopts its own device on error 4, and never takes one bound to another account', async () => {
    const made = await target.execute(create(device('00:1a:79:00:00:01', '100')), ctx);
    expect(made.remoteId).toMatch(/^\d+$/);
    // A second create (a crash after the call, before the snapshot) adopts.
    expect((await target.execute(create(device('00:1a:79:00:00:01', '100')), ctx)).remoteId).toBe(made.remoteId);
    const err = await target.execute(create(device('00:1A:79:00:00:01', '200')), ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetRequestError);
    expect((err as TargetRequestError).message).toMatch(/bound to another Smarty account.*never takes/);
    expect([...emu.state.devices.byId.values()].map((d) => d.account_id)).toEqual([emu.state.accountByAbon(100)!.id]);
  });

  it('deletes only from the account the snapshot names; one rebound elsewhere meanwhile is left alone', async () => {
    await target.execute(create(device('00:1a:79:00:00:02', '200')), ctx);
    await target.execute(del(device('00:1a:79:00:00:02', '100')), ctx);
    expect(emu.state.devices.byDeviceUid('00:1a:79:00:00:02')).toBeDefined();
    await target.execute(del(device('00:1a:79:00:00:02', '200')), ctx);
    expect(emu.state.devices.byDeviceUid('00:1a:79:00:00:02')).toBeUndefined();
  });

  it('observes a device through the account that holds it', async () => {
    await target.execute(create(device('00:1a:79:00:00:03', '200')), ctx);
    expect(await target.observe('device', '00:1a:79:00:00:03', null)).toMatchObject({ parent: { kind: 'account', key: '200' } });
    expect(await target.observe('device', '00:1a:79:00:00:99', null)).toBeNull();
  });
});

describe('smarty target: transactions', () => {
  it('sends a payment once: a repeat is error 1, adopted, and the balance counts it once', async () => {
    await target.execute(create(tx('hydra-1', 'c1')), ctx);
    await target.execute(create(tx('hydra-1', 'c1')), ctx);
    expect(emu.state.transactions.ofCustomer(emu.state.customerByExt('c1')!.id).map((t) => [t.ext_id, t.amount, t.processed])).toEqual([['hydra-1', '250.00', true]]);
    expect(emu.requests().filter((r) => r.method === 'transaction/create').map((r) => r.error)).toEqual([0, 1]);
  });

  it('plans nothing for tariffs in transactional mode, and keeps old payments out of scope', async () => {
    const t = smartyTargetFactory.create('tv', { url: 'http://127.0.0.1:1/billing/api', client_id: 5, api_key: KEY, mode: 'transactional', transactions: { window_days: 30 } }, { logger: silentLogger() });
    const customer: Entity = { target: 'tv', kind: 'customer', key: 'c1', attrs: {}, sets: { tariffs: ['2'] } };
    expect(t.desiredFor!(customer).sets).toEqual({});
    expect(t.inScope!(tx('x', 'c1'))).toBe(new Date('2026-12-01T10:00:00Z').getTime() >= Date.now() - 30 * 86_400_000);
    expect(t.inScope!({ ...tx('y', 'c1'), attrs: { date: '2001-01-01T00:00:00Z' } })).toBe(false);
    await t.close();
  });
});
