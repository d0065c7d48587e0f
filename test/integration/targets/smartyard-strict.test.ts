/**
 * The SmartYard adapter against the server conditions the notes describe: the published HEAD
 * (devices_add/ and doors_add/ answer 422 to every call) and a database error that
 * devices_list/ hides behind an empty list.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmartyardEmulator, type SmartyardEmulator } from '../../../src/emulators/smartyard/index.js';
import { TargetRequestError } from '../../../src/model/errors.js';
import { smartyardTargetFactory } from '../../../src/targets/smartyard/index.js';
import type { Target } from '../../../src/targets/target.js';
import { silentLogger } from '../../../src/util/logger.js';
import { create, device, door, Ids, T } from './smartyard-support.js';

let emu: SmartyardEmulator;
let url: string;
let target: Target | undefined;

const makeTarget = (extra: Record<string, unknown> = {}): Target =>
  smartyardTargetFactory.create(T, { url, timeout_ms: 5000, ...extra }, { logger: silentLogger() });

async function rejection(p: Promise<unknown>): Promise<TargetRequestError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TargetRequestError);
  return err as TargetRequestError;
}

const CAM = { device_type: 1, title: 'Ленина 12 п1', address: 'Ленина 12', is_active: true };
const LOCK = { device_type: 3, title: 'Ленина 12 п1 замок', address: 'Ленина 12', domophoneid: 7, is_active: true };
const DOOR = { lock: 'p1:lock', cam: 'p1', entrance: 1, icon: 'entrance', name: 'Подъезд 1', open: 'http://relay/open', open_trait: null };

async function start(opts: Parameters<typeof createSmartyardEmulator>[0], extra: Record<string, unknown> = {}): Promise<void> {
  emu = createSmartyardEmulator(opts);
  url = await emu.start();
  target = makeTarget(extra);
}

afterEach(async () => {
  await target?.close();
  target = undefined;
  await emu?.stop();
});

describe('smartyard at the published HEAD (devices_add/ and doors_add/ answer 422)', () => {
  it('inventory_mode create: the 422 says to make devices by hand and switch to adopt_only', async () => {
    await start({ head: true });
    const err = await rejection(target!.execute(create(device('p1', CAM)), new Ids()));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/targets\.yard\.inventory_mode: adopt_only/);
  });

  it('inventory_mode adopt_only: adopts hand-made devices and doors by listing, never adds', async () => {
    await start({ head: true }, { inventory_mode: 'adopt_only' });
    const cam = emu.state.addDevice({ ...CAM });
    const lock = emu.state.addDevice({ device_type: 3, title: 'замок, руками', domophoneid: 7 });
    const ids = new Ids();
    const c = await target!.execute(create(device('p1', CAM)), ids);
    expect(c).toMatchObject({ remoteId: String(cam.device_id), adopted: { attrs: { title: CAM.title } } });
    ids.set('device', 'p1', c.remoteId);
    const l = await target!.execute(create(device('p1:lock', LOCK)), ids);
    expect(l.remoteId).toBe(String(lock.device_id));
    ids.set('device', 'p1:lock', l.remoteId);
    const d = emu.state.addDoor({ device_id: lock.device_id, cam: cam.device_id, entrance: 1, name: 'Подъезд 1', icon: 'entrance', open: 'x' });
    const r = await target!.execute(create(door('d1', DOOR)), ids);
    expect(r.remoteId).toBe(String(d.id));
    expect(emu.stats().byRoute.devices_add).toBeUndefined();
    expect(emu.stats().byRoute.doors_add).toBeUndefined();
  });

  it('inventory_mode adopt_only: a device or door nobody made fails with what to make by hand', async () => {
    await start({ head: true }, { inventory_mode: 'adopt_only' });
    emu.state.addDevice({ device_type: 1, title: 'другая камера', address: 'Мира 1' });
    const err = await rejection(target!.execute(create(device('p1', CAM)), new Ids()));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/adopt_only/);
    expect(err.message).toContain('Ленина 12 п1');
    const ids = new Ids().set('device', 'p1', emu.state.addDevice({ ...CAM }).device_id).set('device', 'p1:lock', emu.state.addDevice({ ...LOCK }).device_id);
    const doorErr = await rejection(target!.execute(create(door('d1', DOOR)), ids));
    expect(doorErr.message).toMatch(/adopt_only/);
    expect(doorErr.message).toContain('Подъезд 1');
    expect(emu.stats().writes).toBe(0);
  });

  it('rejects an unknown inventory_mode with the option path', () => {
    expect(() => smartyardTargetFactory.create(T, { url: 'http://127.0.0.1:1', inventory_mode: 'manual' }, { logger: silentLogger() })).toThrow(
      /create or adopt_only/,
    );
  });
});

describe('smartyard with its database down (devices_list/ answers an empty list)', () => {
  beforeEach(async () => {
    await start({});
  });

  it('never adds a device after an empty list it cannot confirm: no duplicate camera', async () => {
    const existing = emu.state.addDevice({ ...CAM });
    emu.setDatabaseDown(true);
    const err = await rejection(target!.execute(create(device('p1', CAM)), new Ids()));
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/database/);
    expect(emu.stats().byRoute.devices_add).toBeUndefined();
    emu.setDatabaseDown(false);
    const r = await target!.execute(create(device('p1', CAM)), new Ids());
    expect(r.remoteId).toBe(String(existing.device_id));
    expect(emu.state.devices.size).toBe(1);
  });

  it('still creates the first device of an empty server (the empty list is confirmed)', async () => {
    const r = await target!.execute(create(device('p1', CAM)), new Ids());
    expect(emu.state.devices.size).toBe(1);
    expect(r.remoteId).toBe(String([...emu.state.devices.keys()][0]));
  });

  it('does not report a device of the snapshot as gone on an empty list', async () => {
    const d = emu.state.addDevice({ ...CAM });
    emu.setDatabaseDown(true);
    const ids = new Ids().set('device', 'p1', d.device_id);
    await rejection(target!.observe('device', 'p1', String(d.device_id), ids));
  });
});

describe('smartyard check', () => {
  it('lists, reporting ok, and writes nothing', async () => {
    await start({});
    emu.state.addDevice({ ...CAM });
    const results = await target!.check!();
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['types_list/', 'ok'],
      ['devices_list/', 'ok'],
      ['doors_list/', 'ok'],
      ['inventory_mode', 'ok'],
    ]);
    expect(results[1]!.detail).toBe('1 devices');
    expect(emu.stats().writes).toBe(0);
  });

  it('reports adopt_only as the fallback in use', async () => {
    await start({ head: true }, { inventory_mode: 'adopt_only' });
    expect((await target!.check!()).at(-1)).toMatchObject({ name: 'inventory_mode', status: 'fallback' });
  });

  it('fails on a database that answers empty lists, naming the url option', async () => {
    await start({ databaseDown: true });
    const results = await target!.check!();
    expect(results).toEqual([expect.objectContaining({ name: 'types_list/', status: 'failed', fix: expect.stringMatching(/^targets\.yard\.url: /) })]);
  });

  it('fails on a server that is not there', async () => {
    await start({});
    await emu.stop();
    expect((await target!.check!())[0]).toMatchObject({ status: 'failed', fix: expect.stringMatching(/^targets\.yard\.url: /) });
  });
});
