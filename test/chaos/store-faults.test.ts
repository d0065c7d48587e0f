/**
 * The store fails right after SmartYard applied a write — the one window where the platform has
 * an object the snapshot does not know (SmartYard's `devices_add/` and `rights_add/` have no
 * idempotency). On SQLite another connection holds the database's write lock past billsync's
 * busy_timeout; on PostgreSQL every connection to the server is cut (through a TCP proxy) and
 * new ones refused. `billsync apply` must stop with a STORE error saying the target call
 * succeeded (exit 1); once the store is back, the next apply adopts what the platform has —
 * no duplicate, the reference state — and the one after writes nothing. The failed run is not
 * left `running` once the next writer ran. A daemon whose PostgreSQL store vanishes in the middle
 * of a reconcile keeps running, takes the lead again once the store is back and converges.
 */
import Database from 'better-sqlite3';
import { hostname } from 'node:os';
// Spawns bin/billsync.js: this import makes test/global-setup.ts build dist/ first.
import '../support/cli-bin.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Canon } from './support/canon.js';
import { ChaosWorld, type StoreKind, type TrialStore } from './support/chaos-world.js';
import { apply, expectConverged, expectQuiet } from './support/checks.js';
import { killLeftovers, spawnCli, spawnDaemon, statusRuns } from './support/cli.js';
import { Tally } from './support/tally.js';
import { FORWARD } from '../support/chaos-proxy.js';
import { TcpCutProxy } from '../support/tcp-cut-proxy.js';
import { waitFor } from '../e2e/daemon-support/setup.js';
import { diffCanon, duplicates } from './support/canon.js';
import { dropSchema, uniqueSchema, withSchema } from '../integration/store/dialects.js';

const tally = new Tally('store failure after a successful target call');
afterAll(async () => {
  tally.print();
  killLeftovers();
});

/** How the store is broken and mended around the fault. */
interface StoreBreaker {
  readonly store: TrialStore;
  breakNow(): void;
  heal(): Promise<void>;
}

async function sqliteBreaker(w: ChaosWorld): Promise<StoreBreaker> {
  const store = await w.freshStore('sqlite');
  let db: Database.Database | undefined;
  return {
    store,
    breakNow() {
      db = new Database(store.url.slice('sqlite:'.length));
      db.pragma('busy_timeout = 10000');
      // In WAL mode: every other writer waits (busy_timeout) and then fails with SQLITE_BUSY.
      db.exec('BEGIN EXCLUSIVE');
    },
    async heal() {
      if (db?.open) {
        db.exec('ROLLBACK');
        db.close();
      }
    },
  };
}

async function postgresBreaker(): Promise<StoreBreaker & { stop(): Promise<void> }> {
  const tcp = new TcpCutProxy('127.0.0.1', 5432);
  const port = await tcp.start();
  const schema = uniqueSchema();
  return {
    store: { kind: 'postgres', url: withSchema(`postgres://postgres@127.0.0.1:${port}/test`, schema), drop: () => dropSchema(schema) },
    breakNow: () => tcp.cut(),
    heal: async () => tcp.heal(),
    stop: () => tcp.stop(),
  };
}

describe('the store fails right after a successful SmartYard write', () => {
  let w: ChaosWorld;
  let reference: Canon;

  beforeAll(async () => {
    w = await ChaosWorld.start({ pair: 'userside-smartyard', subscribers: 16, seed: 5, daemon: true });
    await w.freshTarget();
    reference = await w.reference();
  }, 180_000);

  afterAll(async () => {
    await w?.close();
  });

  for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
    // A device create (write 3) on SQLite, a contract right (write 60) on PostgreSQL.
    const nth = kind === 'sqlite' ? 3 : 60;
    it(`${kind}: exit 1 with a STORE error; the next apply adopts, no duplicate`, async () => {
      const passed = tally.trial(kind);
      await w.freshTarget();
      const pgBreaker = kind === 'postgres' ? await postgresBreaker() : undefined;
      const breaker = pgBreaker ?? (await sqliteBreaker(w));
      try {
        w.targetProxy.setPolicy((req) => (req.writeSeq === nth ? { kind: 'forward', after: async () => (breaker.breakNow(), 'relay') } : FORWARD), { resetCounts: true });
        const child = await spawnCli(['apply', '--yes', '--quiet', '-c', w.config], w.env(breaker.store), w.dir);
        const code = await child.exited;
        w.targetProxy.clearPolicy();
        await breaker.heal();
        expect(code, child.stderr()).toBe(1);
        expect(child.stderr()).toMatch(/error: recording the result of \S+ \S+ \S+ on smartyard failed \(.+\); the call to the target succeeded, so the next run finds that object and adopts it/);
        expect(child.stderr()).not.toMatch(/internal error|Unhandled 'error' event/);

        const resume = await apply(w, breaker.store);
        expect(resume.code, `${resume.stdout}\n${resume.stderr}`).toBe(0);
        expectConverged(w, reference, `after a store failure (${kind})`);
        await expectQuiet(w, breaker.store, `after a store failure (${kind})`);
        const runs = await statusRuns(w.env(breaker.store), w.dir, w.config);
        const failedRun = runs.filter((r) => r.owner === `${child.pid}@${hostname()}`);
        expect(failedRun.map((r) => r.status), 'the run of the apply whose store failed').toEqual([expect.stringMatching(/^(failed|abandoned)$/)]);
        tally.count(`failed_run_${failedRun[0]!.status}`);
        passed();
      } finally {
        w.targetProxy.clearPolicy();
        await breaker.heal();
        await breaker.store.drop();
        await pgBreaker?.stop();
      }
    }, 180_000);
  }
  it('postgres: the daemon survives the store vanishing mid-reconcile, takes the lead again and converges', async () => {
    const passed = tally.trial('daemon, postgres');
    await w.freshTarget();
    const breaker = await postgresBreaker();
    try {
      w.targetProxy.setPolicy((req) => (req.writeSeq === 40 ? { kind: 'forward', after: async () => (breaker.breakNow(), 'relay') } : FORWARD), { resetCounts: true });
      const daemon = await spawnDaemon(w.config, w.env(breaker.store), w.dir);
      try {
        await waitFor('the daemon to lose the store', () => daemon.child.exitCode === null && daemon.stderr().includes('leadership lost'), 60_000, 50);
        w.targetProxy.clearPolicy();
        await breaker.heal();
        await waitFor('the daemon to converge after the store came back', async () => {
          if (daemon.child.exitCode !== null) throw new Error(`the daemon exited (${daemon.child.exitCode}):\n${daemon.stderr()}`);
          const t = (await daemon.health()).targets.smartyard;
          const d = diffCanon(reference, w.canon());
          return t?.leader === true && t.lastStatus === 'ok' && Object.keys(d.missing).length === 0;
        }, 90_000, 200);
        expect(daemon.stderr()).not.toMatch(/Unhandled 'error' event|internal error/);
        expect(duplicates(w.canon())).toEqual({});
      } finally {
        daemon.child.kill('SIGTERM');
      }
      expect(await daemon.exited, daemon.stderr()).toBe(0);
      expectConverged(w, reference, 'daemon after a store outage');
      await expectQuiet(w, breaker.store, 'daemon after a store outage');
      passed();
    } finally {
      w.targetProxy.clearPolicy();
      await breaker.heal();
      await breaker.store.drop();
      await breaker.stop();
    }
  }, 180_000);
});
