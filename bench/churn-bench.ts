/**
 * Calls to each source and target per daemon round at 1 % churn, next to a naive full push.
 * Emulators over real sockets (every request counted at the emulator), SQLite store. Prints a
 * table to stderr and one JSON line to stdout.
 *
 *   tsx bench/churn-bench.ts [records=10000] [churn=0.01]
 *
 * - lanbilling-smotreshka, change-driven (LANBilling lists changed entries by their services'
 *   dates): converge once; change `churn` of the entries (a service added) ten minutes back and
 *   run a full reconcile round, as the daemon does every full_every; then change another
 *   `churn` now and run one change-driven round from that full round's watermark.
 * - hydra-smarty, triggers only (Hydra has no change listing; its event scripts name changed
 *   customers through POST /v1/sync): converge; lock `churn` of the customers and run a full
 *   round; lock another `churn` and sync each by a trigger, as POST /v1/sync does.
 *
 * "naive full push" is what per-event scripts that push everything cost: the full read just
 * measured plus one write per subscriber read. It is computed from the measured read, not sent.
 * Rate limits are lifted for the run: they change the time, not the number of calls.
 */
import { loadConfig } from '../src/config/index.js';
import type { SyncConfig } from '../src/config/types.js';
import { changeRound } from '../src/daemon/change-round.js';
import { WATERMARK_OVERLAP_MS } from '../src/daemon/change-rounds.js';
import { reconcileTarget, type TargetRunOutcome } from '../src/daemon/reconcile-target.js';
import { startEmulatedWorld, type EmulatedWorld } from '../src/demo/emulated-world.js';
import { AGENT_TV, BLOCKED } from '../src/emulators/lanbilling/index.js';
import { SUBJ_STATE } from '../src/emulators/hydra/index.js';
import { openRuntime, type Runtime } from '../src/engine/runtime.js';
import { silentLogger } from '../src/util/logger.js';

const records = Number(process.argv[2] ?? 10_000);
const churn = Number(process.argv[3] ?? 0.01);
const logger = silentLogger();
const CINEMA = 211;
const MIN = 60_000;

interface Calls {
  readonly source: number;
  readonly target: number;
  readonly total: number;
}

interface Counter {
  reset(): void;
  calls(): Calls;
}

/** An emulator's request statistics, as the kit's servers keep them. */
interface Counted {
  resetStats(): void;
  stats(): { total: number };
}

/** Counts the calls to one source and one target emulator. */
function counterOf(source: Counted, target: Counted): Counter {
  return {
    reset: () => {
      source.resetStats();
      target.resetStats();
    },
    calls: () => {
      const s = source.stats().total;
      const t = target.stats().total;
      return { source: s, target: t, total: s + t };
    },
  };
}

/** Lifts every rate limit (the count of calls does not depend on it) and keeps concurrency. */
function unthrottled(config: SyncConfig): SyncConfig {
  const fast = <T extends { rate: SyncConfig['sources'][string]['rate'] }>(c: T): T => ({ ...c, rate: { requests: 1_000_000, perSeconds: 1, concurrency: Math.max(16, c.rate.concurrency ?? 16) } });
  return {
    ...config,
    sources: Object.fromEntries(Object.entries(config.sources).map(([n, s]) => [n, fast(s)])),
    targets: Object.fromEntries(Object.entries(config.targets).map(([n, t]) => [n, fast(t)])),
  };
}

async function runtimeFor(world: EmulatedWorld): Promise<Runtime> {
  return openRuntime(unthrottled(await loadConfig(world.config, world.env)), { logger });
}

const signal = new AbortController().signal;
const full = (rt: Runtime, target: string): Promise<TargetRunOutcome> => reconcileTarget(rt, target, { signal, logger });

function must(o: TargetRunOutcome, what: string): TargetRunOutcome {
  if (o.status !== 'ok') throw new Error(`${what}: ${o.status} (${o.failed[0]?.reason ?? ''})`);
  return o;
}

async function measure(counter: Counter, run: () => Promise<unknown>): Promise<Calls & { ms: number }> {
  counter.reset();
  const started = performance.now();
  await run();
  return { ...counter.calls(), ms: Math.round(performance.now() - started) };
}

/** A naive full push: the full read just measured plus one write per subscriber. */
const naive = (fullRound: Calls, subscribers: number): Calls => ({ source: fullRound.source, target: subscribers, total: fullRound.source + subscribers });

async function lanbillingChangeDriven() {
  const world = await startEmulatedWorld({ subscribers: 1, customers: 1, vgroups: records, seed: 42, pairs: ['lanbilling-smotreshka'] });
  const rt = await runtimeFor(world);
  try {
    const counter = counterOf(world.lanbilling, world.smotreshka);
    const converge = must(await full(rt, 'smotreshka'), 'converge');
    const subscribers = converge.read.lanbilling ?? 0;
    const lb = world.lanbilling.state;
    const candidates = lb.all().filter((v) => v.agentId === AGENT_TV && !v.archive && !v.template && v.blocked === BLOCKED.active && v.login !== '' && !v.services.some((s) => s.servicecatid === CINEMA && s.timeto === null));
    const k = Math.max(1, Math.round(subscribers * churn));
    if (candidates.length < 2 * k) throw new Error(`only ${candidates.length} entries to change, ${2 * k} needed`);

    // Changes of the previous interval, then the full round (full_every) that takes them.
    for (const v of candidates.slice(0, k)) lb.switchService(v.vgid, null, CINEMA, new Date(Date.now() - 10 * MIN));
    const watermark = Date.now();
    let fullOutcome: TargetRunOutcome | undefined;
    const fullRound = await measure(counter, async () => (fullOutcome = must(await full(rt, 'smotreshka'), 'full round')));

    // This interval's changes, then one change-driven round from the full round's watermark.
    for (const v of candidates.slice(k, 2 * k)) lb.switchService(v.vgid, null, CINEMA, new Date());
    let listed = 0;
    let changeOutcome: TargetRunOutcome | undefined;
    const changeDriven = await measure(counter, async () => {
      const r = await changeRound(rt, 'smotreshka', new Date(watermark - WATERMARK_OVERLAP_MS), [], { signal, logger });
      listed = r.listing.only.length;
      changeOutcome = must(r.outcome, 'change-driven round');
    });
    const push = naive(fullRound, subscribers);
    return {
      pair: 'lanbilling-smotreshka',
      mode: 'change-driven (service dates)',
      subscribers,
      changed: k,
      listed,
      fullRound: { ...fullRound, ops: fullOutcome!.ops },
      changeDriven: { ...changeDriven, ops: changeOutcome!.ops },
      naiveFullPush: push,
      changeVsPush: Number((changeDriven.total / push.total).toFixed(4)),
    };
  } finally {
    await rt.close();
    await world.close();
  }
}

async function hydraTriggers() {
  const world = await startEmulatedWorld({ subscribers: records, customers: 1, vgroups: 1, seed: 42, pairs: ['hydra-smarty'] });
  const rt = await runtimeFor(world);
  try {
    const counter = counterOf(world.hydra, world.smarty);
    const converge = must(await full(rt, 'smarty'), 'converge');
    const subscribers = converge.read.hydra ?? 0;
    const hydra = world.hydra.state;
    const candidates = hydra.all().filter((c) => c.stateId === SUBJ_STATE.on);
    const k = Math.max(1, Math.round(subscribers * churn));
    if (candidates.length < 2 * k) throw new Error(`only ${candidates.length} customers to change, ${2 * k} needed`);

    for (const c of candidates.slice(0, k)) hydra.setState(c.id, SUBJ_STATE.paymentsLocked);
    let fullOutcome: TargetRunOutcome | undefined;
    const fullRound = await measure(counter, async () => (fullOutcome = must(await full(rt, 'smarty'), 'full round')));

    const changed = candidates.slice(k, 2 * k);
    for (const c of changed) hydra.setState(c.id, SUBJ_STATE.paymentsLocked);
    let ops = 0;
    // One trigger per changed customer, each its own restricted plan, as POST /v1/sync runs them.
    const triggers = await measure(counter, async () => {
      for (const c of changed) ops += must(await reconcileTarget(rt, 'smarty', { only: [{ source: 'hydra', id: String(c.id) }], signal, logger }), `trigger ${c.id}`).ops;
    });
    const push = naive(fullRound, subscribers);
    return {
      pair: 'hydra-smarty',
      mode: 'triggers only (POST /v1/sync per changed customer)',
      subscribers,
      changed: k,
      listed: k,
      fullRound: { ...fullRound, ops: fullOutcome!.ops },
      changeDriven: { ...triggers, ops },
      naiveFullPush: push,
      changeVsPush: Number((triggers.total / push.total).toFixed(4)),
    };
  } finally {
    await rt.close();
    await world.close();
  }
}

const results = [await lanbillingChangeDriven(), await hydraTriggers()];
const row = (cells: (string | number)[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(34) : String(c).padStart(10))).join('');
process.stderr.write(`\ncalls per round at ${churn * 100} % churn, ${records} records (source + target = total; ms):\n`);
for (const r of results) {
  process.stderr.write(`${r.pair} — ${r.mode}: ${r.subscribers} subscribers, ${r.changed} changed, ${r.listed} listed\n`);
  process.stderr.write(`${row(['', 'source', 'target', 'total', 'ops', 'ms'])}\n`);
  process.stderr.write(`${row(['  naive full push (read + 1 write each)', r.naiveFullPush.source, r.naiveFullPush.target, r.naiveFullPush.total, '', ''])}\n`);
  process.stderr.write(`${row(['  full reconcile round', r.fullRound.source, r.fullRound.target, r.fullRound.total, r.fullRound.ops, r.fullRound.ms])}\n`);
  process.stderr.write(`${row([`  ${r.pair.startsWith('hydra') ? 'triggers' : 'change-driven round'}`, r.changeDriven.source, r.changeDriven.target, r.changeDriven.total, r.changeDriven.ops, r.changeDriven.ms])}\n`);
  process.stderr.write(`  vs naive full push: ${r.changeVsPush} (bar ≤ 0.05)\n`);
}
console.log(JSON.stringify({ records, churn, results }));
