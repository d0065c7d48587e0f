/**
 * Bridges in the real daemon: sync.yaml's `bridges:` mounts usm_billing on the daemon's port;
 * the emulated usm_billing importer imports a Hydra billing through it twice (the second import
 * changes nothing); a change in Hydra reaches UserSide through the daemon's own reconcile — the
 * bridge's refresh is an hour, so only the tapped reconcile read can have brought it.
 */
import { appendFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { SUBJ_STATE } from '../../src/emulators/hydra/index.js';
import { runUsmImport, UsImportStore } from '../../src/emulators/userside-usm-client/index.js';
import { createLogger } from '../../src/util/logger.js';
import { TOKEN, waitFor, writeConfigDir, type ConfigDir } from './daemon-support/setup.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const USM_MAPPING = fileURLToPath(new URL('../../mappings/bridge-usm-billing.yaml', import.meta.url));
const USM_KEY = 'usm-key-abcdef0123456789';

describe('daemon: bridges', () => {
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

  it('serves usm_billing from the daemon\'s reads; a second import changes nothing', async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 40, seed: 11 });
    cfg = await writeConfigDir({ interval: '300ms' });
    await copyFile(USM_MAPPING, join(cfg.dir, 'mappings', 'bridge-usm-billing.yaml'));
    await appendFile(cfg.file, ['bridges:', '  refresh: 1h', '  usm_billing:', '    source: hydra', '    mapping: mappings/bridge-usm-billing.yaml', '    token: ${USM_KEY}', ''].join('\n'));
    const config = await loadConfig(cfg.file, { ...world.env, BILLSYNC_TOKEN: TOKEN, USM_KEY });
    daemon = await startDaemon(config, { logger: createLogger({ level: 'silent' }), exit: () => undefined });
    const d = daemon;
    const billingUrl = `${d.url}/bridges/usm-billing/?key=${USM_KEY}`;
    await waitFor('first answer', async () => (await fetch(`${billingUrl}&request=get_user_list`)).status === 200, 20_000, 100);

    const us = new UsImportStore();
    const first = await runUsmImport(billingUrl, us);
    expect(first.customers).toBe(world.hydra.state.all().length);
    const second = await runUsmImport(billingUrl, us);
    expect(second.changes).toEqual([]);

    const victim = world.hydra.state.all().find((c) => c.stateId === SUBJ_STATE.on)!;
    const before = us.customers.get(String(victim.id))!.stateId;
    expect(before).toBe(2);
    world.hydra.state.setState(victim.id, SUBJ_STATE.paymentsLocked);
    const changed = await waitFor('the reconcile\'s read to reach the bridge', async () => {
      const r = await runUsmImport(billingUrl, us);
      return r.changes.length > 0 ? r.changes : undefined;
    }, 20_000, 200);
    expect(changed).toEqual([`customer ${victim.id}: stateId 2 → 0`]);
    // The key is the bridge's own: the daemon token does not open it, and it opens nothing else.
    expect((await fetch(`${d.url}/bridges/usm-billing/?key=${TOKEN}&request=get_user_list`)).status).toBe(401);
    expect((await fetch(`${d.url}/v1/sync`, { method: 'POST', headers: { authorization: `Bearer ${USM_KEY}` }, body: '{}' })).status).toBe(401);
  }, 60_000);
});
