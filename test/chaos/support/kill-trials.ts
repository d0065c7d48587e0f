/**
 * kill -9 trials: `billsync apply --yes` runs as a child process against an empty target and is
 * killed at a seeded moment — while reading the source, just before the N-th write reaches the
 * platform, just after the platform applied it but before billsync saw the answer, or a few ms
 * after it — sometimes twice in a row; then another apply resumes. Moments are counted in
 * requests seen by the fault proxies, not in wall-clock time, so a trial does the same thing on
 * a loaded machine. After each trial: the emulator's own state equals the reference (a clean
 * apply of the same billing data), no duplicate, nothing lost, the next apply writes nothing,
 * and every run the killed processes left is marked abandoned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import type { Canon } from './canon.js';
import { ChaosWorld, type PairName, type StoreKind, type TrialStore } from './chaos-world.js';
import { apply, expectConverged, expectQuiet, waitForPgSessionsGone } from './checks.js';
import { killLeftovers, spawnCli, statusRuns, type ChildRun } from './cli.js';
import { FORWARD, type ProxyAction } from '../../support/chaos-proxy.js';
import { intBetween, mulberry32, pick, Tally, type Rng } from './tally.js';

/** Where a kill lands. `share` picks the request among those a clean apply makes (0–1). */
type KillPoint =
  | { readonly at: 'read'; readonly share: number }
  | { readonly at: 'write'; readonly share: number; readonly how: 'before' | 'after-answer' | 'delay'; readonly delayMs: number };

interface TrialPlan {
  readonly kills: readonly KillPoint[];
}

/** CHAOS_SCALE=N runs N times the trials (same seeds, so the first ones stay the same): a local soak. */
const SCALE = Math.max(1, Math.floor(Number(process.env.CHAOS_SCALE ?? '1')) || 1);

/** Billing subscribers per pair: enough ops for many kill points, few enough for 30 trials. */
const SIZE: Readonly<Record<PairName, number>> = { 'hydra-smarty': 16, 'userside-smartyard': 12 };

function drawKill(rng: Rng): KillPoint {
  if (rng() < 0.15) return { at: 'read', share: rng() };
  return { at: 'write', share: rng(), how: pick(rng, ['before', 'after-answer', 'delay'] as const), delayMs: intBetween(rng, 0, 40) };
}

function drawTrial(rng: Rng): TrialPlan {
  // One trial in four kills the resuming apply as well.
  return { kills: rng() < 0.25 ? [drawKill(rng), drawKill(rng)] : [drawKill(rng)] };
}

const describeKill = (k: KillPoint): string => (k.at === 'read' ? `during the read (${Math.round(k.share * 100)}%)` : `${k.how} write ${Math.round(k.share * 100)}%${k.how === 'delay' ? ` +${k.delayMs}ms` : ''}`);

function seedOf(text: string, seed: number): number {
  let h = seed >>> 0;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

export interface KillTrialsOptions {
  readonly store: StoreKind;
  /** Trials per pair (the seed draws each pair's kill points on its own: a pair's trials are the same alone or together). */
  readonly trials: Readonly<Partial<Record<PairName, number>>>;
  readonly seed: number;
}

export function defineKillTrials(opts: KillTrialsOptions): void {
  const tally = new Tally(`kill -9 during apply, then resume (${opts.store})`);
  afterAll(async () => {
    tally.print();
    killLeftovers();
    });

  for (const pair of Object.keys(opts.trials) as PairName[]) {
    describe(`${pair} on ${opts.store}`, () => {
      let w: ChaosWorld;
      let reference: Canon;
      let refWrites = 0;
      let refReads = 0;

      beforeAll(async () => {
        w = await ChaosWorld.start({ pair, subscribers: SIZE[pair], seed: opts.seed });
        // The reference: a clean apply of the same billing data into an empty platform.
        await w.freshTarget();
        const store = await w.freshStore('sqlite');
        w.sourceProxy.resetCounts();
        const r = await apply(w, store);
        expect(r.code, r.stderr).toBe(0);
        reference = w.canon();
        refWrites = w.writes();
        refReads = w.sourceProxy.counts().requests;
        expect(refWrites).toBeGreaterThan(20);
      }, 180_000);

      afterAll(async () => {
        await w?.close();
      });

      // Drawn up front, so each trial's kill points depend on the seed alone.
      const rng = mulberry32(seedOf(`${pair}/${opts.store}`, opts.seed));
      const plans = Array.from({ length: (opts.trials[pair] ?? 0) * SCALE }, () => drawTrial(rng));
      plans.forEach((plan, i) => {
        it(`trial ${i + 1}: kill ${plan.kills.map(describeKill).join(', then ')}; resume converges`, async () => {
          const passed = tally.trial(`${pair}`);
          await w.freshTarget();
          const store = await w.freshStore(opts.store);
          try {
            const killed: number[] = [];
            for (const k of plan.kills) {
              const pid = await killedApply(w, store, k, killed.length === 0 ? refWrites : Math.ceil(refWrites / 3), refReads, tally);
              if (pid !== null) killed.push(pid);
            }
            const resume = await apply(w, store);
            expect(resume.code, `resume after kill:\n${resume.stdout}\n${resume.stderr}`).toBe(0);
            expectConverged(w, reference, `trial ${i + 1}`);
            await expectQuiet(w, store, `trial ${i + 1}`);

            const runs = await statusRuns(w.env(store), w.dir, w.config);
            expect(runs.filter((r) => r.status === 'running'), 'runs still marked running').toEqual([]);
            for (const pid of killed) {
              for (const r of runs.filter((x) => x.owner === `${pid}@${hostname()}`)) {
                // A process killed after it recorded its run 'ok' (the kill came late) is not abandoned.
                expect(['abandoned', 'ok'], `run ${r.id} of killed process ${pid}`).toContain(r.status);
                tally.count(`runs_${r.status}`);
              }
            }
            passed();
          } finally {
            w.targetProxy.clearPolicy();
            w.sourceProxy.clearPolicy();
            await store.drop();
          }
        }, 240_000);
      });
    });
  }
}

/**
 * Runs `billsync apply --yes` as a child and SIGKILLs it at `k`; the child's pid when the kill
 * landed, null when the apply finished first (a late kill point on a resuming apply).
 */
async function killedApply(w: ChaosWorld, store: TrialStore, k: KillPoint, writes: number, reads: number, tally: Tally): Promise<number | null> {
  let child: ChildRun | undefined;
  let fired = false;
  const kill = async (): Promise<void> => {
    if (!child || fired) return;
    fired = true;
    child.child.kill('SIGKILL');
    await child.exited;
  };
  w.targetProxy.resetCounts();
  w.sourceProxy.resetCounts();
  if (k.at === 'read') {
    const n = Math.max(1, Math.ceil(k.share * reads));
    w.sourceProxy.setPolicy(async (req) => {
      if (req.seq !== n) return FORWARD;
      await kill();
      return { kind: 'fail', how: 'reset' };
    });
  } else {
    const n = Math.max(1, Math.ceil(k.share * writes));
    w.targetProxy.setPolicy(async (req): Promise<ProxyAction> => {
      if (req.writeSeq !== n) return FORWARD;
      if (k.how === 'before') {
        await kill();
        return { kind: 'fail', how: 'reset' };
      }
      if (k.how === 'after-answer') return { kind: 'forward', after: async () => (await kill(), 'drop') };
      setTimeout(() => void kill(), k.delayMs);
      return FORWARD;
    });
  }
  child = await spawnCli(['apply', '--yes', '--quiet', '-c', w.config], w.env(store), w.dir);
  const outcome = await child.exited;
  w.targetProxy.clearPolicy();
  w.sourceProxy.clearPolicy();
  if (outcome !== 'SIGKILL') {
    // The apply ended before the kill point: only a resuming apply may (fewer writes left).
    expect(outcome, `apply that was to be killed exited on its own:\n${child.stdout()}\n${child.stderr()}`).toBe(0);
    tally.count('kill_missed');
    return null;
  }
  tally.count(`kill_${k.at === 'read' ? 'read' : k.how}`);
  if (store.kind === 'postgres') await waitForPgSessionsGone(child.pid);
  return child.pid;
}
