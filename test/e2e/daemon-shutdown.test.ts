/**
 * SIGTERM in the middle of a long apply (a slow Smarty): the daemon stops taking ops, lets the
 * in-flight ones finish and commit, and exits 0 within its bound. Nothing is lost (the snapshot
 * knows every object the target holds) and, after a restart converges, no object was created
 * twice. Then `billsync sync` goes through the running daemon, and locally when none runs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { openRuntime } from '../../src/engine/runtime.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { SUBJ_STATE } from '../../src/emulators/hydra/index.js';
import { createSmartyEmulator, type SmartyEmulator } from '../../src/emulators/smarty/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { TOKEN, waitFor, writeConfigDir, type ConfigDir } from './daemon-support/setup.js';
import { billsync, freePort, spawnDaemon, type DaemonProcess } from './daemon-support/child.js';

describe('billsync run: graceful shutdown, then billsync sync', () => {
  let world: EmulatedWorld | undefined;
  let slow: SmartyEmulator | undefined;
  let cfg: ConfigDir | undefined;
  const daemons: DaemonProcess[] = [];

  afterEach(async () => {
    for (const d of daemons) if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill('SIGKILL');
    await Promise.all(daemons.map((d) => d.exited));
    await slow?.stop();
    await world?.close();
    await cfg?.remove();
  });

  it('SIGTERM during an apply loses nothing and duplicates nothing', async () => {
    world = await startEmulatedWorld({ subscribers: 80, seed: 31 });
    slow = createSmartyEmulator({
      apiKey: world.env.SMARTY_API_KEY!,
      tariffs: [
        { id: 1, name: 'Пробный' },
        { id: 2, name: 'Базовый HD' },
        { id: 3, name: 'Дополнительный' },
      ],
      latencyMs: 250,
    });
    const port = await freePort();
    cfg = await writeConfigDir({ interval: '1h', listen: `127.0.0.1:${port}`, shutdownTimeout: '10s' });
    const env: NodeJS.ProcessEnv = { ...world.env, SMARTY_URL: await slow.start(0), BILLSYNC_TOKEN: TOKEN };
    const s = slow;

    const first = spawnDaemon(cfg.file, env, []);
    daemons.push(first);
    await first.url();
    await waitFor('the apply to be under way', () => s.stats().writes >= 30, 20_000, 20);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // Within shutdown_timeout: the daemon itself says when it overran (asserted below), no clock here.
    expect(first.lines.some((l) => l.msg === 'shutting down')).toBe(true);
    expect(first.lines.some((l) => l.msg === 'stopped')).toBe(true);
    expect(first.lines.some((l) => l.msg === 'shutdown overran its bound; forcing exit')).toBe(false);
    expect(existsSync(join(world.dir, 'state.db.lock'))).toBe(false);
    // Secrets never reach the logs.
    for (const secret of [TOKEN, env.HYDRA_PASSWORD!, env.SMARTY_API_KEY!]) expect(first.stderr()).not.toContain(secret);
    expect(first.lines.filter((l) => l.msg === 'op failed' || l.level === 50)).toEqual([]);

    // Nothing lost: every object Smarty holds is in the snapshot, so the plan creates none of them again.
    const config = await loadConfig(cfg.file, env);
    const rt = await openRuntime(config, { logger: silentLogger() });
    try {
      const { plan } = await makePlan(rt);
      const creates = plan.ops.filter((o) => o.type === 'create');
      expect(creates.length).toBeGreaterThan(0);
      const onSmarty = new Set([...s.state.customers.values()].map((c) => c.ext_id));
      expect(s.state.customers.size).toBeGreaterThan(0);
      expect(creates.filter((o) => o.kind === 'customer' && onSmarty.has(o.key))).toEqual([]);
      const snapshot = new Set((await rt.store.loadSnapshot('smarty')).filter((e) => e.kind === 'customer').map((e) => e.key));
      expect([...onSmarty].filter((k) => !snapshot.has(k))).toEqual([]);
    } finally {
      await rt.close();
    }

    // Restart: the rest is applied, and nothing was ever created twice.
    const second = spawnDaemon(cfg.file, env, []);
    daemons.push(second);
    await second.line((l) => l.msg === 'reconcile finished' && l.status === 'ok', 'the restarted reconcile', 30_000);
    const creates = s.requests().filter((r) => r.method === 'customer/create');
    const perExtId = new Map<string, number>();
    for (const r of creates) perExtId.set(String(r.params.ext_id), (perExtId.get(String(r.params.ext_id)) ?? 0) + 1);
    expect([...perExtId].filter(([, n]) => n > 1)).toEqual([]);
    expect(perExtId.size).toBe(s.state.customers.size);

    // billsync sync goes through the running daemon…
    const id = world.hydra.state.addCustomer({ stateId: SUBJ_STATE.on, services: [100, 2, 6] });
    const via = await billsync(['sync', '-c', cfg.file, '--source', 'hydra', '--id', String(id)], env);
    expect(via.stderr).toBe('');
    expect(via.stdout).toMatch(new RegExp(`sync hydra:${id} \\(via daemon http://127\\.0\\.0\\.1:${port}, request [0-9a-f-]+\\): ok`));
    expect(via.stdout).toMatch(/smarty: ok — [1-9]\d*\/[1-9]\d* op\(s\) applied/);
    expect(via.code).toBe(0);
    expect([...s.state.customers.values()].some((c) => c.ext_id === String(id))).toBe(true);

    // …and locally when none runs.
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    world.hydra.state.setState(id, SUBJ_STATE.paymentsLocked);
    const local = await billsync(['sync', '-c', cfg.file, '--source', 'hydra', '--id', String(id), '--json'], env);
    expect(local.stderr).toContain(`no daemon answers at http://127.0.0.1:${port}`);
    expect(local.code).toBe(0);
    const json = JSON.parse(local.stdout) as { via: string; status: string; targets: { target: string; ops: number }[] };
    expect(json).toMatchObject({ via: 'locally', status: 'ok' });
    expect(json.targets[0]!.ops).toBeGreaterThan(0);
  }, 60_000);

  it('run and sync have --help; sync refuses a missing --id', async () => {
    for (const cmd of ['run', 'sync']) {
      const help = await billsync([cmd, '--help'], {});
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: billsync ${cmd}`);
    }
    const bad = await billsync(['sync', '--source', 'hydra'], {});
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('sync needs --source and --id');
  }, 30_000);
});
