/**
 * The daemon in-process against the Hydra and Smarty emulators (SQLite store): a billing change
 * converges within one interval while a failing target is backed off; a trigger applies within a
 * second and bursts coalesce; health and metrics tell the story; a second daemon on the same
 * SQLite store is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { playBillingChanges } from '../../src/demo/billing-changes.js';
import { openRuntime } from '../../src/engine/runtime.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { SUBJ_STATE } from '../../src/emulators/hydra/index.js';
import { createSmartyEmulator, type SmartyEmulator } from '../../src/emulators/smarty/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { getJson, postSync, TOKEN, waitFor, writeConfigDir, type ConfigDir } from './daemon-support/setup.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const noExit = (code: number): void => {
  throw new Error(`the watchdog forced exit(${code})`);
};

describe('billsync daemon (in-process, SQLite)', () => {
  let world: EmulatedWorld | undefined;
  let cfg: ConfigDir | undefined;
  let daemon: Daemon | undefined;
  let broken: SmartyEmulator | undefined;

  afterEach(async () => {
    await daemon?.shutdown('test over');
    daemon?.lifecycle.disarm();
    await broken?.stop();
    await world?.close();
    await cfg?.remove();
    daemon = broken = world = cfg = undefined;
  });

  it('converges a billing change within one interval; a failing target is backed off while the other goes on', async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 40, seed: 11 });
    broken = createSmartyEmulator({ apiKey: world.env.SMARTY_API_KEY! });
    const brokenUrl = await broken.start(0);
    broken.failNext(1_000_000, { status: 500 });
    cfg = await writeConfigDir({ interval: '1s', secondTarget: true });
    const env = { ...world.env, SMARTY2_URL: brokenUrl, BILLSYNC_TOKEN: TOKEN };
    const config = await loadConfig(cfg.file, env);
    daemon = await startDaemon(config, { logger: silentLogger(), exit: noExit, breakerThreshold: 2 });
    const d = daemon;

    await waitFor('first reconcile of smarty', () => d.health().targets.smarty?.lastSuccessAt, 15_000);
    expect(world.smarty.state.customers.size).toBeGreaterThan(20);

    const changes = playBillingChanges(world.hydra, new Date());
    const rt = await openRuntime(config, { logger: silentLogger() });
    try {
      const converged = async (): Promise<boolean> => {
        const made = await makePlan(rt);
        return made.plan.ops.filter((o) => o.target === 'smarty').length === 0;
      };
      await waitFor('smarty to converge', converged, 5000, 100);
    } finally {
      await rt.close();
    }
    // Converged by the schedule alone (interval 1 s, polled up to 5 s above): no wall-clock assertion.
    expect([...world.smarty.state.customers.values()].some((c) => c.ext_id === String(changes.added))).toBe(true);

    // smarty2 answers 500 to everything: after two failed runs its circuit opens; health says so.
    const health = await waitFor('smarty2 backed off', async () => {
      const h = await getJson(`${d.url}/healthz`);
      const t = (h.body.targets as Record<string, { breaker: { state: string } }>).smarty2;
      return t && t.breaker.state !== 'closed' ? h : undefined;
    }, 10_000, 100);
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('degraded');
    const targets = health.body.targets as Record<string, { leader: boolean; breaker: { state: string; lastError: string | null }; lastSuccessAt: string | null }>;
    expect(targets.smarty2!.breaker.lastError).toMatch(/500|HTTP/);
    expect(targets.smarty!.breaker.state).toBe('closed');
    expect(targets.smarty!.leader).toBe(true);
    const ready = await getJson(`${d.url}/readyz`);
    expect(ready.status).toBe(200);

    const metrics = await (await fetch(`${d.url}/metrics`)).text();
    expect(metrics).toMatch(/billsync_runs_total\{target="smarty",trigger="schedule",result="ok"\} [1-9]/);
    expect(metrics).toMatch(/billsync_runs_total\{target="smarty2",trigger="schedule",result="failed"\} [1-9]/);
    expect(metrics).toMatch(/billsync_ops_total\{target="smarty",type="create",result="ok"\} [1-9]/);
    expect(metrics).toMatch(/billsync_ops_total\{target="smarty2",type="create",result="failed"\} [1-9]/);
    expect(metrics).toMatch(/billsync_last_success_timestamp_seconds\{target="smarty"\} 1\d{9}/);
    expect(metrics).toMatch(/billsync_source_read_seconds_count\{source="hydra",mode="full"\} [1-9]/);
    expect(metrics).toMatch(/billsync_circuit_state\{target="smarty2"\} [12]/);
    expect(metrics).toContain('billsync_trigger_queue_depth 0');
    expect(metrics).toContain('# TYPE billsync_rate_limit_waits_total counter');
    expect(metrics).toMatch(/billsync_leader\{target="smarty"\} 1/);
  }, 30_000);

  it('a trigger applies one subscriber at once (not on the schedule); bursts coalesce; auth is required', async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 30, seed: 12 });
    cfg = await writeConfigDir({ interval: '1h' });
    const config = await loadConfig(cfg.file, { ...world.env, BILLSYNC_TOKEN: TOKEN });
    daemon = await startDaemon(config, { logger: silentLogger(), exit: noExit });
    const d = daemon;
    await waitFor('first reconcile', () => d.health().targets.smarty?.lastSuccessAt, 15_000);

    const id = world.hydra.state.addCustomer({ stateId: SUBJ_STATE.on, services: [100, 2, 6] });
    const r = await postSync(d.url, { source: 'hydra', id }, { token: TOKEN, wait: true });
    // Applied by the trigger, not the schedule (interval 1 h): the answer carries the outcome.
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ source: 'hydra', id: String(id), status: 'ok' });
    expect([...world.smarty.state.customers.values()].some((c) => c.ext_id === String(id))).toBe(true);
    const targets = r.body.targets as { target: string; ops: number; succeeded: number }[];
    expect(targets[0]).toMatchObject({ target: 'smarty', status: 'ok' });
    expect(targets[0]!.succeeded).toBeGreaterThan(0);

    // A burst for one subscriber: one job, every request answered with its own id.
    world.hydra.state.setState(id, SUBJ_STATE.paymentsLocked);
    const burst = await Promise.all(Array.from({ length: 5 }, () => postSync(d.url, { source: 'hydra', id: String(id) }, { token: TOKEN })));
    expect(burst.map((b) => b.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(burst.map((b) => b.body.jobId)).size).toBe(1);
    expect(new Set(burst.map((b) => b.body.requestId)).size).toBe(5);
    expect(burst.filter((b) => b.body.coalesced === true)).toHaveLength(4);
    await waitFor('the blocked subscriber applied', async () => {
      const again = await postSync(d.url, { source: 'hydra', id }, { token: TOKEN, wait: true });
      return (again.body.targets as { ops: number }[])[0]!.ops === 0;
    }, 3000, 50);

    expect((await postSync(d.url, { source: 'hydra', id })).status).toBe(401);
    expect((await postSync(d.url, { source: 'hydra', id }, { token: `${TOKEN}x` })).status).toBe(401);
    expect((await postSync(d.url, { source: 'nope', id }, { token: TOKEN })).status).toBe(404);
    expect((await postSync(d.url, { source: 'hydra' }, { token: TOKEN })).status).toBe(400);
    const metrics = await (await fetch(`${d.url}/metrics`)).text();
    expect(metrics).toMatch(/billsync_runs_total\{target="smarty",trigger="trigger",result="ok"\} [1-9]/);
    expect(metrics).toMatch(/billsync_source_read_seconds_count\{source="hydra",mode="one"\} [1-9]/);
  }, 30_000);

  it('refuses a second daemon on the same SQLite store, naming the pid and the fix', async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 5, seed: 13 });
    cfg = await writeConfigDir({ interval: '1h' });
    const config = await loadConfig(cfg.file, { ...world.env, BILLSYNC_TOKEN: TOKEN });
    daemon = await startDaemon(config, { logger: silentLogger(), exit: noExit });
    const second = startDaemon(config, { logger: silentLogger(), exit: noExit });
    await expect(second).rejects.toThrow(new RegExp(`in use by billsync process ${process.pid}`));
    await second.catch((err: { fix?: string }) => expect(err.fix).toMatch(/kill \d+.*PostgreSQL.*delete .*state\.db\.lock/s));
    // The refusal took nothing away from the first one.
    expect(daemon.health().targets.smarty?.leader).toBe(true);
  }, 30_000);
});
