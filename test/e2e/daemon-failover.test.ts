/**
 * Two daemons (child processes) on one PostgreSQL store: one leads the target, the other waits;
 * kill -9 the leader and the follower takes over within the bound and converges a billing change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadConfig } from '../../src/config/index.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { playBillingChanges } from '../../src/demo/billing-changes.js';
import { openRuntime } from '../../src/engine/runtime.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { silentLogger } from '../../src/util/logger.js';
import { getJson, TOKEN, waitFor, writeConfigDir, type ConfigDir } from './daemon-support/setup.js';
import { spawnDaemon, type DaemonProcess } from './daemon-support/child.js';

const PG_URL = process.env.BILLSYNC_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type TargetHealth = { leader: boolean; lastSuccessAt: string | null };
const smartyHealth = async (url: string): Promise<TargetHealth> => ((await getJson(`${url}/healthz`)).body.targets as Record<string, TargetHealth>).smarty!;

describe('billsync run: leadership on PostgreSQL', () => {
  let world: EmulatedWorld | undefined;
  let cfg: ConfigDir | undefined;
  const daemons: DaemonProcess[] = [];
  const schema = `daemon_${process.pid}_${Date.now().toString(36)}`;

  afterEach(async () => {
    for (const d of daemons) if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill('SIGKILL');
    await Promise.all(daemons.map((d) => d.exited));
    await world?.close();
    await cfg?.remove();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`).finally(() => client.end());
  });

  it('kill -9 of the leader: the other daemon takes over within the bound and converges', async () => {
    world = await startEmulatedWorld({ subscribers: 40, seed: 21, storeUrl: `${PG_URL}?schema=${schema}` });
    cfg = await writeConfigDir({ interval: '1s' });
    const env = { ...world.env, BILLSYNC_TOKEN: TOKEN };

    const a = spawnDaemon(cfg.file, env);
    daemons.push(a);
    const aUrl = await a.url();
    await a.line((l) => l.msg === 'reconcile finished' && l.status === 'ok', 'first reconcile by the leader');
    const b = spawnDaemon(cfg.file, env);
    daemons.push(b);
    const bUrl = await b.url();
    expect((await smartyHealth(aUrl)).leader).toBe(true);
    expect((await smartyHealth(bUrl)).leader).toBe(false);
    // The follower does not reconcile while the leader lives.
    await new Promise((r) => setTimeout(r, 1500));
    expect(b.lines.filter((l) => l.msg === 'reconcile finished')).toEqual([]);

    a.child.kill('SIGKILL');
    expect(await a.exited).toBe('SIGKILL');
    const changes = playBillingChanges(world.hydra, new Date());
    await b.line((l) => l.msg === 'leadership acquired' && l.target === 'smarty', 'takeover', 10_000);
    // The bound (one leadership poll, 2 s) is the line's deadline above; no wall-clock assertion.
    expect((await smartyHealth(bUrl)).leader).toBe(true);

    const config = await loadConfig(cfg.file, env);
    const rt = await openRuntime(config, { logger: silentLogger() });
    try {
      await waitFor('convergence under the new leader', async () => (await makePlan(rt)).plan.ops.length === 0, 10_000, 200);
    } finally {
      await rt.close();
    }
    expect([...world.smarty.state.customers.values()].some((c) => c.ext_id === String(changes.added))).toBe(true);
    // The plan converges when the new leader's apply has committed; its log line follows.
    await b.line((l) => l.msg === 'reconcile finished' && typeof l.run === 'string', "the new leader's reconcile", 10_000);

    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
  }, 40_000);
});
