/**
 * Change-driven rounds (daemon.full_every) on LANBilling → Smotreshka: after a full round, the
 * next rounds read only the entries LANBilling lists as changed (their services' dates) and
 * point-read them; a change is picked up, an entry that left without showing in the listing is
 * not deleted on the strength of that partial read, and once full_every has passed (on the
 * daemon's injected clock) a full round runs again and sees it gone. Emulators over real
 * sockets, SQLite store.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { AGENT_TV, BLOCKED } from '../../src/emulators/lanbilling/index.js';
import { createLogger } from '../../src/util/logger.js';
import { TOKEN, waitFor } from './daemon-support/setup.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const CINEMA = 211;
const HOUR = 3_600_000;

interface Finished {
  readonly round?: string;
  readonly status?: string;
  readonly ops?: number;
}

describe('billsync daemon: change-driven rounds', () => {
  let world: EmulatedWorld | undefined;
  let daemon: Daemon | undefined;

  afterEach(async () => {
    await daemon?.shutdown('test over');
    daemon?.lifecycle.disarm();
    await world?.close();
    daemon = world = undefined;
  });

  it('picks up a change from the listing, deletes nobody missing from it, and reads whole every full_every', { timeout: 90_000 }, async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 40, seed: 7, pairs: ['lanbilling-smotreshka'] });
    const file = world.config;
    await writeFile(file, `${await readFile(file, 'utf8')}\ndaemon:\n  interval: 300ms\n  jitter: 0\n  full_every: 1h\n  listen: '127.0.0.1:0'\n  token: \${BILLSYNC_TOKEN}\n`);
    const config = await loadConfig(file, { ...world.env, BILLSYNC_TOKEN: TOKEN });
    const prefix = String(config.targets.smotreshka!.options.username_prefix);

    const finished: Finished[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (!line.includes('"reconcile finished"')) continue;
          finished.push(JSON.parse(line) as Finished);
        }
        done();
      },
    });
    let offset = 0;
    const now = (): Date => new Date(Date.now() + offset);
    daemon = await startDaemon(config, { logger: createLogger({ level: 'info', destination: sink }), now, exit: () => undefined });
    await waitFor('the first full round', () => finished.some((f) => f.round === 'full' && f.status === 'ok'), 30_000);

    const lb = world.lanbilling.state;
    const sm = world.smotreshka.state;
    const synced = lb.all().filter((v) => v.agentId === AGENT_TV && !v.archive && !v.template && v.blocked === BLOCKED.active && v.login !== '' && sm.accountByUsername(prefix + v.login));
    const [changed, leaver] = synced.filter((v) => !v.services.some((s) => s.servicecatid === CINEMA && s.timeto === null));
    expect(changed && leaver).toBeTruthy();
    const leaverSubs = [...sm.accountByUsername(prefix + leaver!.login)!.subscriptions].sort();
    expect(leaverSubs.length).toBeGreaterThan(0);

    // One entry gets a service (its `created`/`timefrom` show in the listing); another is
    // archived, which no listed date shows.
    const before = finished.length;
    lb.switchService(changed!.vgid, null, CINEMA, now());
    lb.removeVgroup(leaver!.vgid);
    world.lanbilling.resetStats();
    await waitFor('a change-driven round that applies the change', () => finished.slice(before).some((f) => f.round === 'changes' && f.status === 'ok' && (f.ops ?? 0) > 0), 30_000);
    expect(sm.accountByUsername(prefix + changed!.login)!.subscriptions.has('5010')).toBe(true);
    // Not in the changed set: untouched, although a full read would no longer list it.
    const kept = sm.accountByUsername(prefix + leaver!.login)!;
    expect(kept.archived).toBe(false);
    expect([...kept.subscriptions].sort()).toEqual(leaverSubs);
    expect(finished.slice(before).every((f) => f.round === 'changes')).toBe(true);
    // Change-driven rounds page through services and point-read the changed entry: never the whole entry list.
    const routes = world.lanbilling.stats().byOperation;
    expect(JSON.stringify(routes)).not.toContain('getVgroups');

    // full_every passes on the daemon's clock: the next round reads everything and sees the leaver gone.
    const beforeFull = finished.length;
    offset += 2 * HOUR;
    await waitFor('a full round after full_every', () => finished.slice(beforeFull).some((f) => f.round === 'full' && f.status === 'ok'), 30_000);
    const after = sm.accountByUsername(prefix + leaver!.login);
    // Smotreshka's delete archives the account.
    expect(after === undefined || after.archived).toBe(true);
  });
});
