import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmartyardEmulator, type SmartyardEmulator } from '../../../src/emulators/smartyard/index.js';
import { observeLive } from '../../../src/engine/observe-live.js';
import { TargetRequestError } from '../../../src/model/errors.js';
import { DEVICE_FIELDS, smartyardTargetFactory } from '../../../src/targets/smartyard/index.js';
import type { Target } from '../../../src/targets/target.js';
import { silentLogger } from '../../../src/util/logger.js';
import { openTempSqliteStore, type TempStore } from '../../support/temp-store.js';
import { create, del, device, door, Ids, member, planAndApply, redirectingProxy, rights, T, update, withoutKeyOf } from './smartyard-support.js';

let emu: SmartyardEmulator;
let url: string;
let target: Target;

const makeTarget = (base = url, extra: Record<string, unknown> = {}): Target =>
  smartyardTargetFactory.create(T, { url: base, timeout_ms: 5000, ...extra }, { logger: silentLogger() });

async function rejection(p: Promise<unknown>): Promise<TargetRequestError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TargetRequestError);
  return err as TargetRequestError;
}

const bodies = (route: string) => emu.requests().filter((r) => r.route === route).map((r) => r.body as Record<string, unknown>);

const CAM = { device_type: 1, title: 'Ленина 12 п1', address: 'Ленина 12', url: 'https://media/lenina12p1', stream: 'rtsp://admin:secret@10.0.0.5/1', latitude: '55.7558', longitude: '37.6173', is_active: true, record_days: 7 };
const LOCK = { device_type: 3, title: 'Ленина 12 п1 замок', address: 'Ленина 12', domophoneid: 1, sippassword: 'sip-secret', dtmf: '1', is_active: true };
const DOOR = { lock: 'p1:lock', cam: 'p1', entrance: 1, icon: 'entrance', name: 'Подъезд 1', open: 'http://admin:pw@10.0.0.5/open', open_trait: 'GET' };

beforeEach(async () => {
  emu = createSmartyardEmulator();
  url = await emu.start();
  target = makeTarget();
});
afterEach(async () => {
  await target.close();
  await emu.stop();
});

describe('smartyard target: devices', () => {
  it('creates with all 18 keys (null for unset) and records device_id; updates by full overwrite; deletes, tolerating gone', async () => {
    const ids = new Ids();
    const r = await target.execute(create(device('p1', CAM)), ids);
    const [created] = [...emu.state.devices.values()];
    expect(r).toEqual({ remoteId: String(created!.device_id) });
    const sent = bodies('devices_add')[0]!;
    expect(Object.keys(sent).sort()).toEqual([...DEVICE_FIELDS].sort());
    expect(sent).toMatchObject({ device_type: 1, latitude: '55.7558', domophoneid: null, panelpasswd: null });
    expect(created).toMatchObject({ title: 'Ленина 12 п1', latitude: '55.755800000', record_days: 7 });

    ids.set('device', 'p1', r.remoteId);
    await target.execute(update(device('p1', { ...CAM, title: 'Ленина 12 подъезд 1', record_days: null })), ids);
    expect(created).toMatchObject({ title: 'Ленина 12 подъезд 1', record_days: null, stream: CAM.stream });
    expect(Object.keys(bodies('devices_mod')[0]!).sort()).toEqual(['device_id', ...DEVICE_FIELDS].sort());

    await target.execute(del(device('p1'), r.remoteId!), ids);
    expect(emu.state.devices.size).toBe(0);
    await expect(target.execute(del(device('p1'), r.remoteId!), ids)).resolves.toEqual({});
    await expect(target.execute(del(device('never')), new Ids())).resolves.toEqual({});
  });

  it('adopts the device a lost answer left behind instead of adding a second', async () => {
    emu.failNext(1, { status: 0, route: 'devices_add', afterApply: true });
    const ids = new Ids();
    const err = await rejection(target.execute(create(device('p1', CAM)), ids));
    expect(err.retryable).toBe(true);
    expect(emu.state.devices.size).toBe(1);

    const r = await target.execute(create(device('p1', CAM)), ids);
    const [only] = [...emu.state.devices.values()];
    expect(emu.state.devices.size).toBe(1);
    expect(r.remoteId).toBe(String(only!.device_id));
    expect(r.adopted?.attrs).toMatchObject({ device_type: 1, title: CAM.title, latitude: '55.7558', longitude: '37.6173', stream: CAM.stream, domophoneid: null });
  });

  it('adopts by domophoneid, but never a device another entity holds, nor without the snapshot ids', async () => {
    const held = emu.state.addDevice({ device_type: 1, title: CAM.title, address: CAM.address });
    const byPanel = emu.state.addDevice({ device_type: 3, title: 'renamed by hand', domophoneid: 1 });
    const ids = new Ids().set('device', 'other-cam', held.device_id);

    const lock = await target.execute(create(device('p1:lock', LOCK)), ids);
    expect(lock.remoteId).toBe(String(byPanel.device_id));
    expect(lock.adopted?.attrs).toMatchObject({ title: 'renamed by hand', domophoneid: 1 });

    const cam = await target.execute(create(device('p1', CAM)), ids);
    expect(cam.adopted).toBeUndefined();
    expect(cam.remoteId).not.toBe(String(held.device_id));

    // Without keyOf nobody can say the listed twin is free: a new device rather than a shared one.
    const twin = await target.execute(create(device('p2', { ...CAM, title: 'twin' })), withoutKeyOf(ids));
    const again = await target.execute(create(device('p2', { ...CAM, title: 'twin' })), withoutKeyOf(ids));
    expect(again.remoteId).not.toBe(twin.remoteId);
    expect(emu.state.devices.size).toBe(5);
  });

  it("adopts its own device again when a create is re-run before the snapshot learned the id (a failed commit)", async () => {
    const ids = new Ids();
    const first = await target.execute(create(device('p1', CAM)), ids);
    // The store could not record the id; the next run plans the same create.
    const again = await target.execute(create(device('p1', CAM)), ids);
    expect(again.remoteId).toBe(first.remoteId);
    expect(emu.state.devices.size).toBe(1);
    // Still never another key's: a second entity describing the same device gets its own.
    const other = await target.execute(create(device('p1-copy', CAM)), ids);
    expect(other.remoteId).not.toBe(first.remoteId);
  });

  it('surfaces the server\'s 422 text and the route, not retryable', async () => {
    emu.state.addDevice({ device_type: 3, title: 'someone else', domophoneid: 1 });
    // The device holding domophoneid 1 is another entity's: no adoption, and the insert collides.
    const ids = new Ids().set('device', 'their-lock', 1);
    const err = await rejection(target.execute(create(device('p1:lock', LOCK)), ids));
    expect(err.retryable).toBe(false);
    expect(err.status).toBe(422);
    expect(err.message).toContain('devices_add/');
    expect(err.message).toContain('Ошибка запроса');
  });

  it('fails clearly on a device type that is not an integer', async () => {
    const err = await rejection(target.execute(create(device('p1', { device_type: 'cam' })), new Ids()));
    expect(err.message).toMatch(/device_type/);
    expect(emu.stats().writes).toBe(0);
  });
});

describe('smartyard target: doors', () => {
  async function devices(ids: Ids): Promise<{ cam: number; lock: number }> {
    const cam = emu.state.addDevice({ device_type: 1, title: 'cam' }).device_id;
    const lock = emu.state.addDevice({ device_type: 3, title: 'lock' }).device_id;
    ids.set('device', 'p1', cam).set('device', 'p1:lock', lock);
    return { cam, lock };
  }

  it('finds the id doors_add does not return by listing, leaving a held twin alone; updates and deletes', async () => {
    const ids = new Ids();
    const { cam, lock } = await devices(ids);
    const twin = emu.state.addDoor({ device_id: lock, cam, entrance: 1, name: 'Подъезд 1', icon: 'entrance', open: 'x' });
    ids.set('door', 'someone-elses', twin.id);

    const r = await target.execute(create(door('p1', DOOR)), ids);
    const mine = [...emu.state.doors.values()].find((d) => d.id !== twin.id)!;
    expect(r).toEqual({ remoteId: String(mine.id) });
    expect(mine).toMatchObject({ device_id: lock, cam, entrance: 1, icon: 'entrance', name: 'Подъезд 1', open: DOOR.open, open_trait: 'GET' });

    ids.set('door', 'p1', r.remoteId);
    await target.execute(update(door('p1', { ...DOOR, icon: 'wicket' })), ids);
    expect(mine.icon).toBe('wicket');
    expect(bodies('doors_mod')[0]).toMatchObject({ doors_id: mine.id, device_id: lock, cam });

    await target.execute(del(door('p1', DOOR), r.remoteId!), ids);
    expect(emu.state.doors.has(mine.id)).toBe(false);
    expect(emu.state.doors.has(twin.id)).toBe(true);
    await expect(target.execute(del(door('p1', DOOR), r.remoteId!), ids)).resolves.toEqual({});
  });

  it('adopts a free matching door (a lost answer) instead of adding a second', async () => {
    const ids = new Ids();
    const { cam, lock } = await devices(ids);
    const left = emu.state.addDoor({ device_id: lock, cam, entrance: 1, name: 'Подъезд 1', icon: 'gate', open: 'old' });
    const r = await target.execute(create(door('p1', DOOR)), ids);
    expect(r).toEqual({ remoteId: String(left.id), adopted: { attrs: { lock: 'p1:lock', cam: 'p1', entrance: 1, icon: 'gate', name: 'Подъезд 1', open: 'old', open_trait: null }, sets: {} } });
    expect(emu.state.doors.size).toBe(1);
  });

  it('adopts its own door again when a create is re-run before the snapshot learned the id', async () => {
    const ids = new Ids();
    await devices(ids);
    const first = await target.execute(create(door('p1', DOOR)), ids);
    const again = await target.execute(create(door('p1', DOOR)), ids);
    expect(again.remoteId).toBe(first.remoteId);
    expect(emu.state.doors.size).toBe(1);
  });

  it('fails retryably while a device has no id, and with the 422 text when the server refuses', async () => {
    const err = await rejection(target.execute(create(door('p1', DOOR)), new Ids().set('device', 'p1', 1)));
    expect(err.retryable).toBe(true);
    expect(err.message).toContain("'p1:lock'");
    expect(emu.stats().writes).toBe(0);

    // Ids the snapshot believes in but the server has lost: the foreign key refuses the door.
    const refused = await rejection(target.execute(create(door('p1', DOOR)), new Ids().set('device', 'p1', 41).set('device', 'p1:lock', 42)));
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain('doors_add/');
    expect(refused.message).toContain('Ошибка запроса');
  });
});

describe('smartyard target: rights', () => {
  it('adds a device only when rights_list does not show it, as an array', async () => {
    const a = emu.state.addDevice({ title: 'a' }).device_id;
    const b = emu.state.addDevice({ title: 'b' }).device_id;
    const ids = new Ids().set('device', 'a', a).set('device', 'b', b);
    emu.state.setRights(1001, [a]);

    await target.execute(member('add_member', 1001, 'a'), ids);
    expect(emu.stats().byRoute.rights_add ?? 0).toBe(0);
    await target.execute(member('add_member', 1001, 'b'), ids);
    await target.execute(member('add_member', 1001, 'b'), ids);
    expect(bodies('rights_add')).toEqual([{ uid: 1001, device_id: [b] }]);
    expect(emu.state.rights.get(1001)).toEqual([a, b]);
  });

  it('removes with an array of strings, exactly that id (not 11 for 1)', async () => {
    for (let i = 1; i <= 11; i++) emu.state.addDevice({ title: `d${i}` });
    const ids = new Ids().set('device', 'd1', 1).set('device', 'd11', 11);
    emu.state.setRights(1001, [1, 11, 1]);

    await target.execute(member('remove_member', 1001, 'd1'), ids);
    expect(bodies('rights_del')).toEqual([{ uid: 1001, device_id: ['1'] }]);
    expect(emu.state.rights.get(1001)).toEqual([11]);
    // A device billsync has no id for: nothing it could name, so already gone.
    await expect(target.execute(member('remove_member', 1001, 'unknown'), ids)).resolves.toEqual({});
    // An `#<id>` member from a live plan names the id itself.
    await target.execute(member('remove_member', 1001, '#11'), ids);
    expect(emu.state.rights.get(1001)).toEqual([]);
  });

  it('fails retryably when a member device has no id yet', async () => {
    const err = await rejection(target.execute(member('add_member', 1001, 'p1'), new Ids()));
    expect(err.retryable).toBe(true);
    expect(emu.stats().writes).toBe(0);
  });

  it('create reports the devices of ours a contract already has; delete takes ours, also past a dangling id, and leaves one given by hand', async () => {
    const a = emu.state.addDevice({ title: 'a' }).device_id;
    const b = emu.state.addDevice({ title: 'b' }).device_id;
    const stranger = emu.state.addDevice({ title: 'by hand' }).device_id;
    const ids = new Ids().set('device', 'a', a).set('device', 'b', b);
    emu.state.setRights(1001, [a, stranger]);

    expect(await target.execute(create(rights(1001, ['a', 'b'])), ids)).toEqual({ remoteId: '1001', adopted: { attrs: {}, sets: { devices: ['a'] } } });
    expect(await target.execute(create(rights(1002, ['a'])), ids)).toEqual({ remoteId: '1002' });
    expect(emu.stats().writes).toBe(0);

    // 99 was deleted: rights_list stops there and never shows b. The stranger was given by hand.
    emu.state.setRights(1001, [a, stranger, 99, b]);
    await target.execute(del(rights(1001, ['a', 'b']), '1001'), ids);
    expect(bodies('rights_del')).toEqual([{ uid: 1001, device_id: [String(a), String(b)] }]);
    expect(emu.state.rights.get(1001)).toEqual([stranger, 99]);
  });
});

describe('smartyard target: observe', () => {
  it('reads devices and doors normalised, and rights as our keys with #<id> for others', async () => {
    const cam = emu.state.addDevice({ device_type: 1, title: 'cam', latitude: 55.7558, longitude: 37.6173, dtmf: 1234, panelip: '10.0.0.5', is_active: false });
    const lock = emu.state.addDevice({ device_type: 3, title: 'lock' });
    const d = emu.state.addDoor({ device_id: lock.device_id, cam: cam.device_id, entrance: 2, name: 'Подъезд 2', open: 'x' });
    const ids = new Ids().set('device', 'p1', cam.device_id).set('door', 'p1', d.id);
    emu.state.setRights(1001, [cam.device_id, lock.device_id, cam.device_id]);

    expect((await target.observe('device', 'p1', String(cam.device_id), ids))?.attrs).toMatchObject({
      device_type: 1,
      latitude: '55.7558',
      longitude: '37.6173',
      dtmf: '1234',
      panelip: '10.0.0.5',
      is_active: false,
      url: null,
    });
    expect(await target.observe('device', 'gone', '999', ids)).toBeNull();
    expect(await target.observe('device', 'never', null, ids)).toBeNull();
    expect((await target.observe('door', 'p1', String(d.id), ids))?.attrs).toEqual({
      lock: `#${lock.device_id}`,
      cam: 'p1',
      entrance: 2,
      icon: 'entrance',
      name: 'Подъезд 2',
      open: 'x',
      open_trait: null,
    });
    expect((await target.observe('rights', '1001', '1001', ids))?.sets).toEqual({ devices: [`#${lock.device_id}`, 'p1'] });
    expect((await target.observe('rights', '1002', null, ids))?.sets).toEqual({ devices: [] });
  });

  it('lists only the devices and doors the snapshot holds, and refuses an empty device list', async () => {
    const ours = emu.state.addDevice({ title: 'ours', latitude: '45.123456780' });
    emu.state.addDevice({ title: 'not ours' });
    const ids = new Ids().set('device', 'p1', ours.device_id);
    const pages = [];
    for await (const page of target.observeAll!('device', ids)) pages.push(...page);
    expect(pages.map((e) => [e.key, e.attrs.title, e.attrs.latitude])).toEqual([['p1', 'ours', '45.12345678']]);
    expect(target.listedKinds).toEqual(['device', 'door']);

    emu.state.devices.clear();
    const err = await rejection(
      (async () => {
        for await (const _ of target.observeAll!('device', ids)) void _;
      })(),
    );
    expect(err.retryable).toBe(true);
  });
});

describe('smartyard target: transport', () => {
  it('sends the bearer token when configured and always the trailing slash', async () => {
    const t = makeTarget(url, { token: 'tok' });
    await t.observe('rights', '1', null, new Ids());
    await t.close();
    const req = emu.requests().at(-1)!;
    expect(req).toMatchObject({ url: '/bill/api/rights_list/', authorization: 'Bearer tok', contentType: 'application/json', body: { uid: 1 } });
    expect(emu.stats().redirects).toBe(0);
  });

  it('follows one 308 from a path-rewriting proxy', async () => {
    const proxy = await redirectingProxy(url);
    const t = makeTarget(`${proxy.url}/legacy`);
    try {
      const r = await t.execute(create(device('p1', CAM)), new Ids());
      expect(r.remoteId).toBe(String([...emu.state.devices.keys()][0]));
      expect(emu.state.devices.size).toBe(1);
    } finally {
      await t.close();
      await proxy.close();
    }
  });

  it('classifies 5xx and 429 as retryable (with Retry-After) and goes on after them', async () => {
    emu.failNext(1, { status: 503, route: 'rights_list' });
    const e503 = await rejection(target.observe('rights', '1', null, new Ids()));
    expect(e503).toMatchObject({ retryable: true, status: 503 });
    expect(e503.message).toContain('rights_list/');

    emu.failNext(1, { status: 500, route: 'devices_mod' });
    const ids = new Ids().set('device', 'p1', emu.state.addDevice({ title: 'x' }).device_id);
    expect(await rejection(target.execute(update(device('p1', CAM)), ids))).toMatchObject({ retryable: true, status: 500 });
    await target.execute(update(device('p1', CAM)), ids);
    expect(emu.state.devices.get(1)?.title).toBe(CAM.title);

    emu.failNext(1, { status: 429, route: 'rights_add' });
    expect(await rejection(target.execute(member('add_member', 1001, 'p1'), ids))).toMatchObject({ retryable: true, status: 429 });

    // A non-JSON 200 where JSON is due is a failure, not an empty success.
    emu.failNext(1, { status: 200, route: 'devices_list', body: '<html>login</html>' });
    const html = await rejection(target.observe('device', 'p1', '1', ids));
    expect(html.retryable).toBe(false);
    expect(html.message).toContain('devices_list/');
  });
});

describe('smartyard target: plan and apply', () => {
  let temp: TempStore;
  beforeEach(async () => {
    temp = await openTempSqliteStore();
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  it('creates devices, then the door and rights; a second run writes nothing; removing a device takes it out of rights first', async () => {
    const inventory = [device('p1', CAM), device('p1:lock', LOCK), door('p1', DOOR), device('gate', { device_type: 3, title: 'Ворота', address: 'Ленина 12', is_active: true })];
    const desired = [...inventory, rights(1001, ['p1', 'p1:lock', 'gate']), rights(1002, ['gate'])];
    const first = await planAndApply(target, temp.store, desired);
    expect(first.failed).toEqual([]);
    const id = (kind: string, key: string) => first.snapshot.find((e) => e.kind === kind && e.key === key)?.remoteId;
    const gate = Number(id('device', 'gate'));
    expect(emu.state.devices.size).toBe(3);
    expect([...emu.state.doors.values()]).toEqual([expect.objectContaining({ id: Number(id('door', 'p1')), device_id: Number(id('device', 'p1:lock')), cam: Number(id('device', 'p1')) })]);
    expect([...emu.state.rights.get(1001)!].sort()).toEqual([Number(id('device', 'p1')), Number(id('device', 'p1:lock')), gate].sort());
    expect(emu.state.rights.get(1002)).toEqual([gate]);

    emu.resetStats();
    expect((await planAndApply(target, temp.store, desired)).ops).toEqual([]);
    expect(emu.stats().writes).toBe(0);

    // A refresh lists devices and doors once each and reads rights per contract, in our keys.
    const live = await observeLive(target, first.snapshot, {});
    expect(emu.stats().byRoute).toMatchObject({ devices_list: 1, doors_list: 1, rights_list: 2 });
    expect(live.byKind.get('device')?.get('p1')?.attrs).toMatchObject({ title: CAM.title, latitude: '55.7558', stream: CAM.stream });
    expect(live.byKind.get('door')?.get('p1')?.attrs).toMatchObject({ lock: 'p1:lock', cam: 'p1' });
    expect(live.byKind.get('rights')?.get('1001')?.sets).toEqual({ devices: ['gate', 'p1', 'p1:lock'] });

    const third = await planAndApply(target, temp.store, [...inventory.filter((e) => e.key !== 'gate'), rights(1001, ['p1', 'p1:lock']), rights(1002, [])]);
    expect(third.failed).toEqual([]);
    expect(third.ops.indexOf('delete device gate')).toBeGreaterThan(third.ops.indexOf('remove_member rights 1001 gate'));
    expect(emu.state.devices.has(gate)).toBe(false);
    expect(emu.state.rights.get(1001)).not.toContain(gate);
    expect(emu.state.rights.get(1002)).toEqual([]);
    // No dangling id left: rights_list shows the whole set.
    expect((await target.observe('rights', '1001', '1001', new Ids()))?.sets.devices).toHaveLength(2);
  });
});
