/**
 * Faulty platforms: a fault proxy in front of Smarty and SmartYard answers a storm of 429s with
 * Retry-After, a random 10 % of 5xx (some after the platform applied the request), reset
 * connections (before, or after the platform applied the request: a lost answer), requests never
 * answered (the client's timeout fires), and all of these at once, drawn from seeded PRNGs. An
 * initial load under faults may leave entities failed (exit 3) but never crashes, never creates
 * a duplicate or anything the reference lacks; once the faults clear, one apply converges to
 * the reference (a clean apply of the same billing data) and the next writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Canon } from './support/canon.js';
import { describeDiff, diffCanon, duplicates } from './support/canon.js';
import { ChaosWorld, type PairName, type StoreKind } from './support/chaos-world.js';
import { apply, expectConverged, expectQuiet } from './support/checks.js';
import { mulberry32, pick, Tally, type Rng } from './support/tally.js';
import { FORWARD, type Failure, type ProxiedRequest, type ProxyAction } from '../support/chaos-proxy.js';

const tally = new Tally('faulty platforms (429, 5xx, resets, timeouts)');
afterAll(() => tally.print());

type Policy = (req: ProxiedRequest) => ProxyAction;

interface FaultScenario {
  readonly name: string;
  readonly policy: (rng: Rng) => Policy;
}

const S5XX: readonly number[] = [500, 502, 503];

/** With probability `p`, `how` before the platform sees the request, else (the rest) after it applied it. */
function maybe(rng: Rng, p: number, how: () => Failure, afterShare: number): ProxyAction | null {
  if (rng() >= p) return null;
  return rng() < afterShare ? { kind: 'forward', failAfter: how() } : { kind: 'fail', how: how() };
}

const SCENARIOS: readonly FaultScenario[] = [
  {
    name: '429 storm with Retry-After: 1',
    // 40 requests in a row, starting a little into the apply, answer 429.
    policy: (rng) => {
      const from = 5 + Math.floor(rng() * 20);
      return (req) => (req.seq >= from && req.seq < from + 40 ? { kind: 'fail', how: { status: 429, retryAfter: 1 } } : FORWARD);
    },
  },
  {
    name: '10% 5xx (a quarter after the platform applied it)',
    policy: (rng) => (_req) => maybe(rng, 0.1, () => ({ status: pick(rng, S5XX) }), 0.25) ?? FORWARD,
  },
  {
    name: '8% connection resets (half of them lost answers)',
    policy: (rng) => (_req) => maybe(rng, 0.08, () => 'reset', 0.5) ?? FORWARD,
  },
  {
    name: '4% timeouts (half after the platform applied it)',
    policy: (rng) => (_req) => maybe(rng, 0.04, () => 'hang', 0.5) ?? FORWARD,
  },
  {
    name: 'all at once',
    policy: (rng) => (_req) =>
      maybe(rng, 0.03, () => ({ status: 429, retryAfter: 1 }), 0) ??
      maybe(rng, 0.05, () => ({ status: pick(rng, S5XX) }), 0.25) ??
      maybe(rng, 0.03, () => 'reset', 0.5) ??
      maybe(rng, 0.01, () => 'hang', 0.5) ??
      FORWARD,
  },
];

/** Every scenario on SQLite; the mixed one on PostgreSQL too. */
const RUNS: readonly { readonly scenario: FaultScenario; readonly store: StoreKind; readonly seed: number }[] = [
  ...SCENARIOS.map((scenario, i) => ({ scenario, store: 'sqlite' as const, seed: 1000 + i })),
  { scenario: SCENARIOS[SCENARIOS.length - 1]!, store: 'postgres', seed: 2000 },
];

for (const pair of ['hydra-smarty', 'userside-smartyard'] as PairName[]) {
  describe(`${pair} behind a faulty network`, () => {
    let w: ChaosWorld;
    let reference: Canon;

    beforeAll(async () => {
      w = await ChaosWorld.start({ pair, subscribers: 24, seed: 77 });
      await w.freshTarget();
      reference = await w.reference();
    }, 180_000);

    afterAll(async () => {
      await w?.close();
    });

    for (const run of RUNS) {
      it(`${run.scenario.name} (${run.store}): no duplicate under faults; converges once they clear`, async () => {
        const passed = tally.trial(`${pair}: ${run.scenario.name}`);
        await w.freshTarget();
        const store = await w.freshStore(run.store);
        try {
          w.targetProxy.setPolicy(run.scenario.policy(mulberry32(run.seed)), { resetCounts: true });
          const faulted = await apply(w, store).finally(() => w.targetProxy.clearPolicy());
          for (const [k, n] of Object.entries(w.targetProxy.counts().faults)) tally.count(k, n);
          expect([0, 3], `apply under faults:\n${faulted.stdout}\n${faulted.stderr}`).toContain(faulted.code);
          expect(faulted.stderr).not.toMatch(/internal error/);
          tally.count(`faulted_exit_${faulted.code}`);

          // Under faults some entities may be missing still, but nothing may be there twice or extra.
          const now = w.canon();
          expect(duplicates(now), 'duplicates after the faulted apply').toEqual({});
          const diff = diffCanon(reference, now);
          expect(diff.extra, `extra objects after the faulted apply:\n${describeDiff(diff)}`).toEqual({});

          const recovered = await apply(w, store);
          expect(recovered.code, `apply after the faults cleared:\n${recovered.stdout}\n${recovered.stderr}`).toBe(0);
          expectConverged(w, reference, run.scenario.name);
          await expectQuiet(w, store, run.scenario.name);
          passed();
        } finally {
          w.targetProxy.clearPolicy();
          await store.drop();
        }
      }, 180_000);
    }
  });
}
