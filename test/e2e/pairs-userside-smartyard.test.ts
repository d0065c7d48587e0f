/**
 * UserSide → SmartYard beyond what every pair shows (pairs.test.ts), with sync.yaml.example's
 * settings, mappings/userside-smartyard.yaml and inventory/smartyard.yaml as shipped, against
 * the emulators over real sockets on SQLite: the inventory lands on the server (panel doors on
 * the right lock and camera, credentials sent), every contract gets exactly the devices of its
 * address (checked against the emulator's own records), UserSide changes converge (the intercom
 * ordered and cancelled, a move, a disconnection, a deletion, customers without an address
 * noticed), devices leaving the inventory leave every contract before they are deleted; an
 * inventory entry missing a field fails `billsync validate` at its file:line; and no inventory
 * credential shows in plan text, JSON or markdown, in debug logs or in the store.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { playUsersideChanges, type UsersideChanges } from '../../src/demo/userside-changes.js';
import { STATE_ACTIVE, STATE_DISCONNECTED, TARIFF_CAMERAS, TARIFF_INTERCOM, type UsCustomerRecord } from '../../src/emulators/userside/index.js';
import type { Op } from '../../src/model/op.js';
import { silentLogger } from '../../src/util/logger.js';
import { runCli, type CliRun } from '../support/cli-bin.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const PAIR = 'userside-smartyard';

/** Credentials the example inventory reads from the environment, with values to look for. */
const CREDENTIALS = {
  SMARTYARD_RTSP_PASSWORD: 'rtsp-E2E-7c1f',
  SIP_PASSWORD_LENINA_1_P1: 'sip-E2E-5b0d',
  GATE_OPEN_URL_LENINA: 'http://relay:gate-E2E-92aa@10.21.1.22/open',
};
/** What the example's secret file will hold (written over the demo value). */
const PANEL_PASSWORD = 'panel-E2E-3e44';
/** Substrings no output may hold: the values above and the inventory's demo defaults. */
const SECRETS = ['rtsp-E2E-7c1f', 'sip-E2E-5b0d', 'gate-E2E-92aa', PANEL_PASSWORD, 'demo-sip-', 'demo-gate-pw', 'demo-rtsp-pw'];

/** The example inventory, by the emulator's houses: our panel names and building-wide devices. */
const SLUG: Readonly<Record<number, string>> = { 1001: 'lenina-1', 1002: 'lenina-3', 1003: 'gagarina-10', 1004: 'pobedy-25', 1005: 'sadovaya-7k2' };
const BUILDING: Readonly<Record<number, readonly string[]>> = {
  1001: ['lenina-yard-gate-cam', 'lenina-yard-gate-lock', 'lenina-1-perimeter'],
  1002: ['lenina-yard-gate-cam', 'lenina-yard-gate-lock'],
  1003: ['gagarina-10-gate-cam', 'gagarina-10-gate-lock'],
  1004: ['pobedy-25-gate-cam', 'pobedy-25-gate-lock', 'pobedy-25-parking'],
  1005: ['sadovaya-7k2-gate-cam', 'sadovaya-7k2-gate-lock'],
};
/** Panels the example leaves out (Садовая 7к2's entrance 4 is not equipped yet). */
const NO_PANEL = new Set(['1005/4']);

/**
 * What a UserSide customer's contract should hold, from the emulator's record alone (not the
 * mapping): nothing unless it has the intercom or cameras and is not disconnected; else its
 * entrance's panel (both halves) and its house's building-wide devices.
 */
function expectedDevices(c: UsCustomerRecord, removed: ReadonlySet<string> = new Set()): string[] {
  const granted = c.tariffs.some((t) => t.id === TARIFF_INTERCOM || t.id === TARIFF_CAMERAS);
  if (!granted || c.former || c.potential || c.stateId === STATE_DISCONNECTED || c.address === null) return [];
  const { houseId, entrance } = c.address;
  const panel = NO_PANEL.has(`${houseId}/${entrance}`) ? [] : [`${SLUG[houseId]}-p${entrance}`, `${SLUG[houseId]}-p${entrance}:lock`];
  return [...panel, ...(BUILDING[houseId] ?? [])].filter((k) => !removed.has(k.replace(/:lock$/, ''))).sort();
}

const billsync = (args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliRun> => runCli(args, { env, cwd, timeoutMs: 120_000 });

/** The inventory file without the entry `name` (its lines up to the next entry or section). */
function withoutEntry(text: string, name: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf(`  ${name}:`);
  if (start < 0) throw new Error(`no entry ${name}`);
  let end = start + 1;
  while (end < lines.length && !/^( {2})?[A-Za-z]/.test(lines[end]!) && !/^ {2}# ──/.test(lines[end]!)) end++;
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}

/** 1-based line of the first line equal to `line` (trimmed end). */
const lineOf = (text: string, line: string): number => text.split('\n').findIndex((l) => l.trimEnd() === line) + 1;

describe('UserSide → SmartYard end to end', () => {
  let world: EmulatedWorld;
  let rt: Runtime;
  let configDir: string;
  const runtimes: Runtime[] = [];

  /** A runtime on the config as it is on disk now (the store is shared). */
  const open = async (): Promise<Runtime> => {
    const r = await openRuntime(await loadConfig(world.config, world.env), { logger: silentLogger() });
    runtimes.push(r);
    return r;
  };
  const rows = () => rt.store.loadSnapshot('smartyard');
  /** A contract's devices on the server, by our keys; [] when it has no row or an empty one. */
  const granted = async (uid: number): Promise<string[]> => {
    const keys = new Map((await rows()).filter((r) => r.kind === 'device').map((r) => [Number(r.remoteId), r.key]));
    return (world.smartyard.state.rights.get(uid) ?? []).map((id) => keys.get(id) ?? `#${id}`).sort();
  };
  const customers = () => world.userside.state.all();
  const opText = (o: Op) => `${o.type} ${o.kind} ${o.key}${'member' in o ? ` ${o.member}` : ''}`;

  beforeAll(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 5, customers: 90, seed: 29, pairs: [PAIR], baseEnv: CREDENTIALS });
    configDir = dirname(world.config);
    await writeFile(join(configDir, 'inventory/secrets/panel-admin-password'), `${PANEL_PASSWORD}\n`);
    rt = await open();
  });

  afterAll(async () => {
    for (const r of runtimes) await r.close();
    await world?.close();
  });

  it('creates the inventory and every contract’s devices; a second apply makes no request at all', async () => {
    const first = await makePlan(rt);
    const creates = (kind: string) => first.plan.ops.filter((o) => o.type === 'create' && o.kind === kind).length;
    // 19 panels (two devices each), 4 gates (camera and lock), 2 cameras; 19 panel doors and 4 gate doors.
    expect([creates('device'), creates('door')]).toEqual([48, 23]);
    const result = await applyPlan(rt, first.plan, { snapshots: first.snapshots });
    expect([...result.failed, ...result.notRun]).toEqual([]);

    const sy = world.smartyard.state;
    const id = new Map((await rows()).filter((r) => r.kind === 'device').map((r) => [r.key, Number(r.remoteId)]));
    expect(sy.devices.size).toBe(48);
    expect(sy.doors.size).toBe(23);
    // A panel is a camera and a lock joined by its door; the credentials reached the server.
    const p1 = sy.devices.get(id.get('lenina-1-p1')!)!;
    const p1Lock = sy.devices.get(id.get('lenina-1-p1:lock')!)!;
    expect(p1).toMatchObject({ device_type: 1, title: 'Ленина 1, подъезд 1', stream: `rtsp://viewer:${CREDENTIALS.SMARTYARD_RTSP_PASSWORD}@10.21.1.11:554/av0_0`, sippassword: null });
    expect(p1Lock).toMatchObject({ device_type: 3, domophoneid: 10011, sippassword: CREDENTIALS.SIP_PASSWORD_LENINA_1_P1, panelpasswd: PANEL_PASSWORD, stream: null });
    const doors = [...sy.doors.values()];
    expect(doors).toContainEqual(expect.objectContaining({ device_id: p1Lock.device_id, cam: p1.device_id, entrance: 1, icon: 'entrance', open: `http://admin:${PANEL_PASSWORD}@10.21.1.11/relay?open=1` }));
    expect(doors).toContainEqual(
      expect.objectContaining({ device_id: id.get('lenina-yard-gate-lock'), cam: id.get('lenina-yard-gate-cam'), entrance: 0, icon: 'gate', open: CREDENTIALS.GATE_OPEN_URL_LENINA, open_trait: 'POST' }),
    );

    // Every contract holds exactly the devices of its address, each once.
    let withDevices = 0;
    for (const c of customers()) {
      const want = expectedDevices(c);
      expect(await granted(c.id), `customer ${c.id}`).toEqual(want);
      if (want.length > 0) withDevices++;
      const raw = sy.rights.get(c.id) ?? [];
      expect(new Set(raw).size).toBe(raw.length);
    }
    expect(withDevices).toBeGreaterThan(20);

    world.smartyard.resetStats();
    const second = await makePlan(rt);
    expect(second.plan.ops).toEqual([]);
    const again = await applyPlan(rt, second.plan, { snapshots: second.snapshots });
    expect(again.total).toBe(0);
    expect(world.smartyard.stats().total).toBe(0);
  }, 120_000);

  it('follows UserSide: the intercom ordered and cancelled, a move, a disconnection, a deletion, customers without an address', async () => {
    const day: UsersideChanges = playUsersideChanges(world.userside);
    // A new customer who has the intercom but no address yet.
    const homeless = world.userside.state.addCustomer({ stateId: STATE_ACTIVE, tariffs: [1, TARIFF_INTERCOM], address: null });
    const next = await makePlan(rt);
    const byKey = new Map<string, string[]>();
    for (const o of next.plan.ops) byKey.set(o.key, [...(byKey.get(o.key) ?? []), o.type]);
    const types = (uid: number | undefined) => [...new Set(byKey.get(String(uid)) ?? [])].sort();
    expect([...byKey.keys()].sort()).toEqual(
      [day.gained, day.lost, day.moved, day.disconnected, day.removed, day.added, day.addressless, homeless].map(String).sort(),
    );
    expect(next.plan.ops.every((o) => o.kind === 'rights')).toBe(true);
    expect(types(day.gained)).toEqual(['add_member', 'create']);
    expect(types(day.added)).toEqual(['add_member', 'create']);
    expect(types(day.moved)).toEqual(['add_member', 'remove_member']);
    for (const gone of [day.lost, day.disconnected, day.removed]) expect(types(gone)).toEqual(['delete']);
    expect(types(day.addressless)).toEqual(['remove_member']);
    // No address, no devices: the new customer's contract is created empty and noticed.
    expect(types(homeless)).toEqual(['create']);
    const notices = new Map((next.plan.notices ?? []).filter((n) => n.message.startsWith('no house id')).map((n) => [n.id, n.detail]));
    expect(notices.get(String(day.addressless))).toBe('no house');
    expect(notices.get(String(homeless))).toBe('no house');

    const result = await applyPlan(rt, next.plan, { snapshots: next.snapshots });
    expect([...result.failed, ...result.notRun]).toEqual([]);
    for (const uid of [day.gained, day.moved, day.added]) {
      const c = world.userside.state.get(uid!)!;
      expect(await granted(uid!), `customer ${uid}`).toEqual(expectedDevices(c));
      expect((await granted(uid!)).length).toBeGreaterThan(0);
    }
    for (const uid of [day.lost, day.disconnected, day.removed, day.addressless, homeless]) expect(await granted(uid!), `customer ${uid}`).toEqual([]);
    expect((await rows()).some((r) => r.kind === 'rights' && r.key === String(homeless))).toBe(true);

    world.smartyard.resetStats();
    expect((await makePlan(rt)).plan.ops).toEqual([]);
    expect(world.smartyard.stats().writes).toBe(0);
    const live = await makePlan(rt, { refresh: true });
    expect([live.plan.ops, live.plan.drift]).toEqual([[], []]);
  }, 120_000);

  it('takes devices that leave the inventory out of every contract before deleting them', async () => {
    const file = join(configDir, 'inventory/smartyard.yaml');
    await writeFile(file, withoutEntry(withoutEntry(await readFile(file, 'utf8'), 'lenina-1-perimeter'), 'pobedy-25-p4'));
    const before = new Map((await rows()).filter((r) => r.kind === 'device' || r.kind === 'door').map((r) => [`${r.kind} ${r.key}`, Number(r.remoteId)]));
    rt = await open();
    const plan = await makePlan(rt);
    const ops = plan.plan.ops;
    const deletes = ops.filter((o) => o.type === 'delete').map(opText).sort();
    expect(deletes).toEqual(['delete device lenina-1-perimeter', 'delete device pobedy-25-p4', 'delete device pobedy-25-p4:lock', 'delete door pobedy-25-p4']);
    const removed = ops.filter((o) => o.type === 'remove_member');
    expect(removed.length).toBeGreaterThan(0);
    expect(ops.filter((o) => o.type !== 'delete' && o.type !== 'remove_member')).toEqual([]);
    // Every contract holding a device loses it first: no dangling id is ever left in rights.
    const holders = customers().filter((c) => expectedDevices(c).includes('lenina-1-perimeter')).map((c) => String(c.id));
    expect(removed.filter((o) => 'member' in o && o.member === 'lenina-1-perimeter').map((o) => o.key).sort()).toEqual(holders.sort());
    const lastRemove = Math.max(...removed.map((o) => o.seq));
    for (const o of ops.filter((x) => x.type === 'delete' && x.kind === 'device')) expect(o.seq).toBeGreaterThan(lastRemove);
    // Customers of the entrance that lost its panel keep the house's gate and are noticed.
    expect((plan.plan.notices ?? []).some((n) => n.detail === "house '1004', entrance '4'")).toBe(true);

    const result = await applyPlan(rt, plan.plan, { snapshots: plan.snapshots });
    expect([...result.failed, ...result.notRun]).toEqual([]);
    const sy = world.smartyard.state;
    const gone = ['device lenina-1-perimeter', 'device pobedy-25-p4', 'device pobedy-25-p4:lock'].map((k) => before.get(k)!);
    for (const id of gone) expect(sy.devices.has(id)).toBe(false);
    expect(sy.doors.has(before.get('door pobedy-25-p4')!)).toBe(false);
    for (const ids of sy.rights.values()) for (const id of gone) expect(ids).not.toContain(id);
    const lost = new Set(['lenina-1-perimeter', 'pobedy-25-p4']);
    for (const c of customers()) expect(await granted(c.id), `customer ${c.id}`).toEqual(expectedDevices(c, lost));
    expect((await makePlan(rt)).plan.ops).toEqual([]);
  }, 120_000);
});

describe('UserSide → SmartYard through the CLI', () => {
  let world: EmulatedWorld;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 5, customers: 40, seed: 31, pairs: [PAIR], baseEnv: CREDENTIALS });
    dir = await mkdtemp(join(tmpdir(), 'billsync-usy-cli-'));
    await cp(dirname(world.config), dir, { recursive: true });
    await writeFile(join(dir, 'inventory/secrets/panel-admin-password'), `${PANEL_PASSWORD}\n`);
    env = { ...world.env, BILLSYNC_STORE_URL: `sqlite:${join(dir, 'store', 'state.db')}`, BILLSYNC_LOG_LEVEL: 'debug' };
  });

  afterAll(async () => {
    await world?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every inventory credential out of plan text, JSON and markdown, debug logs and the store', async () => {
    const runs: CliRun[] = [];
    for (const args of [['plan', '--no-color'], ['plan', '--format', 'json'], ['plan', '--format', 'markdown'], ['apply', '--yes'], ['plan', '--refresh', '--no-color']]) {
      const run = await billsync(args, env, dir);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      runs.push(run);
    }
    // The plans and logs are there to look at: devices, a secret field redacted, debug lines.
    expect(runs[0]!.stdout).toMatch(/^\+ smartyard device lenina-1-p1:lock$/m);
    expect(runs[0]!.stdout).toContain('sippassword  "[secret]"');
    expect(JSON.parse(runs[1]!.stdout).ops.length).toBeGreaterThan(70);
    expect(runs[3]!.stderr).toContain('smartyard call');
    // The server did get them.
    const devices = [...world.smartyard.state.devices.values()];
    expect(devices.some((d) => d.sippassword === CREDENTIALS.SIP_PASSWORD_LENINA_1_P1)).toBe(true);
    expect(devices.some((d) => d.panelpasswd === PANEL_PASSWORD)).toBe(true);
    expect(devices.some((d) => d.stream?.includes(CREDENTIALS.SMARTYARD_RTSP_PASSWORD))).toBe(true);

    const store = await Promise.all((await readdir(join(dir, 'store'))).map((f) => readFile(join(dir, 'store', f), 'latin1')));
    const outputs = [...runs.flatMap((r) => [r.stdout, r.stderr]), ...store];
    // Named by where it showed, never by the value around it.
    const where = ['plan', 'plan stderr', 'plan json', 'plan json stderr', 'plan markdown', 'plan markdown stderr', 'apply', 'apply stderr (debug logs)', 'plan --refresh', 'plan --refresh stderr'];
    for (const secret of SECRETS) outputs.forEach((out, i) => expect(out.includes(secret), `${secret} in ${where[i] ?? 'the store'}`).toBe(false));
  }, 120_000);

  it('fails validate with file:line when an inventory entry misses a field the server needs', async () => {
    const text = await readFile(join(dirname(world.config), 'inventory/smartyard.yaml'), 'utf8');
    /** Runs `billsync validate` on the example with the inventory edited. */
    const validate = async (name: string, edit: (t: string) => string): Promise<{ run: CliRun; broken: string }> => {
      const bad = join(dir, name);
      await cp(dirname(world.config), bad, { recursive: true });
      const broken = edit(text);
      expect(broken.split('\n').length, 'one line removed').toBe(text.split('\n').length - 1);
      await writeFile(join(bad, 'inventory/smartyard.yaml'), broken);
      return { run: await billsync(['validate'], world.env, bad), broken };
    };
    // A panel without its media URL (a cross-check)…
    const noUrl = await validate('no-url', (t) => t.replace('    url: https://video.isp.example/gagarina-10-p2\n', ''));
    expect(noUrl.run.code).toBe(1);
    expect(noUrl.run.stderr).toContain(`inventory/smartyard.yaml:${lineOf(noUrl.broken, '  gagarina-10-p2:')}:3 devices.gagarina-10-p2: panel 'gagarina-10-p2' needs url`);
    // …and a camera without the house it serves (the schema).
    const noHouse = await validate('no-house', (t) => t.replace(/( {2}pobedy-25-parking:\n(?: {4}.*\n)*?) {4}house: '1004'\n/, '$1'));
    expect(noHouse.run.code).toBe(1);
    expect(noHouse.run.stderr).toContain(`inventory/smartyard.yaml:${lineOf(noHouse.broken, '  pobedy-25-parking:')}:3 devices.pobedy-25-parking: missing required key 'house'`);
    expect(noHouse.run.stderr).toContain('fix:');
  }, 120_000);
});
