/**
 * Held-back changes in the daemon are visible and approvable: a billing that blocks most
 * subscribers at once is held back by max_blocks; the daemon stores the set with its hash,
 * shows it on /healthz and logs it once (not every round); an approval with a wrong hash is
 * refused; the right one applies exactly that set through POST /v1/approve (what `billsync
 * approve` sends while a daemon holds the writer lock) and the held-back set is cleared.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { SUBJ_STATE } from '../../src/emulators/hydra/index.js';
import { createLogger } from '../../src/util/logger.js';
import { getJson, TOKEN, waitFor, writeConfigDir, type ConfigDir } from './daemon-support/setup.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const noExit = (code: number): void => {
  throw new Error(`the watchdog forced exit(${code})`);
};

async function postApprove(base: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/v1/approve`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('daemon: held-back changes', () => {
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

  it('stores, shows, logs once and applies exactly the approved set', async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 60, seed: 5 });
    cfg = await writeConfigDir({ interval: '300ms' });
    const config = await loadConfig(cfg.file, { ...world.env, BILLSYNC_TOKEN: TOKEN });
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    daemon = await startDaemon(config, { logger: createLogger({ level: 'info', destination: sink }), exit: noExit });
    const d = daemon;
    await waitFor('first reconcile', () => d.health().targets.smarty?.lastSuccessAt, 20_000);

    // Most subscribers locked for debt at once: a billing bug until someone says otherwise.
    const active = world.hydra.state.all().filter((c) => c.stateId === SUBJ_STATE.on && /^\d+$/.test(c.account));
    for (const c of active) world.hydra.state.setState(c.id, SUBJ_STATE.paymentsLocked);
    const held = await waitFor('held back on /healthz', async () => {
      const h = await getJson(`${d.url}/healthz`);
      const t = (h.body.targets as Record<string, { heldBack: { ops: number; hash: string } | null }>).smarty;
      return t?.heldBack ?? undefined;
    }, 20_000, 100);
    expect(held.ops).toBeGreaterThanOrEqual(active.length);
    expect((await getJson(`${d.url}/healthz`)).body.heldBackOps).toBe(held.ops);
    const metrics = await (await fetch(`${d.url}/metrics`)).text();
    expect(metrics).toContain(`billsync_held_back_ops{target="smarty"} ${held.ops}`);
    // Several more rounds pass; the set is logged once, when it appeared.
    await new Promise((r) => setTimeout(r, 1500));
    expect(lines.filter((l) => l.includes('"msg":"held back:')).length).toBe(new Set(lines.filter((l) => l.includes('"msg":"held back:')).map((l) => JSON.parse(l).rule as string)).size);
    expect(world.smarty.state.accounts.size).toBeGreaterThan(0);
    const blockedBefore = [...world.smarty.state.accounts.values()].filter((a) => a.flags.active === false).length;

    expect((await postApprove(d.url, { target: 'smarty', hash: '0000000000000000' })).status).toBe(409);
    const approved = await postApprove(d.url, { target: 'smarty', hash: held.hash });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ target: 'smarty', hash: held.hash, failed: 0 });
    expect(approved.body.succeeded).toBe(approved.body.ops);
    const blockedAfter = [...world.smarty.state.accounts.values()].filter((a) => a.flags.active === false).length;
    expect(blockedAfter - blockedBefore).toBe(active.length);
    await waitFor('held back cleared', async () => {
      const h = await getJson(`${d.url}/healthz`);
      return (h.body.targets as Record<string, { heldBack: unknown }>).smarty?.heldBack === null;
    }, 10_000, 100);
  }, 90_000);
});
