/**
 * Ctrl-C during `billsync apply`: SIGINT reaches the child process while one of its writes is
 * held at the fault proxy (so the signal lands mid-apply whatever the machine's load); the
 * write is then let through. billsync must let the ops in flight finish and commit, exit 130
 * with the one-line "Interrupted by SIGINT: …" message, record the run as `interrupted` (as
 * `billsync status --json` shows it, also after the next writer ran — it is not abandoned), and
 * the next apply must converge to the reference with no duplicate, then write nothing.
 */
// Spawns bin/billsync.js: this import makes test/global-setup.ts build dist/ first.
import '../support/cli-bin.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Canon } from './support/canon.js';
import { ChaosWorld, type PairName, type StoreKind } from './support/chaos-world.js';
import { apply, expectConverged, expectQuiet } from './support/checks.js';
import { killLeftovers, spawnCli, statusRuns } from './support/cli.js';
import { Tally } from './support/tally.js';
import { FORWARD, type ProxyPolicy } from '../support/chaos-proxy.js';

const tally = new Tally('SIGINT during apply');
afterAll(async () => {
  tally.print();
  killLeftovers();
});

const INTERRUPTED = /^Interrupted by SIGINT: (\d+) of (\d+) op\(s\) applied, (\d+) not run \(run (\S+)\); the next apply picks up the rest\.$/m;

/** Holds writes from the `nth` on until `open()`; `arrived` resolves when the `nth` arrives. */
function holdFrom(nth: number): { policy: ProxyPolicy; open: () => void; arrived: Promise<void> } {
  let open!: () => void;
  let reached!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const arrived = new Promise<void>((r) => (reached = r));
  const policy: ProxyPolicy = async (req) => {
    if (req.writeSeq < nth) return FORWARD;
    reached();
    await opened;
    return FORWARD;
  };
  return { policy, open, arrived };
}

const CASES: readonly { readonly pair: PairName; readonly store: StoreKind; readonly nth: number }[] = [
  { pair: 'userside-smartyard', store: 'sqlite', nth: 12 },
  { pair: 'userside-smartyard', store: 'postgres', nth: 30 },
  { pair: 'hydra-smarty', store: 'sqlite', nth: 20 },
  { pair: 'hydra-smarty', store: 'postgres', nth: 8 },
];

for (const pair of ['userside-smartyard', 'hydra-smarty'] as PairName[]) {
  describe(`SIGINT during apply: ${pair}`, () => {
    let w: ChaosWorld;
    let reference: Canon;

    beforeAll(async () => {
      w = await ChaosWorld.start({ pair, subscribers: 24, seed: 130 });
      await w.freshTarget();
      reference = await w.reference();
    }, 180_000);

    afterAll(async () => {
      await w?.close();
    });

    for (const c of CASES.filter((x) => x.pair === pair)) {
      it(`${c.store}: exit 130, one-line message, run interrupted; the next apply converges`, async () => {
        const passed = tally.trial(`${pair} (${c.store})`);
        await w.freshTarget();
        const store = await w.freshStore(c.store);
        const hold = holdFrom(c.nth);
        w.targetProxy.setPolicy(hold.policy, { resetCounts: true });
        try {
          const child = await spawnCli(['apply', '--yes', '--quiet', '-c', w.config], w.env(store), w.dir);
          await Promise.race([hold.arrived, child.exited.then((code) => Promise.reject(new Error(`apply exited (${String(code)}) before write ${c.nth}:\n${child.stderr()}`)))]);
          child.child.kill('SIGINT');
          // Let the held writes through a moment later: they are in flight, and must finish and commit.
          await new Promise((r) => setTimeout(r, 200));
          hold.open();
          const code = await child.exited;
          w.targetProxy.clearPolicy();
          expect(code, `${child.stdout()}\n${child.stderr()}`).toBe(130);
          const line = INTERRUPTED.exec(child.stderr());
          expect(line, `the one-line message in:\n${child.stderr()}`).not.toBeNull();
          const [, applied, total, notRun, runId] = line!;
          expect(Number(notRun), 'ops not run').toBeGreaterThan(0);
          expect(Number(applied) + Number(notRun)).toBeLessThanOrEqual(Number(total));
          tally.count('ops_applied_before_stop', Number(applied));

          const runs = await statusRuns(w.env(store), w.dir, w.config);
          expect(runs.find((r) => r.id === runId)?.status, `run ${runId} in status --json`).toBe('interrupted');

          const resume = await apply(w, store);
          expect(resume.code, `${resume.stdout}\n${resume.stderr}`).toBe(0);
          expectConverged(w, reference, `after SIGINT (${c.store})`);
          await expectQuiet(w, store, `after SIGINT (${c.store})`);
          const after = await statusRuns(w.env(store), w.dir, w.config);
          expect(after.find((r) => r.id === runId)?.status, 'the interrupted run after the next writer ran').toBe('interrupted');
          expect(after.filter((r) => r.status === 'running')).toEqual([]);
          passed();
        } finally {
          hold.open();
          w.targetProxy.clearPolicy();
          await store.drop();
        }
      }, 180_000);
    }
  });
}
