/**
 * Planning benchmarks at one size, each phase in its own process so peak RSS is that phase's own.
 * Prints one JSON line. Run through bench/run.ts.
 *
 *   tsx bench/plan-bench.ts first N STORE      mapping + planning against an empty snapshot,
 *                                              then stores the desired state as if applied
 *   tsx bench/plan-bench.ts nochange N STORE   a no-change plan from that stored snapshot, end to
 *                                              end (config, store open, snapshot load, map, diff)
 *
 * Subscribers stream page by page from a child process that generates Hydra customers and runs
 * them through the source's own normaliser, as a real read would; the time spent waiting for and
 * parsing pages is a source read's and is reported apart (readMs).
 */
import { loadConfig } from '../src/config/index.js';
import { openRuntime } from '../src/engine/runtime.js';
import { makePlan } from '../src/engine/make-plan.js';
import { desiredState } from '../src/engine/desired.js';
import { entityHash } from '../src/model/hash.js';
import { silentLogger } from '../src/util/logger.js';
import { EXAMPLE_CONFIG } from '../src/demo/emulated-world.js';
import { benchData, subscriberPages } from './lib/subscribers.js';
import { pagesFromChild } from './lib/page-feeder.js';

const [phase = 'first', sizeText = '10000', storeFile = '/tmp/billsync-bench.db'] = process.argv.slice(2);
const size = Number(sizeText);
const env = {
  HYDRA_URL: 'http://127.0.0.1:9/rest/v2',
  HYDRA_PASSWORD: 'unused',
  SMARTY_URL: 'http://127.0.0.1:9/billing/api',
  SMARTY_API_KEY: 'unused',
  BILLSYNC_STORE_URL: `sqlite:${storeFile}`,
};
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const round = (n: number) => Math.round(n);

const now = new Date();
const started = performance.now();
const rt = await openRuntime(await loadConfig(EXAMPLE_CONFIG, env), { logger: silentLogger() });
const openMs = performance.now() - started;
const made = await makePlan(rt, { subscribers: new Map([['hydra', pagesFromChild(size, now)]]) });
const totalMs = performance.now() - started;
const t = made.timings;
const readMs = (t.readMs.hydra ?? 0) - t.mapMs;

const result: Record<string, unknown> = {
  phase,
  size,
  ops: made.plan.ops.length,
  skipped: made.plan.skipped.length,
  // What the issue measures: everything but the source read (normalising is part of the read).
  engineMs: round(totalMs - readMs),
  openMs: round(openMs),
  mapMs: round(t.mapMs),
  snapshotMs: round(t.snapshotMs),
  diffMs: round(t.diffMs),
  readMs: round(readMs),
  peakRssMb: peakRssMb(),
};

if (phase === 'first') {
  // Pretend the plan was applied: the snapshot holds exactly the desired state.
  const desired = desiredState(rt.mappings, new Map([['hydra', [...subscriberPages(benchData(size), 1000, now)].flat()]]));
  const rows = [...desired.byTarget.values()].flat().map((e, i) => ({ ...e, remoteId: String(i + 1), hash: entityHash(e) }));
  const putStarted = performance.now();
  await rt.store.putSnapshot(rows);
  result.entities = rows.length;
  result.putSnapshotMs = round(performance.now() - putStarted);
} else if (made.plan.ops.length !== 0) {
  throw new Error(`no-change plan has ${made.plan.ops.length} ops`);
}
await rt.close();
console.log(JSON.stringify(result));
