/**
 * `impact` treats an inventory like a mapping: removing a device from the inventory is config
 * impact (its delete and the rights it leaves), not data impact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type SyncConfig } from '../../../src/config/index.js';
import { openRuntime, type Runtime } from '../../../src/engine/runtime.js';
import { impactOf, type Impact } from '../../../src/engine/impact.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { silentLogger } from '../../../src/util/logger.js';
import { aSubscriber } from '../../support/subscriber-builder.js';
import { SMARTYARD_FIXTURE_ENV } from '../../fixtures/smartyard/env.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/smartyard/', import.meta.url));
const SUBSCRIBERS: Subscriber[] = [
  aSubscriber({ id: '7', address: { houseId: '1001', entrance: '1' }, services: [{ id: '501' }] }),
  aSubscriber({ id: '8', address: { houseId: '1002', entrance: '3' }, services: [{ id: '502' }] }),
];

let dir: string;
let rt: Runtime;
let old: SyncConfig;
let impact: Impact;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'billsync-impact-inventory-'));
  await cp(FIXTURE, join(dir, 'now'), { recursive: true });
  const inventory = join(dir, 'now', 'inventory', 'smartyard.yaml');
  const text = await readFile(inventory, 'utf8');
  // The change under review: the perimeter camera leaves the inventory.
  const cut = text.replace(/\n {2}lenina-12-perimeter:\n(?: {4}.*\n)+/, '\n');
  expect(cut).not.toContain('lenina-12-perimeter');
  await writeFile(inventory, cut);
  old = await loadConfig(join(FIXTURE, 'sync.yaml'), SMARTYARD_FIXTURE_ENV);
  const config = await loadConfig(join(dir, 'now', 'sync.yaml'), SMARTYARD_FIXTURE_ENV);
  rt = await openRuntime({ ...config, store: { url: `sqlite:${join(dir, 'state.db')}` } }, { logger: silentLogger() });
  impact = await impactOf(rt, old, { subscribers: new Map([['hydra', [SUBSCRIBERS]]]), now: new Date('2026-01-01T00:00:00Z') });
});

afterAll(async () => {
  await rt?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('impact of an inventory change', () => {
  it('shows the device leaving the inventory and the rights it leaves as config impact', () => {
    expect(impact.mapping.ops.map((o) => `${o.type} ${o.kind}/${o.key}${'member' in o ? ` ${o.member}` : ''}`)).toEqual([
      'remove_member rights/7 lenina-12-perimeter',
      'delete device/lenina-12-perimeter',
    ]);
  });

  it('plans the old inventory against the (empty) snapshot as data impact', () => {
    const devices = impact.data.ops.filter((o) => o.type === 'create' && o.kind === 'device').map((o) => o.key);
    expect(devices).toContain('lenina-12-perimeter');
  });
});
