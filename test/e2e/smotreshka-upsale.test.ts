/**
 * Smotreshka upsale callbacks end to end: the emulated platform (its caller written from the
 * notes) sells a package and swaps a base package through the daemon's callbacks; the following
 * reconcile rounds keep both — no write call, and even a refreshed plan under `drift: enforce`
 * plans nothing for them; repeated ensure/commit calls get the same answers; calls without the
 * secret, from outside the allow-list, or to a daemon without the section are refused.
 * LANBilling → Smotreshka over real sockets, SQLite store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/index.js';
import { DEFAULT_DAEMON } from '../../src/config/daemon.js';
import type { SyncConfig } from '../../src/config/types.js';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { buyInApp, upsaleCallback, type SmotreshkaAccount } from '../../src/emulators/smotreshka/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { TOKEN, waitFor } from './daemon-support/setup.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const SECRET = 'upsale-secret-0123456789abcdef';
const BASES = ['100', '102', '106'];

describe('Smotreshka upsale callbacks', () => {
  let world: EmulatedWorld;
  let daemon: Daemon;
  let target: string;
  let caller: { billingUrl: string; headers: Record<string, string> };

  /** Waits for a full reconcile of the target that started after now. */
  const nextRound = async (): Promise<void> => {
    const before = daemon.health().targets[target]?.lastSuccessAt;
    await waitFor('another reconcile', () => {
      const at = daemon.health().targets[target]?.lastSuccessAt;
      return at && at !== before ? at : undefined;
    }, 20_000);
  };

  beforeAll(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 12, seed: 17, pairs: ['lanbilling-smotreshka'] });
    const loaded = await loadConfig(world.config, world.env);
    target = Object.values(loaded.targets).find((t) => t.type === 'smotreshka')!.name;
    const config: SyncConfig = {
      ...loaded,
      // The strictest drift policy: platform-added packages are removed by a refreshed plan.
      targets: { ...loaded.targets, [target]: { ...loaded.targets[target]!, drift: 'enforce' } },
      daemon: { ...DEFAULT_DAEMON, intervalMs: 700, jitter: 0, listen: '127.0.0.1:0', token: TOKEN, smotreshkaUpsale: { target, allowIps: ['127.0.0.1', '::1'], secret: SECRET } },
    };
    daemon = await startDaemon(config, { logger: silentLogger(), exit: () => undefined });
    caller = { billingUrl: daemon.url, headers: { authorization: `Bearer ${SECRET}` } };
    await waitFor('the first reconcile', () => daemon.health().targets[target]?.lastSuccessAt, 20_000);
  }, 60_000);

  afterAll(async () => {
    await daemon?.shutdown('test over');
    daemon?.lifecycle.disarm();
    await world?.close();
  });

  const active = (): SmotreshkaAccount[] => world.smotreshka.state.listed().filter((a) => !a.is_blocked && [...a.subscriptions].some((s) => BASES.includes(s)));

  it('refuses calls without the secret, from outside the allow-list, and when the section is absent', async () => {
    const [a] = active();
    const params = { accountId: a!.id, accountLogin: a!.username, newOfferId: '5040', qsTransactionId: 'refused-1' };
    const bare = await upsaleCallback({ billingUrl: daemon.url }, 'add', 'ensure', params);
    expect(bare).toEqual({ status: 401, body: { error: expect.stringContaining('missing upsale secret') } });
    const bad = await upsaleCallback(caller, 'replace', 'ensure', { accountId: a!.id, accountLogin: a!.username, newOfferId: '5040', qsTransactionId: 'bad-1', trialDays: 'soon' });
    expect(bad).toEqual({ status: 400, body: { error: expect.stringContaining('invalid replace-ensure call: oldOfferId is required'), problems: ['oldOfferId is required', "trialDays must be a whole number of days, not 'soon'"] } });
    const wrong = await upsaleCallback({ billingUrl: daemon.url, query: { token: 'not-the-secret-at-all' } }, 'add', 'ensure', params);
    expect(wrong.status).toBe(401);
    expect(await daemon.runtime.store.purchases.get(target, 'refused-1')).toBeNull();
    // A daemon whose section allows another address only, and one without the section.
    for (const upsale of [{ target, allowIps: ['203.0.113.0/24'], secret: SECRET }, undefined]) {
      // A store of its own: the SQLite store admits one daemon at a time.
      const dir = await mkdtemp(join(tmpdir(), 'billsync-upsale-'));
      const other = await startDaemon(
        { ...daemon.runtime.config, dir, store: { url: `sqlite:${join(dir, 'state.db')}` }, daemon: { ...DEFAULT_DAEMON, intervalMs: 3_600_000, listen: '127.0.0.1:0', ...(upsale ? { smotreshkaUpsale: upsale } : {}) } },
        { logger: silentLogger(), exit: () => undefined },
      );
      try {
        const r = await upsaleCallback({ billingUrl: other.url, headers: caller.headers }, 'add', 'ensure', params);
        expect(r.status).toBe(403);
        expect(String(r.body.error)).toMatch(upsale ? /not in daemon\.smotreshka_upsale\.allow_ips/ : /no daemon\.smotreshka_upsale section/);
      } finally {
        await other.shutdown('test over');
        other.lifecycle.disarm();
        await rm(dir, { recursive: true, force: true });
      }
    }
  }, 30_000);

  it('sells and swaps packages through the callbacks; the reconcile rounds keep them; repeats answer the same', async () => {
    const [buyer, swapper] = active().filter((a) => !a.subscriptions.has('5040'));
    expect(buyer && swapper).toBeTruthy();
    const oldBase = [...swapper!.subscriptions].find((s) => BASES.includes(s))!;
    const newBase = BASES.find((b) => b !== oldBase)!;

    const bought = await buyInApp(world.smotreshka.state, caller, { accountId: buyer!.id, newOfferId: '5040', qsTransactionId: 'qs-add-1' });
    expect(bought.ensure).toEqual({ status: 200, body: { result: 'operation_ensured', billingTransactionId: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    expect(bought.commit).toEqual({ status: 200, body: { result: 'operation_commited', billingTransactionId: bought.ensure.body.billingTransactionId, billingStartTimestamp: expect.any(String) } });
    const swapped = await buyInApp(world.smotreshka.state, caller, { accountId: swapper!.id, newOfferId: newBase, oldOfferId: oldBase, trialDays: 7 });
    expect(swapped.commit?.body.result).toBe('operation_commited');

    // Repeats: the same answers, nothing new stored.
    const params = { accountId: buyer!.id, accountLogin: buyer!.username, newOfferId: '5040', qsTransactionId: 'qs-add-1' };
    const again = await upsaleCallback(caller, 'add', 'ensure', params);
    expect(again).toEqual(bought.commit);
    const commitAgain = await upsaleCallback(caller, 'add', 'commit', { ...params, billingTransactionId: String(bought.ensure.body.billingTransactionId) });
    expect(commitAgain).toEqual(bought.commit);
    // The same id for another purchase, and a commit nobody ensured: errors that say so.
    const reused = await upsaleCallback(caller, 'add', 'ensure', { ...params, newOfferId: '5030' });
    expect(reused).toEqual({ status: 409, body: { error: expect.stringContaining('qsTransactionId qs-add-1 was ensured with newOfferId 5040') } });
    const unknown = await upsaleCallback(caller, 'add', 'commit', { ...params, qsTransactionId: 'never-ensured', billingTransactionId: 'x' });
    expect(unknown.status).toBe(404);
    // Already held: no action.
    const held = await upsaleCallback(caller, 'add', 'ensure', { ...params, qsTransactionId: 'qs-add-2' });
    expect(held.body.result).toBe('no_action_required');

    // Reconcile rounds: nothing written, the purchases stay on the platform.
    const writes = world.smotreshka.stats().writes;
    await nextRound();
    await nextRound();
    expect(world.smotreshka.stats().writes).toBe(writes);
    expect(buyer!.subscriptions.has('5040')).toBe(true);
    expect(swapper!.subscriptions.has(newBase)).toBe(true);
    expect(swapper!.subscriptions.has(oldBase)).toBe(false);

    // A refreshed plan under drift: enforce reads the platform and still plans nothing for them.
    const refreshed = await makePlan(daemon.runtime, { refresh: true });
    const prefix = String(daemon.runtime.config.targets[target]!.options.username_prefix ?? '');
    const keys = new Set([buyer!.username, swapper!.username].map((u) => u.slice(prefix.length)));
    expect(refreshed.plan.ops.filter((o) => o.target === target && keys.has(o.key))).toEqual([]);

    // Listed for the billing, and counted.
    const list = await fetch(`${daemon.url}/v1/upsale/purchases`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const { purchases } = (await list.json()) as { purchases: { qsTransactionId: string; state: string; newOffer: string; oldOffer: string | null }[] };
    expect(purchases.map((p) => [p.state, p.newOffer, p.oldOffer]).sort()).toEqual([['committed', '5040', null], ['committed', newBase, oldBase]].sort());
    expect((await fetch(`${daemon.url}/v1/upsale/purchases`)).status).toBe(401);
    const metrics = await (await fetch(`${daemon.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`billsync_upsale_purchases\\{target="${target}",state="committed"\\} 2`));
    expect(metrics).toMatch(/billsync_upsale_callbacks_total\{route="add-ensure",answer="operation_ensured"\} 1/);
    // And from the CLI, reading the store.
    let out = '';
    const stdout = new Writable({ write: (c, _e, done) => { out += String(c); done(); } });
    const code = await main(['upsale', '-c', world.config], { stdout, stderr: new Writable({ write: (_c, _e, done) => done() }), env: world.env, cwd: process.cwd() });
    expect(code).toBe(0);
    expect(out).toContain(`committed`);
    expect(out).toContain(`add 5040  qs=qs-add-1`);
    expect(out).toContain(`replace ${oldBase} → ${newBase} (trial 7 d)`);

    // The billing catches up (a manager adds the package, switches the base): the purchases end
    // as reflected, and from then on they are ordinary billing state.
    const lb = world.lanbilling.state;
    const vgidOf = (a: SmotreshkaAccount): number => lb.data.vgroups.find((v) => prefix + v.login === a.username)!.vgid;
    const CATALOG: Readonly<Record<string, number>> = { '100': 201, '102': 202, '106': 203, '5040': 214 };
    lb.switchService(vgidOf(buyer!), null, CATALOG['5040']!);
    lb.switchService(vgidOf(swapper!), CATALOG[oldBase]!, CATALOG[newBase]!);
    await nextRound();
    const ended = await daemon.runtime.store.purchases.list({ target, states: ['reflected'], limit: 10 });
    expect(ended.map((p) => p.newOffer).sort()).toEqual(['5040', newBase].sort());
    await nextRound();
    expect([...buyer!.subscriptions]).toContain('5040');
    expect([...swapper!.subscriptions].filter((s) => BASES.includes(s))).toEqual([newBase]);
    // The snapshot now holds what the platform holds: a refreshed plan has nothing for them.
    const after = await makePlan(daemon.runtime, { refresh: true });
    expect(after.plan.ops.filter((o) => o.target === target && keys.has(o.key))).toEqual([]);
  }, 60_000);
});
