/**
 * The example inventory and access mapping, planned by the engine and applied through the
 * SmartYard adapter to the emulator over a socket: devices get their ids, doors join the right
 * devices, rights hold the devices of each contract's address; a second run writes nothing; a
 * device taken out of the inventory leaves every contract's rights before it is deleted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSmartyardEmulator, type SmartyardEmulator } from '../../../src/emulators/smartyard/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { applyPlan } from '../../../src/engine/apply-plan.js';
import { makePlan } from '../../../src/engine/make-plan.js';
import { freshPlan, readPlanFile } from '../../../src/engine/saved-plan.js';
import { renderJson } from '../../../src/report/json.js';
import { openRuntime, type Runtime } from '../../../src/engine/runtime.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { silentLogger } from '../../../src/util/logger.js';
import { aSubscriber } from '../../support/subscriber-builder.js';
import { SMARTYARD_FIXTURE_ENV } from '../../fixtures/smartyard/env.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/smartyard/', import.meta.url));

const SUBSCRIBERS: Subscriber[] = [
  aSubscriber({ id: '7', address: { houseId: '1001', entrance: '1' }, services: [{ id: '501' }] }),
  aSubscriber({ id: '8', address: { houseId: '1002', entrance: '1' }, services: [{ id: '502' }] }),
  aSubscriber({ id: '9', address: null, services: [{ id: '501' }] }),
];

let emu: SmartyardEmulator;
let dir: string;
const runtimes: Runtime[] = [];

beforeEach(async () => {
  emu = createSmartyardEmulator();
  const url = await emu.start();
  dir = mkdtempSync(join(tmpdir(), 'billsync-inventory-apply-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const sync = readFileSync(join(dir, 'sync.yaml'), 'utf8').replace('url: http://127.0.0.1:5000', `url: ${url}`);
  writeFileSync(join(dir, 'sync.yaml'), `${sync}store:\n  url: sqlite:.billsync/state.db\n`);
});

afterEach(async () => {
  for (const rt of runtimes.splice(0)) await rt.close();
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Loads the config as it is on disk now, plans for SUBSCRIBERS and applies. */
async function run(): Promise<{ ops: string[]; failed: string[]; rt: Runtime }> {
  const rt = await openRuntime(await loadConfig(join(dir, 'sync.yaml'), SMARTYARD_FIXTURE_ENV), { logger: silentLogger() });
  runtimes.push(rt);
  const made = await makePlan(rt, { subscribers: new Map([['hydra', [SUBSCRIBERS]]]) });
  const result = await applyPlan(rt, made.plan, { snapshots: made.snapshots });
  const ops = made.plan.ops.map((o) => `${o.type} ${o.kind} ${o.key}${'member' in o ? ` ${o.member}` : ''}`);
  const failed = [...result.failed, ...result.notRun].map((f) => `${f.op.type} ${f.op.kind} ${f.op.key}: ${f.reason}`);
  return { ops, failed, rt };
}

async function remoteIds(rt: Runtime): Promise<Map<string, number>> {
  const rows = await rt.store.loadSnapshot('smartyard');
  return new Map(rows.filter((r) => r.kind === 'device').map((r) => [r.key, Number(r.remoteId)]));
}

describe('the example inventory applied to the SmartYard emulator', () => {
  it('creates devices, doors and rights, then writes nothing on the next run', async () => {
    const first = await run();
    expect(first.failed).toEqual([]);
    const ids = await remoteIds(first.rt);
    expect(ids.size).toBe(7);
    expect(emu.state.devices.size).toBe(7);
    const p1 = emu.state.devices.get(ids.get('lenina-12-p1')!)!;
    expect(p1).toMatchObject({ device_type: 1, title: 'Ленина 12, подъезд 1', stream: SMARTYARD_FIXTURE_ENV.P1_STREAM, sippassword: null });
    expect(emu.state.devices.get(ids.get('lenina-12-p1:lock')!)).toMatchObject({ device_type: 3, sippassword: SMARTYARD_FIXTURE_ENV.P1_SIP_PASSWORD, domophoneid: 1 });
    const doors = [...emu.state.doors.values()];
    expect(doors).toHaveLength(3);
    expect(doors).toContainEqual(expect.objectContaining({ device_id: ids.get('lenina-yard-gate-lock'), cam: ids.get('lenina-yard-gate-cam'), icon: 'gate', entrance: 0, open: SMARTYARD_FIXTURE_ENV.GATE_OPEN_URL }));
    const granted = (uid: number) => [...(emu.state.rights.get(uid) ?? [])].sort((a, b) => a - b);
    const idsOf = (...keys: string[]) => keys.map((k) => ids.get(k)!).sort((a, b) => a - b);
    expect(granted(7)).toEqual(idsOf('lenina-12-p1', 'lenina-12-p1:lock', 'lenina-12-perimeter', 'lenina-yard-gate-cam', 'lenina-yard-gate-lock'));
    expect(granted(8)).toEqual(idsOf('lenina-yard-gate-cam', 'lenina-yard-gate-lock'));
    expect(granted(9)).toEqual([]);

    emu.resetStats();
    const second = await run();
    expect(second.ops).toEqual([]);
    expect(emu.stats().writes).toBe(0);
  });

  it('takes a device out of every contract before deleting it, leaving no dangling id', async () => {
    expect((await run()).failed).toEqual([]);
    const ids = await remoteIds(runtimes[0]!);
    const perimeter = ids.get('lenina-12-perimeter')!;
    const inventory = join(dir, 'inventory/smartyard.yaml');
    const text = readFileSync(inventory, 'utf8');
    writeFileSync(inventory, text.slice(0, text.indexOf('  lenina-12-perimeter:')) + text.slice(text.indexOf('doors:')));

    const next = await run();
    expect(next.failed).toEqual([]);
    expect(next.ops).toEqual(['remove_member rights 7 lenina-12-perimeter', 'delete device lenina-12-perimeter']);
    expect(emu.state.devices.has(perimeter)).toBe(false);
    expect(emu.state.rights.get(7)).not.toContain(perimeter);
  });

  it('applies a saved plan: the credentials the file could not carry come back from the same inventory', async () => {
    const rt = await openRuntime(await loadConfig(join(dir, 'sync.yaml'), SMARTYARD_FIXTURE_ENV), { logger: silentLogger() });
    runtimes.push(rt);
    const file = join(dir, 'plan.json');
    writeFileSync(file, renderJson((await makePlan(rt, { subscribers: new Map([['hydra', [SUBSCRIBERS]]]) })).plan, rt.kinds));
    expect(readFileSync(file, 'utf8')).not.toContain(SMARTYARD_FIXTURE_ENV.P1_SIP_PASSWORD);

    const plan = await freshPlan(rt, await readPlanFile(file), 'plan.json');
    const result = await applyPlan(rt, plan);
    expect([...result.failed, ...result.notRun]).toEqual([]);
    const ids = await remoteIds(rt);
    expect(emu.state.devices.get(ids.get('lenina-12-p1:lock')!)).toMatchObject({ sippassword: SMARTYARD_FIXTURE_ENV.P1_SIP_PASSWORD, panelpasswd: 'panel-pw-p1' });
    expect([...emu.state.doors.values()].map((d) => d.open).sort()).toEqual(
      [SMARTYARD_FIXTURE_ENV.GATE_OPEN_URL, SMARTYARD_FIXTURE_ENV.P2_OPEN_URL, readFileSync(join(dir, 'secrets/p1-open.url'), 'utf8').trim()].sort(),
    );

    // A rotated credential is a changed inventory: the saved plan is stale.
    const rotated = await openRuntime(await loadConfig(join(dir, 'sync.yaml'), { ...SMARTYARD_FIXTURE_ENV, P2_SIP_PASSWORD: 'rotated-sip-pw' }), { logger: silentLogger() });
    runtimes.push(rotated);
    await expect(freshPlan(rotated, await readPlanFile(file), 'plan.json')).rejects.toThrow(/configuration .* changed/);
  });
});
