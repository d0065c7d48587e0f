import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmartyardEmulator, DEFAULT_TOKEN, type SmartyardEmulator } from '../../../src/emulators/smartyard/index.js';

let emu: SmartyardEmulator;
let base: string;

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
  readonly location: string | null;
  /** The parsed JSON, or the text when it is not JSON. */
  readonly body: unknown;
}

/** Raw calls, independent of the target's client, so the server is tested alone. */
async function raw(path: string, init: { method?: string; body?: string; contentType?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.contentType) headers['content-type'] = init.contentType;
  const res = await fetch(`${base}/bill/api/${path}`, { method: init.method ?? 'POST', headers, body: init.body, redirect: 'manual' });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // text and HTML answers stay text
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, location: res.headers.get('location'), body };
}

const post = (path: string, body?: unknown) =>
  raw(path, body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' });

const DEVICE = {
  device_type: 1,
  url: 'https://media.example.net/cam1',
  stream: 'rtsp://user:pw@10.1.0.5/stream',
  is_active: true,
  title: 'Подъезд 1',
  address: 'ул. Ленина, 1',
  longitude: 37.6173,
  latitude: 55.755826,
  record_days: 7,
  domophoneid: null,
  monitorid: null,
  sippassword: null,
  dtmf: null,
  camshot: null,
  paneltype: null,
  panelip: null,
  panellogin: null,
  panelpasswd: null,
};

async function addDevice(extra: Record<string, unknown> = {}): Promise<number> {
  const r = await post('devices_add/', { ...DEVICE, ...extra });
  expect(r.status).toBe(200);
  return (r.body as { device_id: number }).device_id;
}

const REQUEST_ERROR = { status: 422, text: 'Ошибка запроса' };

beforeEach(async () => {
  emu = createSmartyardEmulator();
  base = await emu.start();
});
afterEach(async () => {
  await emu.stop();
});

describe('smartyard emulator: transport', () => {
  it('redirects a path without its trailing slash with 308 to the slashed URL, keeping the query', async () => {
    const r = await raw('devices_list?x=1');
    expect(r.status).toBe(308);
    expect(r.location).toBe(`${base}/bill/api/devices_list/?x=1`);
    expect(emu.stats()).toMatchObject({ redirects: 1, reads: 0, writes: 0 });
    // fetch follows a 308 with the same method and body.
    const followed = await fetch(`${base}/bill/api/rights_list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"uid":1}' });
    expect(followed.status).toBe(200);
    expect(await followed.json()).toEqual({ rights: [] });
  });

  it('answers only POST on a route; unknown paths get the app-wide JSON 404', async () => {
    expect((await raw('devices_list/', { method: 'GET' })).status).toBe(405);
    expect(await raw('nothing/')).toMatchObject({ status: 404, body: { error: 'пользователь не найден' } });
    expect((await raw('devices_list', { method: 'GET' })).status).toBe(404);
    expect(emu.stats().notFound).toBe(3);
  });

  it('auth/ hands out a constant token whatever the body; no route checks it but the log keeps it', async () => {
    expect(await raw('auth/', { body: 'not json', contentType: 'text/plain' })).toMatchObject({ status: 200, body: { token: DEFAULT_TOKEN } });
    expect((await post('auth/', [{ username: 'u', password: 'p' }])).body).toEqual({ token: DEFAULT_TOKEN });
    const r = await raw('devices_list/', { headers: { authorization: 'Bearer wrong' } });
    expect(r.status).toBe(200);
    expect(emu.requests().at(-1)).toMatchObject({ route: 'devices_list', authorization: 'Bearer wrong', status: 200 });
  });

  it('parses bodies like Flask: non-JSON type or malformed JSON → 400 HTML, falsy JSON → 422 JSON', async () => {
    const notJson = await raw('rights_list/', { body: '{"uid":1}', contentType: 'text/plain' });
    expect(notJson.status).toBe(400);
    expect(notJson.text).toMatch(/<title>400 Bad Request<\/title>/);
    expect((await raw('rights_list/', { body: '{"uid":', contentType: 'application/json' })).status).toBe(400);
    expect((await raw('rights_list/', { body: '', contentType: 'application/json' })).status).toBe(400);
    for (const falsy of [{}, [], 0, '', null]) {
      const r = await post('rights_list/', falsy);
      expect(r.status).toBe(422);
      expect(r.contentType).toMatch(/application\/json/);
      expect(r.body).toMatchObject({ code: 422, name: 'Unprocessable Entity' });
      expect(typeof (r.body as { message: unknown }).message).toBe('string');
    }
    // A truthy body that is not an object fails inside the guarded block: 422 plain text.
    expect(await post('rights_list/', [1])).toMatchObject(REQUEST_ERROR);
    expect(await post('rights_list/', { uid: 'abc' })).toMatchObject(REQUEST_ERROR);
    // application/*+json counts as JSON.
    expect((await raw('rights_list/', { body: '{"uid":1}', contentType: 'application/merge-patch+json; charset=utf-8' })).status).toBe(200);
  });

  it('routes that ignore the body accept any body, malformed included', async () => {
    expect((await raw('devices_list/', { body: '{"uid":', contentType: 'application/json' })).status).toBe(200);
    expect((await post('types_list/', { uid: 1 })).status).toBe(200);
  });
});

describe('smartyard emulator: types and devices', () => {
  it('lists the types 1 cam, 2 newcam, 3 lock', async () => {
    expect((await post('types_list/')).body).toEqual({
      types: [
        { id: 1, type: 'cam' },
        { id: 2, type: 'newcam' },
        { id: 3, type: 'lock' },
      ],
    });
  });

  it('devices_add answers the new id; devices_list shows coordinates as 9-decimal strings and panelip as a string', async () => {
    const id = await addDevice({ panelip: '10.1.0.5', domophoneid: 1, dtmf: '1', longitude: '-122.5' });
    const r = await post('devices_add/', { ...DEVICE, title: 'Замок', device_type: 3, latitude: 0 });
    expect(r).toMatchObject({ status: 200, body: { message: 'создано', device_id: id + 1 } });
    const list = (await post('devices_list/')).body as { devices: Record<string, unknown>[] };
    expect(list.devices).toHaveLength(2);
    expect(list.devices[0]).toEqual({
      ...DEVICE,
      device_id: id,
      longitude: '-122.500000000',
      latitude: '55.755826000',
      panelip: '10.1.0.5',
      domophoneid: 1,
      dtmf: 1,
    });
    // str(Decimal) of a zero with scale 9 is scientific.
    expect(list.devices[1]).toMatchObject({ device_type: 3, latitude: '0E-9', longitude: '37.617300000' });
  });

  it('casts values as the PostgreSQL columns do and answers them back in their stored form', async () => {
    const id = await addDevice({ latitude: 0.000000123, longitude: '-0.0000005', is_active: 'yes', panelip: '10.0.0.1/32', dtmf: 2.5 });
    const other = await addDevice({ latitude: '  12.3456789014 ', longitude: 1e-3, is_active: 'f', panelip: '10.0.0.0/24', record_days: ' 30 ' });
    expect(emu.state.devices.get(id)).toMatchObject({ latitude: '1.23E-7', longitude: '-5.00E-7', is_active: true, panelip: '10.0.0.1', dtmf: 3 });
    expect(emu.state.devices.get(other)).toMatchObject({ latitude: '12.345678901', longitude: '0.001000000', is_active: false, panelip: '10.0.0.0/24', record_days: 30 });
    expect(await post('devices_add/', { ...DEVICE, dtmf: '#' })).toMatchObject(REQUEST_ERROR);
    expect(await post('devices_add/', { ...DEVICE, title: { a: 1 } })).toMatchObject(REQUEST_ERROR);
    expect(await post('devices_add/', { ...DEVICE, record_days: true })).toMatchObject(REQUEST_ERROR);
    expect(await post('devices_add/', { ...DEVICE, is_active: null })).toMatchObject(REQUEST_ERROR);
  });

  it('devices_add requires all 18 keys and refuses what the columns refuse, with 422 text', async () => {
    const { panelpasswd: _p, ...missing } = DEVICE;
    expect(await post('devices_add/', missing)).toMatchObject(REQUEST_ERROR);
    expect(await post('devices_add/', { ...DEVICE, is_active: 1 })).toMatchObject(REQUEST_ERROR);
    expect(await post('devices_add/', { ...DEVICE, panelip: '' })).toMatchObject(REQUEST_ERROR);
    expect(await post('devices_add/', { ...DEVICE, panelip: 'None' })).toMatchObject(REQUEST_ERROR);
    expect(await post('devices_add/', { ...DEVICE, latitude: 1000 })).toMatchObject(REQUEST_ERROR);
    expect(await post('devices_add/', { ...DEVICE, device_type: 9 })).toMatchObject(REQUEST_ERROR);
    expect(await post('devices_add/', { ...DEVICE, stream: `rtsp://${'x'.repeat(60)}` })).toMatchObject(REQUEST_ERROR);
    expect(emu.state.devices.size).toBe(0);
  });

  it('keeps domophoneid and monitorid unique (NULLs never collide); a refused insert still uses up an id', async () => {
    const a = await addDevice({ domophoneid: 1, monitorid: 7 });
    await addDevice();
    expect(await post('devices_add/', { ...DEVICE, domophoneid: 1 })).toMatchObject(REQUEST_ERROR);
    expect(await post('devices_add/', { ...DEVICE, monitorid: 7 })).toMatchObject(REQUEST_ERROR);
    const next = await addDevice({ domophoneid: 2 });
    expect(next).toBe(a + 4);
  });

  it('devices_mod overwrites every field, needs them all, and answers "" for an unknown id', async () => {
    const id = await addDevice({ domophoneid: 1 });
    const other = await addDevice({ domophoneid: 2 });
    const mod = await post('devices_mod/', { ...DEVICE, device_id: id, title: 'Новое', domophoneid: 1, record_days: 0 });
    expect(mod).toMatchObject({ status: 200, text: '' });
    expect(mod.contentType).toMatch(/text\/html/);
    expect(emu.state.devices.get(id)).toMatchObject({ title: 'Новое', record_days: 0 });
    expect(await post('devices_mod/', { device_id: id, title: 'x' })).toMatchObject(REQUEST_ERROR);
    expect(await post('devices_mod/', { ...DEVICE, device_id: other, domophoneid: 1 })).toMatchObject(REQUEST_ERROR);
    expect(await post('devices_mod/', { ...DEVICE, device_id: 999 })).toMatchObject({ status: 200, text: '' });
    expect(emu.state.devices.size).toBe(2);
  });
});

describe('smartyard emulator: doors', () => {
  it('doors_add answers "" and the id is found by listing; doors_mod and doors_del by doors_id', async () => {
    const lock = await addDevice({ device_type: 3 });
    const cam = await addDevice();
    const door = { device_id: lock, cam, entrance: 1, icon: 'entrance', name: 'Подъезд 1', open: 'http://10.1.0.5/relay?open=1', open_trait: null };
    expect(await post('doors_add/', door)).toMatchObject({ status: 200, text: '' });
    const listed = (await post('doors_list/')).body as { doors: Record<string, unknown>[] };
    expect(listed.doors).toEqual([{ ...door, id: expect.any(Number) }]);
    const id = listed.doors[0]!.id as number;
    expect(await post('doors_mod/', { ...door, doors_id: id, icon: 'gate' })).toMatchObject({ status: 200, text: '' });
    expect(emu.state.doors.get(id)?.icon).toBe('gate');
    expect(await post('doors_add/', { ...door, cam: 999 })).toMatchObject(REQUEST_ERROR);
    expect(await post('doors_add/', { ...door, open: null })).toMatchObject(REQUEST_ERROR);
    expect(await post('doors_del/', { doors_id: id })).toMatchObject({ status: 200, text: '' });
    expect((await post('doors_list/')).body).toEqual({ doors: [] });
  });

  it('devices_del cascades to doors naming the device but leaves rights arrays alone', async () => {
    const lock = await addDevice({ device_type: 3 });
    const cam = await addDevice();
    const keep = await addDevice();
    emu.state.addDoor({ device_id: lock, cam, name: 'a' });
    emu.state.addDoor({ device_id: lock, cam: keep, name: 'b' });
    emu.state.addDoor({ device_id: keep, cam: keep, name: 'c' });
    emu.state.setRights(5, [lock, cam, keep]);
    expect(await post('devices_del/', { device_id: cam })).toMatchObject({ status: 200, text: '' });
    expect([...emu.state.doors.values()].map((d) => d.name)).toEqual(['b', 'c']);
    expect(await post('devices_del/', { device_id: lock })).toMatchObject({ status: 200, text: '' });
    expect([...emu.state.doors.values()].map((d) => d.name)).toEqual(['c']);
    expect(emu.state.rights.get(5)).toEqual([lock, cam, keep]);
    expect(await post('devices_del/', { device_id: 999 })).toMatchObject({ status: 200, text: '' });
  });
});

describe('smartyard emulator: rights', () => {
  it('rights_add requires an array, appends duplicates and creates the row; rights_list shows type names', async () => {
    const cam = await addDevice({ title: 'Камера' });
    const lock = await addDevice({ device_type: 3, title: 'Замок' });
    expect(await post('rights_add/', { uid: 42, device_id: [cam] })).toMatchObject({ status: 200, text: '' });
    expect(await post('rights_add/', { uid: 42, device_id: [cam, lock] })).toMatchObject({ status: 200, text: '' });
    expect(emu.state.rights.get(42)).toEqual([cam, cam, lock]);
    const scalar = await post('rights_add/', { uid: 42, device_id: lock });
    expect(scalar.status).toBe(500);
    expect(scalar.text).toMatch(/Internal Server Error/);
    expect(emu.state.rights.get(42)).toEqual([cam, cam, lock]);
    expect((await post('rights_list/', { uid: '42' })).body).toEqual({
      rights: [
        { device_id: cam, device_type: 'cam', title: 'Камера' },
        { device_id: cam, device_type: 'cam', title: 'Камера' },
        { device_id: lock, device_type: 'lock', title: 'Замок' },
      ],
    });
    expect((await post('rights_list/', { uid: 7 })).body).toEqual({ rights: [] });
  });

  it('rights_list stops silently at the first dangling device id and answers the partial list', async () => {
    const a = await addDevice({ title: 'A' });
    const b = await addDevice({ title: 'B' });
    emu.state.setRights(9, [a, 777, b]);
    expect(await post('rights_list/', { uid: 9 })).toMatchObject({ status: 200, body: { rights: [{ device_id: a, device_type: 'cam', title: 'A' }] } });
    // Deleting a device through the API leaves the same trap.
    emu.state.setRights(10, [b, a]);
    await post('devices_del/', { device_id: b });
    expect((await post('rights_list/', { uid: 10 })).body).toEqual({ rights: [] });
  });

  it('rights_del: an array of strings deletes, an int array deletes nothing, a string matches substrings', async () => {
    emu.state.setRights(1, [1, 3, 7, 11]);
    expect(await post('rights_del/', { uid: 1, device_id: [3, 7] })).toMatchObject({ status: 200, text: '' });
    expect(emu.state.rights.get(1)).toEqual([1, 3, 7, 11]);
    expect(await post('rights_del/', { uid: 1, device_id: ['3', '7'] })).toMatchObject({ status: 200, text: '' });
    expect(emu.state.rights.get(1)).toEqual([1, 11]);
    // What ABillS sends: the text of a list. "1" is in "[11]", so both go.
    expect(await post('rights_del/', { uid: 1, device_id: '[11]' })).toMatchObject({ status: 200, text: '' });
    expect(emu.state.rights.get(1)).toEqual([]);
    emu.state.setRights(2, [4, 44]);
    expect(await post('rights_del/', { uid: 2, device_id: 4 })).toMatchObject(REQUEST_ERROR);
    expect(await post('rights_del/', { uid: 2, device_id: ['4', '4'] })).toMatchObject({ status: 200 });
    expect(emu.state.rights.get(2)).toEqual([44]);
    // No row: silently fine.
    expect(await post('rights_del/', { uid: 3, device_id: ['1'] })).toMatchObject({ status: 200, text: '' });
    expect(emu.state.rights.has(3)).toBe(false);
  });
});

describe('smartyard emulator: keys and addresses', () => {
  it('keys_add stores lower-case hex; a duplicate is a 500 (the view is not guarded); keys_del removes', async () => {
    expect(await post('keys_add/', { uid: 5, key: '00AB12', comment: 'брелок' })).toMatchObject({ status: 200, text: '' });
    expect((await post('keys_list/', { uid: 5 })).body).toEqual({ keys: [{ key: '00ab12', comment: 'брелок' }] });
    expect((await post('keys_add/', { uid: 5, key: '00ab12', comment: null })).status).toBe(500);
    expect((await post('keys_add/', { uid: 5, key: 'xyz', comment: null })).status).toBe(500);
    expect(await post('keys_del/', { uid: 5, key: '00ab12' })).toMatchObject({ status: 200, text: '' });
    expect((await post('keys_list/', { uid: 5 })).body).toEqual({ keys: [] });
  });

  it('address_devices_list matches the address exactly', async () => {
    const id = await addDevice();
    await addDevice({ address: 'ул. Ленина, 2' });
    expect((await post('address_devices_list/', { address: DEVICE.address })).body).toEqual({
      devices: [{ device_id: id, title: DEVICE.title, longitude: '37.617300000', latitude: '55.755826000' }],
    });
  });
});

describe('smartyard emulator: test hooks', () => {
  it('counts reads and writes by route and logs bodies', async () => {
    await addDevice();
    await post('devices_list/');
    await post('rights_list/', { uid: 1 });
    expect(emu.stats()).toMatchObject({ reads: 2, writes: 1, byRoute: { devices_add: 1, devices_list: 1, rights_list: 1 } });
    expect(emu.requests().map((r) => r.body)).toEqual([DEVICE, undefined, { uid: 1 }]);
    emu.resetStats();
    expect(emu.stats()).toMatchObject({ total: 0, writes: 0 });
    expect(emu.requests()).toEqual([]);
  });

  it('failNext answers a status or drops the connection, optionally only for one route', async () => {
    emu.failNext(1, { status: 503, route: 'rights_add/' });
    expect((await post('devices_list/')).status).toBe(200);
    expect((await post('rights_add/', { uid: 1, device_id: [1] })).status).toBe(503);
    expect(emu.state.rights.has(1)).toBe(false);
    emu.failNext(1, { status: 0 });
    await expect(post('devices_list/')).rejects.toThrow();
    expect(emu.stats().injected).toBe(2);
    expect((await post('devices_list/')).status).toBe(200);
  });

  it('failNext afterApply makes the change and loses the answer, so a retried rights_add duplicates', async () => {
    emu.failNext(1, { status: 0, route: 'rights_add', afterApply: true });
    await expect(post('rights_add/', { uid: 1, device_id: [5] })).rejects.toThrow();
    await post('rights_add/', { uid: 1, device_id: [5] });
    expect(emu.state.rights.get(1)).toEqual([5, 5]);
  });

  it('latency delays answers', async () => {
    emu.setLatency(50);
    const t = Date.now();
    await post('types_list/');
    expect(Date.now() - t).toBeGreaterThanOrEqual(40);
  });
});

describe('smartyard emulator: server conditions', () => {
  it('head: devices_add/ and doors_add/ answer 422 to every call and add nothing; the rest works', async () => {
    await emu.stop();
    emu = createSmartyardEmulator({ head: true });
    base = await emu.start();
    expect(await post('devices_add/', DEVICE)).toMatchObject(REQUEST_ERROR);
    expect(emu.state.devices.size).toBe(0);
    const lock = emu.state.addDevice({ device_type: 3 });
    const cam = emu.state.addDevice({ device_type: 1, title: 'cam' });
    const door = { device_id: lock.device_id, cam: cam.device_id, entrance: 1, icon: 'entrance', name: 'Подъезд', open: 'http://relay/open', open_trait: null };
    expect(await post('doors_add/', door)).toMatchObject(REQUEST_ERROR);
    expect(emu.state.doors.size).toBe(0);
    // Hand-made objects are listed and modified as usual.
    expect(((await post('devices_list/')).body as { devices: unknown[] }).devices).toHaveLength(2);
    expect((await post('devices_mod/', { ...DEVICE, device_id: cam.device_id, title: 'renamed' })).status).toBe(200);
    expect(emu.state.devices.get(cam.device_id)!.title).toBe('renamed');
  });

  it('databaseDown: devices_list/ and types_list/ answer empty lists as if all were well, the rest fails', async () => {
    await addDevice();
    emu.setDatabaseDown(true);
    expect(await post('devices_list/')).toMatchObject({ status: 200, body: { devices: [] } });
    expect(await post('types_list/')).toMatchObject({ status: 200, body: { types: [] } });
    expect(await post('devices_add/', DEVICE)).toMatchObject(REQUEST_ERROR);
    expect(await post('doors_list/')).toMatchObject(REQUEST_ERROR);
    expect(await post('rights_list/', { uid: 1 })).toMatchObject(REQUEST_ERROR);
    expect((await post('keys_add/', { uid: 1, key: 'ab', comment: null })).status).toBe(500);
    emu.setDatabaseDown(false);
    expect(((await post('devices_list/')).body as { devices: unknown[] }).devices).toHaveLength(1);
    expect(emu.state.devices.size).toBe(1);
  });
});
