/**
 * One writer per target, always: while `billsync apply` (a child process) is in the middle of
 * its writes — held there by the fault proxy, so the overlap does not depend on timing — a
 * second `apply` and a daemon (`billsync run`) are started; and while a daemon runs, an `apply`.
 * On SQLite and on PostgreSQL the second writer is refused (exit 1, naming the holder's pid, and
 * its host on PostgreSQL) — except a PostgreSQL daemon, which by design waits as a follower and
 * takes over once the lock is free. SmartYard, whose `devices_add/` and `rights_add/` have no
 * idempotency at all, ends with no duplicate and the reference state, and one more apply writes
 * nothing.
 */
import { hostname } from 'node:os';
// Spawns bin/billsync.js: this import makes test/global-setup.ts build dist/ first.
import '../support/cli-bin.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Canon } from './support/canon.js';
import { ChaosWorld, type StoreKind, type TrialStore } from './support/chaos-world.js';
import { apply, expectConverged, expectQuiet } from './support/checks.js';
import { killLeftovers, spawnCli, spawnDaemon, type ChildRun, type DaemonRun } from './support/cli.js';
import { Tally } from './support/tally.js';
import { FORWARD, type ProxyPolicy } from '../support/chaos-proxy.js';
import { waitFor } from '../e2e/daemon-support/setup.js';

const tally = new Tally('two writers at once');
afterAll(async () => {
  tally.print();
  killLeftovers();
});

/**
 * Holds every write at the proxy until `open()`; `arrived` resolves at the first one. While
 * `failNew` is on, writes arriving meanwhile are answered 503 instead of held: were the second
 * writer let through, it would fail fast (exit 3) rather than hang behind the gate.
 */
function writeGate(): { policy: ProxyPolicy; open: () => void; arrived: Promise<void>; failNew: (on: boolean) => void } {
  let open!: () => void;
  let reached!: () => void;
  let failing = false;
  const opened = new Promise<void>((r) => (open = r));
  const arrived = new Promise<void>((r) => (reached = r));
  const policy: ProxyPolicy = async (req) => {
    if (!req.write) return FORWARD;
    if (failing) return { kind: 'fail', how: { status: 503 } };
    reached();
    await opened;
    return FORWARD;
  };
  return { policy, open, arrived, failNew: (on) => (failing = on) };
}

/** Resolves once `p` does; fails at once if the child exits first. */
async function whileAlive<T>(child: ChildRun, p: Promise<T>, what: string): Promise<T> {
  return Promise.race([p, child.exited.then((code) => Promise.reject(new Error(`billsync exited (${String(code)}) before ${what}:\n${child.stdout()}\n${child.stderr()}`)))]);
}

/** The refusal names the holder: its pid, and on PostgreSQL its host. */
function expectRefusal(out: string, holder: number, store: StoreKind): void {
  expect(out).toMatch(/another billsync writer holds target|is in use by billsync process/);
  expect(out).toContain(String(holder));
  if (store === 'postgres') expect(out).toContain(hostname());
}

for (const storeKind of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`two writers on ${storeKind}`, () => {
    let w: ChaosWorld;
    let reference: Canon;
    let store: TrialStore | undefined;

    beforeAll(async () => {
      w = await ChaosWorld.start({ pair: 'userside-smartyard', subscribers: 16, seed: 9, daemon: true });
      await w.freshTarget();
      reference = await w.reference();
    }, 180_000);

    afterEach(async () => {
      await store?.drop();
      store = undefined;
    });

    afterAll(async () => {
      await w?.close();
    });

    const fresh = async (): Promise<TrialStore> => {
      await w.freshTarget();
      store = await w.freshStore(storeKind);
      return store;
    };
    const done = async (s: TrialStore, label: string): Promise<void> => {
      expectConverged(w, reference, label);
      await expectQuiet(w, s, label);
    };

    it('apply + apply: the second is refused naming the first; no duplicate', async () => {
      const passed = tally.trial(`apply + apply (${storeKind})`);
      const store = await fresh();
      const gate = writeGate();
      w.targetProxy.setPolicy(gate.policy, { resetCounts: true });
      const first = await spawnCli(['apply', '--yes', '--quiet', '-c', w.config], w.env(store), w.dir);
      try {
        await whileAlive(first, gate.arrived, 'its first write');
        gate.failNew(true);
        const second = await apply(w, store).finally(() => gate.failNew(false));
        expect(second.code, second.stdout + second.stderr).toBe(1);
        expectRefusal(second.stderr, first.pid, storeKind);
      } finally {
        gate.open();
        w.targetProxy.clearPolicy();
      }
      expect(await first.exited, first.stderr()).toBe(0);
      await done(store, 'apply + apply');
      passed();
    }, 180_000);

    it(`apply + daemon: the daemon ${storeKind === 'sqlite' ? 'is refused naming the apply' : 'waits as a follower, then takes over writing nothing'}; no duplicate`, async () => {
      const passed = tally.trial(`apply + daemon (${storeKind})`);
      const store = await fresh();
      const gate = writeGate();
      w.targetProxy.setPolicy(gate.policy, { resetCounts: true });
      const first = await spawnCli(['apply', '--yes', '--quiet', '-c', w.config], w.env(store), w.dir);
      let daemon: DaemonRun | undefined;
      try {
        await whileAlive(first, gate.arrived, 'its first write');
        daemon = await spawnDaemon(w.config, w.env(store), w.dir);
        if (storeKind === 'sqlite') {
          expect(await daemon.exited, daemon.stderr()).toBe(1);
          expectRefusal(daemon.stderr(), first.pid, storeKind);
        } else {
          const health = await daemon.health();
          expect(health.targets.smartyard?.leader, 'the daemon leads while the apply holds the lock').toBe(false);
        }
      } finally {
        gate.open();
        w.targetProxy.clearPolicy();
      }
      expect(await first.exited, first.stderr()).toBe(0);
      if (storeKind === 'postgres') {
        const writes = w.writes();
        const d = daemon!;
        await waitFor('the daemon to take over and reconcile', async () => {
          const t = (await d.health()).targets.smartyard;
          return t?.leader === true && t.lastSuccessAt !== null;
        }, 60_000, 100);
        expect(w.writes() - writes, 'writes of the daemon after the apply converged').toBe(0);
        d.child.kill('SIGTERM');
        expect(await d.exited, d.stderr()).toBe(0);
      }
      await done(store, 'apply + daemon');
      passed();
    }, 180_000);

    it('daemon + apply: the apply is refused naming the daemon; no duplicate', async () => {
      const passed = tally.trial(`daemon + apply (${storeKind})`);
      const store = await fresh();
      const daemon = await spawnDaemon(w.config, w.env(store), w.dir);
      try {
        await waitFor('the daemon to reconcile', async () => (await daemon.health()).targets.smartyard?.lastSuccessAt ?? null, 60_000, 100);
        const second = await apply(w, store);
        expect(second.code, second.stdout + second.stderr).toBe(1);
        expectRefusal(second.stderr, daemon.pid, storeKind);
      } finally {
        daemon.child.kill('SIGTERM');
      }
      expect(await daemon.exited, daemon.stderr()).toBe(0);
      await done(store, 'daemon + apply');
      passed();
    }, 180_000);
  });
}
