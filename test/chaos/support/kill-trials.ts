/**
 * kill -9 trials: `billsync apply --yes` runs as a child process against an empty target and is
 * killed at a seeded moment — while reading the source, just before the N-th write reaches the
 * platform, just after the platform applied it but before billsync saw the answer, or a few ms
 * after it — sometimes twice in a row; then another apply resumes. Moments are counted in
 * requests seen by the fault proxies, not in wall-clock time, so a trial does the same thing on
 * a loaded machine. After each trial: the emulator's own state equals the reference (a clean
 * apply of the same billing data), no duplicate, nothing lost, the next apply writes nothing,
 * and every run the killed processes left is marked abandoned.
 *
 * With `lists` (Hydra → Smarty with payments and set-top boxes, support/lists.ts) the first kill
 * lands on the N-th transaction/create — before Smarty sees it, after Smarty booked it but
 * before billsync read the answer, or a few ms after (drawListsTrial) — and each trial asserts every payment
 * is on Smarty exactly once (by ext_id), no box is bound twice or to another subscriber's
 * account, and `plan --refresh` (the live read) plans nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import type { Canon } from './canon.js';
import { ChaosWorld, type PairName, type StoreKind, type TrialStore } from './chaos-world.js';
import { apply, expectConverged, expectQuiet, expectRefreshQuiet, waitForPgSessionsGone } from './checks.js';
import { expectListsConverged, listsHeld, type ListsHeld } from './lists.js';
import type { SmartyEmulator } from '../../../src/emulators/smarty/index.js';
import { killLeftovers, spawnCli, statusRuns, type ChildRun } from './cli.js';
import { FORWARD, type ProxyAction } from '../../support/chaos-proxy.js';
import { intBetween, mulberry32, pick, Tally, type Rng } from './tally.js';

type Strike = 'before' | 'after-answer' | 'delay';

/**
 * Where a kill lands. `share` picks the request among those a clean apply makes (0–1): a source
 * read, any write, or (`payment`) a transaction/create.
 */
type KillPoint =
  | { readonly at: 'read'; readonly share: number }
  | { readonly at: 'write' | 'payment'; readonly share: number; readonly how: Strike; readonly delayMs: number };

interface TrialPlan {
  readonly kills: readonly KillPoint[];
}

/** CHAOS_SCALE=N runs N times the trials (same seeds, so the first ones stay the same): a local soak. */
const SCALE = Math.max(1, Math.floor(Number(process.env.CHAOS_SCALE ?? '1')) || 1);

/** Billing subscribers per pair: enough ops for many kill points, few enough for 30 trials. */
const SIZE: Readonly<Record<PairName, number>> = { 'hydra-smarty': 16, 'userside-smartyard': 12 };

const STRIKES = ['before', 'after-answer', 'delay'] as const;

function drawKill(rng: Rng): KillPoint {
  if (rng() < 0.15) return { at: 'read', share: rng() };
  return { at: 'write', share: rng(), how: pick(rng, STRIKES), delayMs: intBetween(rng, 0, 40) };
}

function drawTrial(rng: Rng): TrialPlan {
  // One trial in four kills the resuming apply as well.
  return { kills: rng() < 0.25 ? [drawKill(rng), drawKill(rng)] : [drawKill(rng)] };
}

/**
 * With payments, trial `i` first kills at a transaction/create — before it, after Smarty booked
 * it but before the answer, a few ms after, in turn, so a few trials cover all three — and one
 * trial in two then kills the resuming apply anywhere (a read, any write: customers, accounts,
 * tariffs, boxes).
 */
function drawListsTrial(rng: Rng, i: number): TrialPlan {
  const first: KillPoint = { at: 'payment', share: rng(), how: STRIKES[i % STRIKES.length]!, delayMs: intBetween(rng, 0, 40) };
  return { kills: rng() < 0.5 ? [first, drawKill(rng)] : [first] };
}

const describeKill = (k: KillPoint): string =>
  k.at === 'read' ? `during the read (${Math.round(k.share * 100)}%)` : `${k.how} ${k.at} ${Math.round(k.share * 100)}%${k.how === 'delay' ? ` +${k.delayMs}ms` : ''}`;

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
  /** Hydra → Smarty with payments and set-top boxes (ChaosWorldOptions.lists). */
  readonly lists?: boolean;
  /** Billing subscribers instead of the pair's usual number. */
  readonly subscribers?: number;
  /** Per-trial timeout (default 240 s). */
  readonly trialTimeoutMs?: number;
}

export function defineKillTrials(opts: KillTrialsOptions): void {
  const tally = new Tally(`kill -9 during apply, then resume (${opts.store}${opts.lists ? ', with payments and devices' : ''})`);
  afterAll(async () => {
    tally.print();
    killLeftovers();
    });

  for (const pair of Object.keys(opts.trials) as PairName[]) {
    describe(`${pair}${opts.lists ? ' with payments and devices' : ''} on ${opts.store}`, () => {
      let w: ChaosWorld;
      let reference: Canon;
      let refLists: ListsHeld | undefined;
      let refWrites = 0;
      let refReads = 0;
      let refPayments = 0;

      beforeAll(async () => {
        w = await ChaosWorld.start({ pair, subscribers: opts.subscribers ?? SIZE[pair], seed: opts.seed, ...(opts.lists ? { lists: true } : {}) });
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
        if (opts.lists) {
          refLists = listsHeld((w.emulator as SmartyEmulator).state);
          refPayments = refLists.payments.size;
          // Enough payments and boxes that kills land among them.
          expect(refPayments).toBeGreaterThan(8);
          expect(refLists.devices.size).toBeGreaterThan(2);
        }
      }, 180_000);

      afterAll(async () => {
        await w?.close();
      });

      // Drawn up front, so each trial's kill points depend on the seed alone.
      const rng = mulberry32(seedOf(`${pair}/${opts.store}`, opts.seed));
      const plans = Array.from({ length: (opts.trials[pair] ?? 0) * SCALE }, (_, i) => (opts.lists ? drawListsTrial(rng, i) : drawTrial(rng)));
      plans.forEach((plan, i) => {
        it(`trial ${i + 1}: kill ${plan.kills.map(describeKill).join(', then ')}; resume converges`, async () => {
          const passed = tally.trial(`${pair}`);
          await w.freshTarget();
          const store = await w.freshStore(opts.store);
          try {
            const killed: number[] = [];
            for (const k of plan.kills) {
              const first = killed.length === 0;
              const pid = await killedApply(w, store, k, { writes: first ? refWrites : Math.ceil(refWrites / 3), reads: refReads, payments: first ? refPayments : Math.ceil(refPayments / 3) }, tally);
              if (pid !== null) killed.push(pid);
            }
            const resume = await apply(w, store);
            expect(resume.code, `resume after kill:\n${resume.stdout}\n${resume.stderr}`).toBe(0);
            expectConverged(w, reference, `trial ${i + 1}`);
            if (refLists) expectListsConverged(w, refLists, `trial ${i + 1}`);
            await expectQuiet(w, store, `trial ${i + 1}`);
            if (refLists) await expectRefreshQuiet(w, store, `trial ${i + 1}`);

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
        }, opts.trialTimeoutMs ?? 240_000);
      });
    });
  }
}

/** What a clean apply makes, for placing a kill: writes, source reads, transaction/creates. */
interface KillScale {
  readonly writes: number;
  readonly reads: number;
  readonly payments: number;
}

const TRANSACTION_CREATE = /\/transaction\/create\/?(?:\?|$)/;

/**
 * Runs `billsync apply --yes` as a child and SIGKILLs it at `k`; the child's pid when the kill
 * landed, null when the apply finished first (a late kill point on a resuming apply).
 */
async function killedApply(w: ChaosWorld, store: TrialStore, k: KillPoint, scale: KillScale, tally: Tally): Promise<number | null> {
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
  const strike = async (how: Strike, delayMs: number): Promise<ProxyAction> => {
    if (how === 'before') {
      await kill();
      return { kind: 'fail', how: 'reset' };
    }
    if (how === 'after-answer') return { kind: 'forward', after: async () => (await kill(), 'drop') };
    setTimeout(() => void kill(), delayMs);
    return FORWARD;
  };
  if (k.at === 'read') {
    const n = Math.max(1, Math.ceil(k.share * scale.reads));
    w.sourceProxy.setPolicy(async (req) => {
      if (req.seq !== n) return FORWARD;
      await kill();
      return { kind: 'fail', how: 'reset' };
    });
  } else if (k.at === 'write') {
    const n = Math.max(1, Math.ceil(k.share * scale.writes));
    w.targetProxy.setPolicy((req) => (req.writeSeq === n ? strike(k.how, k.delayMs) : FORWARD));
  } else {
    // The n-th transaction/create this apply sends (a retried one counts again).
    const n = Math.max(1, Math.ceil(k.share * scale.payments));
    let seen = 0;
    w.targetProxy.setPolicy((req) => (req.write && TRANSACTION_CREATE.test(req.url) && ++seen === n ? strike(k.how, k.delayMs) : FORWARD));
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
  tally.count(`kill_${k.at === 'read' ? 'read' : k.at === 'payment' ? `payment_${k.how}` : k.how}`);
  if (store.kind === 'postgres') await waitForPgSessionsGone(child.pid);
  return child.pid;
}
