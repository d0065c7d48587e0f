import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadInventory, type InventoryLoad } from '../../../src/targets/smartyard/inventory/load.js';
import { fixtureDir } from '../config/fixture-dir.js';
import { SMARTYARD_FIXTURE_ENV, SMARTYARD_FIXTURE_SECRETS } from '../../fixtures/smartyard/env.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/smartyard/', import.meta.url));
const namedAt = { position: { file: 'sync.yaml', line: 11, col: 16 }, path: 'targets.smartyard.inventory' };

function loadFixture(env: NodeJS.ProcessEnv = SMARTYARD_FIXTURE_ENV): Promise<InventoryLoad> {
  const file = join(FIXTURE, 'inventory/smartyard.yaml');
  return loadInventory({ target: 'smartyard', file, display: 'inventory/smartyard.yaml', env, baseDir: FIXTURE, namedAt });
}

/** Loads `text` as inventory.yaml in a temp dir; returns the first line of every error. */
async function problems(text: string, env: NodeJS.ProcessEnv = {}, files: Record<string, string> = {}): Promise<string[]> {
  const dir = fixtureDir({ 'inventory.yaml': text, ...files });
  const r = await loadInventory({ target: 'y', file: join(dir, 'inventory.yaml'), display: 'inventory.yaml', env, baseDir: dir, namedAt });
  return r.errors.map((e) => e.format().split('\n')[0] ?? '');
}

const PANEL = `devices:
  p1:
    type: panel
    house: '1001'
    entrances: [1]
    title: P1
    url: https://media.example/p1
    door: { icon: entrance, name: 'Подъезд 1', open: '\${OPEN}' }
`;
const ENV = { OPEN: 'http://admin:pw-open@10.0.0.1/open' };

describe('loadInventory: the example inventory', () => {
  it('expands panels into a camera, a lock and a door; other devices one to one; doors last', async () => {
    const r = await loadFixture();
    expect(r.errors).toEqual([]);
    const keys = r.inventory!.entities.map((e) => `${e.kind}/${e.key}`);
    expect(keys).toEqual([
      'device/lenina-12-p1',
      'device/lenina-12-p1:lock',
      'device/lenina-12-p2',
      'device/lenina-12-p2:lock',
      'device/lenina-yard-gate-cam',
      'device/lenina-yard-gate-lock',
      'device/lenina-12-perimeter',
      'door/lenina-12-p1',
      'door/lenina-12-p2',
      'door/lenina-yard-gate',
    ]);
    expect(r.inventory!.entities.every((e) => e.origin === undefined && e.target === 'smartyard')).toBe(true);
  });

  it("splits a panel's fields: the camera half plays and records, the lock half calls and opens", async () => {
    const r = await loadFixture();
    const byKey = new Map(r.inventory!.entities.map((e) => [`${e.kind}/${e.key}`, e.attrs]));
    expect(byKey.get('device/lenina-12-p1')).toEqual({
      device_type: 1,
      url: 'https://media.example/lenina-12-p1',
      stream: SMARTYARD_FIXTURE_ENV.P1_STREAM,
      is_active: true,
      title: 'Ленина 12, подъезд 1',
      address: 'г. Пример, ул. Ленина, д. 12',
      longitude: '37.618423',
      latitude: '55.751244',
      record_days: 7,
      domophoneid: null,
      monitorid: null,
      sippassword: null,
      dtmf: null,
      camshot: SMARTYARD_FIXTURE_ENV.P1_CAMSHOT,
      paneltype: null,
      panelip: null,
      panellogin: null,
      panelpasswd: null,
    });
    expect(byKey.get('device/lenina-12-p1:lock')).toEqual({
      device_type: 3,
      url: null,
      stream: null,
      is_active: true,
      title: 'Ленина 12, подъезд 1',
      address: 'г. Пример, ул. Ленина, д. 12',
      longitude: '37.618423',
      latitude: '55.751244',
      record_days: null,
      domophoneid: 1,
      monitorid: null,
      sippassword: SMARTYARD_FIXTURE_ENV.P1_SIP_PASSWORD,
      dtmf: '1',
      camshot: null,
      paneltype: 1,
      panelip: '10.10.0.11',
      panellogin: 'admin',
      panelpasswd: 'panel-pw-p1',
    });
    expect(byKey.get('door/lenina-12-p1')).toEqual({
      lock: 'lenina-12-p1:lock',
      cam: 'lenina-12-p1',
      entrance: 1,
      icon: 'entrance',
      name: 'Подъезд 1',
      open: 'http://admin:relay-pw-p1@10.10.0.11/relay?open=1',
      open_trait: 'GET',
    });
    expect(byKey.get('door/lenina-yard-gate')).toMatchObject({ lock: 'lenina-yard-gate-lock', cam: 'lenina-yard-gate-cam', entrance: 0, icon: 'gate', open_trait: 'POST' });
    expect(byKey.get('device/lenina-12-perimeter')).toMatchObject({ device_type: 2, stream: null });
    expect(byKey.get('device/lenina-yard-gate-lock')).toMatchObject({ device_type: 3, url: null });
  });

  it('indexes devices by house and entrance, building-wide ones apart, a shared gate under each house', async () => {
    const r = await loadFixture();
    const index = r.inventory!.access;
    expect(index.memberKind).toBe('device');
    const h1001 = index.houses.get('1001')!;
    expect(Object.fromEntries(h1001.entrances)).toEqual({ '1': ['lenina-12-p1', 'lenina-12-p1:lock'], '2': ['lenina-12-p2', 'lenina-12-p2:lock'] });
    expect(h1001.building).toEqual(['lenina-yard-gate-cam', 'lenina-yard-gate-lock', 'lenina-12-perimeter']);
    expect(index.houses.get('1002')).toEqual({ building: ['lenina-yard-gate-cam', 'lenina-yard-gate-lock'], entrances: new Map() });
    expect([...index.houses.keys()].sort()).toEqual(['1001', '1002']);
  });

  it('returns every credential for log redaction, from the environment and from files', async () => {
    const r = await loadFixture();
    for (const s of SMARTYARD_FIXTURE_SECRETS) expect(r.secretValues).toContain(s);
    expect(r.secretValues).not.toContain('admin');
  });

  it('hashes credentials as digests only', async () => {
    const r = await loadFixture();
    const text = JSON.stringify(r.hashInput);
    for (const s of SMARTYARD_FIXTURE_SECRETS) expect(text).not.toContain(s);
    expect(text).toContain('secret:sha256:');
    const other = await loadFixture({ ...SMARTYARD_FIXTURE_ENV, P2_SIP_PASSWORD: 'another-one' });
    expect(JSON.stringify(other.hashInput)).not.toBe(text);
  });
});

describe('loadInventory: bad input fails with file:line:col', () => {
  it('names a missing file at the sync.yaml key that names it', async () => {
    const dir = fixtureDir({});
    const r = await loadInventory({ target: 'y', file: join(dir, 'nope.yaml'), display: 'nope.yaml', env: {}, baseDir: dir, namedAt });
    expect(r.errors.map((e) => e.format().split('\n')[0])).toEqual([expect.stringMatching(/^sync\.yaml:11:16 targets\.smartyard\.inventory: inventory of target y: file not found: .*nope\.yaml$/)]);
  });

  it('reports schema problems: a missing field the server requires, an unknown key, a bad type', async () => {
    const text = `devices:
  cam1:
    type: camera
    house: '1001'
    url: https://media.example/cam1
  cam2:
    type: webcam
    house: '1001'
    title: Cam 2
    url: https://media.example/cam2
    recorddays: 3
`;
    expect(await problems(text)).toEqual([
      "inventory.yaml:2:3 devices.cam1: missing required key 'title'",
      "inventory.yaml:7:11 devices.cam2.type: the text 'webcam' is not camera, panel or lock",
      "inventory.yaml:11:5 devices.cam2.recorddays: unknown key 'recorddays' — did you mean 'record_days'?",
    ]);
  });

  it('requires a door on a panel and url on cameras and panels; no door on other types', async () => {
    const text = `devices:
  p1:
    type: panel
    house: '1001'
    entrances: [1]
    title: P1
  l1:
    type: lock
    house: '1001'
    title: L1
    door: { icon: gate, name: G, open: '\${OPEN}' }
`;
    expect(await problems(text, ENV)).toEqual([
      "inventory.yaml:2:3 devices.p1: panel 'p1' needs a door: its lock 'p1:lock' opens it and its camera shows it",
      "inventory.yaml:2:3 devices.p1: panel 'p1' needs url: the media server URL the app plays",
      "inventory.yaml:11:5 devices.l1.door: only a panel has a door of its own; 'l1' is a lock",
    ]);
  });

  it('checks that doors point at existing devices of the right types', async () => {
    const text = `${PANEL}  gate-cam:
    type: camera
    house: '1001'
    title: Gate
    url: https://media.example/gate
doors:
  g1:
    lock: gate-cam
    cam: p1:lock
    entrance: 0
    icon: gate
    name: Gate
    open: \${OPEN}
  g2:
    lock: gate-lok
    cam: gate-cma
    entrance: 0
    icon: gate
    name: Gate
    open: \${OPEN}
  g3:
    lock: p1
    cam: gate-cam
    icon: gate
    name: Gate
    open: \${OPEN}
  p1:
    lock: p1:lock
    cam: p1
    icon: entrance
    name: Again
    open: \${OPEN}
`;
    expect(await problems(text, ENV)).toEqual([
      "inventory.yaml:16:11 doors.g1.lock: 'gate-cam' is a camera, not a lock",
      "inventory.yaml:17:10 doors.g1.cam: 'p1:lock' is a panel’s lock, not a camera",
      "inventory.yaml:23:11 doors.g2.lock: no device 'gate-lok' in the inventory",
      "inventory.yaml:24:10 doors.g2.cam: no device 'gate-cma' in the inventory — did you mean 'gate-cam'?",
      "inventory.yaml:30:11 doors.g3.lock: 'p1' is a panel, not a lock",
      "inventory.yaml:35:3 doors.p1: door 'p1' is also the door of panel 'p1'",
    ]);
  });

  it('needs a door entrance when the lock serves the whole building or several entrances', async () => {
    const text = PANEL.replace('entrances: [1]', 'entrances: [1, 2]');
    expect(await problems(text, ENV)).toEqual(["inventory.yaml:8:5 devices.p1.door: door 'p1' needs entrance: its lock serves several entrances"]);
    const fixed = PANEL.replace('entrances: [1]', 'entrances: [1, 2]').replace("name: 'Подъезд 1',", "name: 'Подъезд 1', entrance: 1,");
    expect(await problems(fixed, ENV)).toEqual([]);
  });

  it('checks houses, entrances, coordinates and the ids the server keeps unique', async () => {
    const text = `devices:
  c1:
    type: camera
    house: ['1001', '1002']
    entrances: [1, '01']
    title: C1
    url: https://media.example/c1
    latitude: 95
    longitude: \${LON}
    domophoneid: 7
  c2:
    type: camera
    house: ' '
    title: C2
    url: https://media.example/c2
    domophoneid: 7
`;
    expect(await problems(text, { LON: 'east' })).toEqual([
      'inventory.yaml:5:16 devices.c1.entrances: entrances of 2 houses cannot be told apart',
      'inventory.yaml:5:20 devices.c1.entrances.1: entrance 01 is listed twice',
      'inventory.yaml:8:15 devices.c1.latitude: latitude must be a number of degrees between -90 and 90',
      'inventory.yaml:9:16 devices.c1.longitude: longitude must be a number of degrees between -180 and 180',
      'inventory.yaml:13:12 devices.c2.house: the house id is blank',
      "inventory.yaml:16:18 devices.c2.domophoneid: domophoneid 7 is also the domophoneid of 'c1'; the server keeps it unique",
    ]);
  });

  it("checks what the server's columns hold: varchar widths (without echoing the value), integer dtmf, inet panelip", async () => {
    const text = `${PANEL}    title: '${'Т'.repeat(65)}'
    stream: \${P1_STREAM}
    dtmf: '*1'
    panelip: 10.0.0.300
`.replace('    title: P1\n', '');
    const long = 'rtsp://viewer:a-very-long-password-indeed@10.0.0.1:554/av0_0/main/stream';
    const errs = await problems(text, { ...ENV, OPEN: `http://admin:pw@10.0.0.1/${'x'.repeat(50)}`, P1_STREAM: long });
    expect(errs).toEqual([
      "inventory.yaml:7:54 devices.p1.door.open: open is 75 characters long; the server's column holds at most 64",
      "inventory.yaml:8:12 devices.p1.title: title is 65 characters long; the server's column holds at most 64",
      `inventory.yaml:9:13 devices.p1.stream: stream is ${long.length} characters long; the server's column holds at most 64`,
      "inventory.yaml:10:11 devices.p1.dtmf: dtmf must be digits: the server keeps it as a number",
      "inventory.yaml:11:14 devices.p1.panelip: '10.0.0.300' is not an IP address",
    ]);
    expect(errs.join('\n')).not.toContain('a-very-long-password');
  });

  it('refuses credentials written in the file, and credentials in fields that plans show', async () => {
    const text = `devices:
  p1:
    type: panel
    house: '1001'
    entrances: [1]
    title: P1
    url: https://viewer:\${URL_PW}@media.example/p1
    stream: rtsp://viewer:literal-pw@10.0.0.1/av0
    camshot: http://10.0.0.1/snapshot.jpg
    sippassword: literal-sip
    panelpasswd: \${PANEL_PW}
    door: { icon: entrance, name: 'Подъезд 1', open: 'http://admin:literal-open@10.0.0.1/open' }
`;
    expect(await problems(text, { URL_PW: 'from-env', PANEL_PW: 'ok-from-env' })).toEqual([
      'inventory.yaml:7:10 devices.p1.url: url carries a user:password, which plans and reports would show',
      'inventory.yaml:8:13 devices.p1.stream: stream carries a user:password written in the file',
      'inventory.yaml:10:18 devices.p1.sippassword: sippassword is written in the file; passwords must not be kept in the inventory',
      'inventory.yaml:12:54 devices.p1.door.open: open carries a user:password written in the file',
    ]);
  });

  it('refuses a URL password written in the file when only another part of the URL is a reference', async () => {
    const text = `devices:
  p1:
    type: panel
    house: '1001'
    entrances: [1]
    title: P1
    url: https://media.example/p1
    stream: rtsp://viewer:literal-pw@\${CAM_HOST}/av0
    camshot: http://viewer:\${CAM_PW}@\${CAM_HOST}/snapshot.jpg
    door: { icon: entrance, name: 'Подъезд 1', open: 'http://\${OPEN_CREDS}@10.0.0.1/open' }
`;
    expect(await problems(text, { CAM_HOST: '10.0.0.1', CAM_PW: 'from-env', OPEN_CREDS: 'admin:from-env' })).toEqual([
      'inventory.yaml:8:13 devices.p1.stream: stream carries a user:password written in the file',
    ]);
  });

  it('reports unset variables and unreadable secret files at their value, and still returns the secrets found', async () => {
    const text = `${PANEL}    stream: \${P1_STREAM}
    panelpasswd: \${file:secrets/missing}
`;
    const dir = fixtureDir({ 'inventory.yaml': text });
    const r = await loadInventory({ target: 'y', file: join(dir, 'inventory.yaml'), display: 'inventory.yaml', env: ENV, baseDir: dir, namedAt });
    expect(r.errors.map((e) => e.format().split('\n')[0])).toEqual([
      'inventory.yaml:9:13 devices.p1.stream: environment variable P1_STREAM is not set',
      expect.stringMatching(/^inventory\.yaml:10:18 devices\.p1\.panelpasswd: cannot read secret file .*missing \(ENOENT\)$/),
    ]);
    expect(r.secretValues).toContain(ENV.OPEN);
    expect(r.inventory).toBeUndefined();
  });

  it('reports YAML syntax errors with their position', async () => {
    expect(await problems('devices:\n  p1:\n    type: panel\n   house: 1\n')).toEqual([expect.stringMatching(/^inventory\.yaml:4:4 invalid YAML/)]);
  });
});
