/**
 * Bad source reads never destroy: with the platform converged, the billing source answers
 * empty, half, with an auth error, or with a 500 in the middle of its pages (through the fault
 * proxy in front of it, or a wrong credential); `billsync apply --yes` must then either hold the
 * destructive ops back (exit 4) or fail the read (exit 1) — or, where the source sees through
 * the bad answer, apply exactly what a good read would (exit 0, the reference state) — and no
 * subscriber may lose anything on the platform (read from the emulator). Meanwhile billing gains a subscriber; once the fault
 * clears, one apply converges to what a clean apply of the billing data gives, and the next
 * writes nothing. Hydra → Smarty (paged read) and UserSide → SmartYard (one bulk call).
 *
 * The "half" read of Hydra ends at a page boundary (an empty page), which no count in a page can
 * expose: there the completeness proof, the source_shrink gate and the point-read confirmation
 * must catch it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChaosWorld, type PairName, type TrialStore } from './support/chaos-world.js';
import { apply, expectConverged, expectQuiet } from './support/checks.js';
import { probeLosses } from './support/losses.js';
import { Tally } from './support/tally.js';
import { FORWARD, type ProxiedRequest, type ProxyAction } from '../support/chaos-proxy.js';
import { SUBJ_STATE } from '../../src/emulators/hydra/index.js';
import { STATE_ACTIVE, TARIFF_INTERCOM } from '../../src/emulators/userside/index.js';

const tally = new Tally('bad source reads, then recovery');
afterAll(() => tally.print());

const JSON_TYPE = 'application/json; charset=utf-8';

interface BadRead {
  readonly name: string;
  /** What the source proxy does; absent when the fault is in the environment. */
  readonly policy?: (req: ProxiedRequest) => ProxyAction;
  readonly env?: NodeJS.ProcessEnv;
}

/** Hydra's customer list, page `n` (the read is 6 pages of 4). */
function hydraListPage(req: ProxiedRequest): number | null {
  const u = new URL(req.url, 'http://x');
  return /\/subjects\/customers$/.test(u.pathname) ? Number(u.searchParams.get('page') ?? '1') : null;
}

const emptyHydraPage = { status: 200, contentType: JSON_TYPE, body: JSON.stringify({ customers: [] }) };

const HYDRA_BAD_READS: readonly BadRead[] = [
  { name: 'empty: every page of customers is empty', policy: (r) => (hydraListPage(r) !== null ? { kind: 'fail', how: emptyHydraPage } : FORWARD) },
  { name: 'half: the pages stop after the first half', policy: (r) => ((hydraListPage(r) ?? 0) > 3 ? { kind: 'fail', how: emptyHydraPage } : FORWARD) },
  { name: 'auth error: the password is refused', env: { HYDRA_PASSWORD: 'not-the-password' } },
  { name: 'auth error mid-pagination: 401 from page 3 on', policy: (r) => ((hydraListPage(r) ?? 0) >= 3 ? { kind: 'fail', how: { status: 401, contentType: JSON_TYPE, body: '{"errors":[{"code":"unauthorized"}]}' } } : FORWARD) },
  { name: '500 mid-pagination: page 3 fails every time', policy: (r) => (hydraListPage(r) === 3 ? { kind: 'fail', how: { status: 500 } } : FORWARD) },
];

const isUserList = (req: ProxiedRequest): boolean => new URL(req.url, 'http://x').searchParams.get('request') === 'get_user_list';

/** Keeps every other customer of a get_user_list answer (keyed by id). */
function halve(body: string): string {
  const answer = JSON.parse(body) as Record<string, unknown>;
  const key = Object.keys(answer).find((k) => k.toLowerCase() === 'data')!;
  const data = answer[key] as Record<string, unknown>;
  answer[key] = Object.fromEntries(Object.entries(data).filter((_, i) => i % 2 === 0));
  return JSON.stringify(answer);
}

const USERSIDE_BAD_READS: readonly BadRead[] = [
  { name: 'empty: the customer list is empty', policy: (r) => (isUserList(r) ? { kind: 'fail', how: { status: 200, contentType: JSON_TYPE, body: '{"Result":"OK","data":{}}' } } : FORWARD) },
  { name: 'half: every other customer is missing', policy: (r) => (isUserList(r) ? { kind: 'forward', rewrite: halve } : FORWARD) },
  { name: 'auth error: the API key is refused', env: { USERSIDE_API_KEY: 'not-the-key' } },
  { name: '500: the customer list fails every time', policy: (r) => (isUserList(r) ? { kind: 'fail', how: { status: 500 } } : FORWARD) },
];

/** A non-destructive billing change made while the read is bad: a new subscriber with service. */
function addSubscriber(w: ChaosWorld, i: number): void {
  if (w.opts.pair === 'hydra-smarty') w.world.hydra.state.addCustomer({ stateId: SUBJ_STATE.on, services: [100, 2] });
  else w.world.userside.state.addCustomer({ stateId: STATE_ACTIVE, tariffs: [TARIFF_INTERCOM], address: { houseId: 1001 + (i % 4), flat: 10 + i } });
}

const CASES: Readonly<Record<PairName, readonly BadRead[]>> = { 'hydra-smarty': HYDRA_BAD_READS, 'userside-smartyard': USERSIDE_BAD_READS };

for (const pair of Object.keys(CASES) as PairName[]) {
  describe(`${pair}: bad reads`, () => {
    let w: ChaosWorld;
    let store: TrialStore;

    beforeAll(async () => {
      w = await ChaosWorld.start({ pair, subscribers: 24, seed: 404, perPage: 4 });
      await w.freshTarget();
      store = await w.freshStore('sqlite');
      const first = await apply(w, store);
      expect(first.code, first.stderr).toBe(0);
    }, 180_000);

    afterAll(async () => {
      await store?.drop();
      await w?.close();
    });

    CASES[pair].forEach((bad, i) => {
      it(`${bad.name}: nothing destructive, exit 4 or 1 (or 0 having seen through it); once it clears, converges`, async () => {
        const passed = tally.trial(`${pair}: ${bad.name.split(':')[0]}`);
        const lost = probeLosses(w);
        addSubscriber(w, i);
        // What a good read of the billing as it now is would leave on the platform.
        const reference = await w.reference();
        if (bad.policy) w.sourceProxy.setPolicy(bad.policy);
        let r: Awaited<ReturnType<typeof apply>>;
        try {
          r = await apply(w, store, [], bad.env ?? {});
        } finally {
          w.sourceProxy.clearPolicy();
        }
        expect(r.stderr).not.toMatch(/internal error/);
        expect(lost(), 'what subscribers lost on the platform during the bad read').toEqual([]);
        tally.count(`bad_read_exit_${r.code}`);
        if (r.code === 0) {
          // A source that sees through the bad answer (UserSide reads whom get_user_list left
          // out from get_data) may apply what a good read would: then it must be exactly that.
          expectConverged(w, reference, `${bad.name}, exit 0 on the bad read`);
        } else {
          expect([1, 4], `exit code of the apply on a bad read:\n${r.stdout}\n${r.stderr}`).toContain(r.code);
        }

        const recovered = await apply(w, store);
        expect(recovered.code, `apply after the fault cleared:\n${recovered.stdout}\n${recovered.stderr}`).toBe(0);
        expectConverged(w, reference, bad.name);
        await expectQuiet(w, store, bad.name);
        passed();
      }, 120_000);
    });
  });
}
