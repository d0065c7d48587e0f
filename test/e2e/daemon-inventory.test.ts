/**
 * The daemon reconciles a target that no mapping feeds, whose inventory alone declares what it
 * holds (a SmartYard server whose devices and doors billsync keeps, rights given elsewhere).
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.js';
import { compileMappings } from '../../src/engine/runtime.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { silentLogger } from '../../src/util/logger.js';
import { SMARTYARD_FIXTURE_ENV } from '../fixtures/smartyard/env.js';
import { TOKEN, waitFor, writeConfigDir, type ConfigDir } from './daemon-support/setup.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/smartyard/', import.meta.url));

describe('billsync daemon with an inventory-only target', () => {
  let world: EmulatedWorld | undefined;
  let cfg: ConfigDir | undefined;
  let daemon: Daemon | undefined;

  afterEach(async () => {
    await daemon?.shutdown('test over');
    daemon?.lifecycle.disarm();
    await world?.close();
    await cfg?.remove();
    daemon = world = cfg = undefined;
  });

  it('creates the inventory on the server, then leaves it be', async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 20, seed: 4 });
    cfg = await writeConfigDir({ interval: '1s' });
    await cp(join(FIXTURE, 'inventory'), join(cfg.dir, 'inventory'), { recursive: true });
    await cp(join(FIXTURE, 'secrets'), join(cfg.dir, 'secrets'), { recursive: true });
    const sync = await readFile(cfg.file, 'utf8');
    await writeFile(cfg.file, sync.replace(/^targets:\n/m, 'targets:\n  yard:\n    type: smartyard\n    url: ${SMARTYARD_URL}\n    inventory: inventory/smartyard.yaml\n'));
    const config = await loadConfig(cfg.file, { ...world.env, ...SMARTYARD_FIXTURE_ENV, BILLSYNC_TOKEN: TOKEN });
    expect(compileMappings(config).mappings.map((m) => m.target)).toEqual(['smarty']);

    daemon = await startDaemon(config, { logger: silentLogger(), exit: () => undefined });
    const d = daemon;
    const yard = world.smartyard;
    await waitFor('the inventory on the server', () => yard.state.devices.size === 7 && yard.state.doors.size === 3, 15_000);
    await waitFor('a successful reconcile of yard', () => d.health().targets.yard?.lastSuccessAt, 5_000);
    // The next rounds find nothing to do: no write, no second copy of any device or door.
    const writes = yard.stats().writes;
    let seen = d.health().targets.yard?.lastSuccessAt;
    for (let round = 0; round < 2; round++) {
      const before = seen;
      seen = await waitFor('another reconcile of yard', () => {
        const at = d.health().targets.yard?.lastSuccessAt;
        return at && at !== before ? at : undefined;
      }, 10_000);
    }
    expect(yard.stats().writes).toBe(writes);
    expect(yard.state.devices.size).toBe(7);
    expect(yard.state.doors.size).toBe(3);
  });
});
