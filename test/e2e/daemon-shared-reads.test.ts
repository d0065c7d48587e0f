/**
 * One read per source per round: a daemon with two targets mapped from one Hydra source reads
 * Hydra once for both targets' full reconciles (requests counted at the emulator), and each
 * target still applies the whole read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { SMARTY_TARIFFS } from '../../src/demo/catalogues.js';
import { openRuntime } from '../../src/engine/runtime.js';
import { readSources } from '../../src/engine/read-sources.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { createSmartyEmulator, type SmartyEmulator } from '../../src/emulators/smarty/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { TOKEN, waitFor, writeConfigDir, type ConfigDir } from './daemon-support/setup.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

describe('billsync daemon: one read per source per round', () => {
  let world: EmulatedWorld | undefined;
  let cfg: ConfigDir | undefined;
  let daemon: Daemon | undefined;
  let second: SmartyEmulator | undefined;

  afterEach(async () => {
    await daemon?.shutdown('test over');
    daemon?.lifecycle.disarm();
    await second?.stop();
    await world?.close();
    await cfg?.remove();
    daemon = second = world = cfg = undefined;
  });

  it('reads Hydra once for two targets mapped from it', async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 60, seed: 5 });
    second = createSmartyEmulator({ apiKey: world.env.SMARTY_API_KEY!, tariffs: SMARTY_TARIFFS });
    const secondUrl = await second.start(0);
    // A long interval: the round under test is the first one, which both workers start at once.
    cfg = await writeConfigDir({ interval: '1h', secondTarget: true });
    const config = await loadConfig(cfg.file, { ...world.env, SMARTY2_URL: secondUrl, BILLSYNC_TOKEN: TOKEN });

    // What one full read of the source costs, measured on its own.
    const rt = await openRuntime(config, { logger: silentLogger() });
    world.hydra.resetStats();
    try {
      await readSources(rt, () => undefined);
    } finally {
      await rt.close();
    }
    const oneRead = world.hydra.stats().byRoute;
    world.hydra.resetStats();
    // A plan over both targets (as `plan`/`apply` make it) reads the source once too.
    const both = await openRuntime(config, { logger: silentLogger() });
    try {
      const made = await makePlan(both, { confirm: false });
      expect(new Set(made.plan.ops.map((o) => o.target))).toEqual(new Set(['smarty', 'smarty2']));
    } finally {
      await both.close();
    }
    expect(world.hydra.stats().byRoute).toEqual(oneRead);
    world.hydra.resetStats();

    daemon = await startDaemon(config, { logger: silentLogger(), exit: () => undefined });
    const d = daemon;
    await waitFor('both targets reconciled', () => d.health().targets.smarty?.lastSuccessAt && d.health().targets.smarty2?.lastSuccessAt, 20_000);
    const round = world.hydra.stats().byRoute;
    const { ['POST /login']: _l1, ...readRoutes } = oneRead;
    const { ['POST /login']: _l2, ...roundRoutes } = round;
    expect(Object.values(readRoutes).reduce((a, b) => a + b, 0)).toBeGreaterThan(60);
    expect(roundRoutes).toEqual(readRoutes);
    // Both targets got every subscriber of the one read.
    expect(second.state.customers.size).toBe(world.smarty.state.customers.size);
    expect(d.health().targets.smarty2?.lastRead?.subscribers).toEqual(d.health().targets.smarty?.lastRead?.subscribers);
  });
});
