/**
 * UserSide → Smarty devices, end to end over real sockets: `devices: true` reads the MACs of a
 * customer's ip_mac records; the mapping's `devices.matches` binds only the set-top boxes among
 * them (a router's MAC stays unbound) and placeholder MACs never become devices.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { silentLogger } from '../../src/util/logger.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { pairConfigText } from '../../src/demo/example-config.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const MAPPING = `
source: userside
target: smarty
filter:
  - { field: status, not_in: [off] }
entities:
  customer:
    key: '{{ id }}'
    attrs:
      lastname: '{{ name.last }}'
      comment: 'US_{{ id }}'
  account:
    parent: customer
    key: '{{ id }}'
    attrs: { allow_login_by_abonement: true }
status:
  entity: account
  map:
    active: { active: true, status_reason: ACTIVE }
  default: { active: false, status_reason: BLOCK }
devices:
  entity: account
  uids: '{{ devices }}'
  # ip_mac holds routers and CPEs too: bind only this vendor's set-top boxes.
  matches: '^00:1a:79:'
  attrs: { system_name: mag }
  login_attr: allow_login_by_device_uid
`;

let world: EmulatedWorld;
let rt: Runtime;

/** sync.yaml with the example's userside source (devices: true) and smarty target, and MAPPING. */
async function openUsersideSmarty(): Promise<Runtime> {
  const doc = parseDocument(await pairConfigText(['hydra-smarty', 'userside-smartyard'], { rate: LOOPBACK_RATE }));
  doc.deleteIn(['sources', 'hydra']);
  doc.deleteIn(['targets', 'smartyard']);
  doc.setIn(['sources', 'userside', 'devices'], true);
  doc.set('mappings', doc.createNode(['mappings/userside-smarty.yaml']));
  const dir = join(world.dir, 'userside-smarty');
  await mkdir(join(dir, 'mappings'), { recursive: true });
  await writeFile(join(dir, 'mappings', 'userside-smarty.yaml'), MAPPING);
  await writeFile(join(dir, 'sync.yaml'), doc.toString());
  return openRuntime(await loadConfig(join(dir, 'sync.yaml'), world.env), { logger: silentLogger() });
}

async function sync(): Promise<Awaited<ReturnType<typeof applyPlan>>> {
  const made = await makePlan(rt);
  return applyPlan(rt, made.plan, { snapshots: made.snapshots });
}

beforeEach(async () => {
  world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 8, seed: 5, pairs: ['hydra-smarty'] });
  rt = await openUsersideSmarty();
});
afterEach(async () => {
  await rt?.close();
  await world?.close();
});

describe('UserSide → Smarty: devices from ip_mac', () => {
  it('binds the set-top box of ip_mac, not the router, and no placeholder; a second run changes nothing', async () => {
    const active = world.userside.state.all().filter((c) => c.stateId === 1 && !c.former && !c.potential);
    const [a, b] = [active[0]!.id, active[1]!.id];
    world.userside.state.setIpMac(a, [
      { ip: 0x0a000101, mac: '001a79123456' },
      { ip: 0x0a000102, mac: 'd4ca6d112233' },
      { ip: 0x0a000103, mac: '000000000000' },
      { ip: 0x0a000104, mac: '' },
    ]);
    expect((await sync()).failed).toEqual([]);

    const account = world.smarty.state.accountByAbon(a)!;
    expect(world.smarty.state.devices.byDeviceUid('00:1a:79:12:34:56')?.account_id).toBe(account.id);
    expect(account.flags.allow_login_by_device_uid).toBe(true);
    expect(world.smarty.state.devices.byDeviceUid('d4:ca:6d:11:22:33')).toBeUndefined();
    expect(world.smarty.state.devices.byDeviceUid('00:00:00:00:00:00')).toBeUndefined();
    // Every other customer's generated ip_mac is a router: none of them has a device.
    const other = world.smarty.state.accountByAbon(b)!;
    expect(other.flags.allow_login_by_device_uid).toBe(false);
    expect(world.smarty.requests().filter((r) => r.method === 'account/device/create')).toHaveLength(1);
    expect((await makePlan(rt)).plan.ops).toEqual([]);
  });
});
