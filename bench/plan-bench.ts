/**
 * One planning benchmark at one size, in its own process so peak RSS is this size's own.
 * Prints one JSON line. Run through bench/run.ts.
 *
 *   mapping + planning (empty snapshot, source reads excluded)
 *   no-change plan from the stored snapshot, end to end (config, store open, snapshot load, map, diff)
 */
import { loadConfig } from '../src/config/index.js';
import { openRuntime } from '../src/engine/runtime.js';
import { makePlan } from '../src/engine/make-plan.js';
import { desiredState } from '../src/engine/desired.js';
import { entityHash } from '../src/model/hash.js';
import { silentLogger } from '../src/util/logger.js';
import { EXAMPLE_CONFIG } from '../src/demo/emulated-world.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchData, subscriberPages } from './lib/subscribers.js';

const size = Number(process.argv[2] ?? 10_000);
const dir = await mkdtemp(join(tmpdir(), 'billsync-bench-'));
const env = {
  HYDRA_URL: 'http://127.0.0.1:9/rest/v2',
  HYDRA_PASSWORD: 'unused',
  SMARTY_URL: 'http://127.0.0.1:9/billing/api',
  SMARTY_API_KEY: 'unused',
  BILLSYNC_STORE_URL: `sqlite:${join(dir, 'state.db')}`,
};
const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);
const ms = (t: number) => Math.round(performance.now() - t);

try {
  let t = performance.now();
  const data = benchData(size);
  const generateMs = ms(t);
  const baseRssMb = Math.round(process.memoryUsage().rss / 1048576);
  // Normalising is part of a source read, which these numbers exclude: do it up front.
  const pages = [...subscriberPages(data)];
  const subscribers = () => new Map([['hydra', pages]]);

  const rt = await openRuntime(await loadConfig(EXAMPLE_CONFIG, env), { logger: silentLogger() });
  t = performance.now();
  const first = await makePlan(rt, { subscribers: subscribers() });
  const firstPlanMs = ms(t);

  // Pretend the first plan was applied: the snapshot holds exactly the desired state.
  const desired = desiredState(rt.mappings, new Map([['hydra', pages.flat()]]));
  const rows = [...desired.byTarget.values()].flat().map((e, i) => ({ ...e, remoteId: String(i + 1), hash: entityHash(e) }));
  t = performance.now();
  await rt.store.putSnapshot(rows);
  const putMs = ms(t);
  await rt.close();

  // End to end, as `billsync plan` does it, minus the source read.
  t = performance.now();
  const rt2 = await openRuntime(await loadConfig(EXAMPLE_CONFIG, env), { logger: silentLogger() });
  const openMs = ms(t);
  const again = await makePlan(rt2, { subscribers: subscribers() });
  const noChangeMs = ms(t);
  await rt2.close();
  if (again.plan.ops.length !== 0) throw new Error(`no-change plan has ${again.plan.ops.length} ops`);

  console.log(JSON.stringify({
    size,
    entities: rows.length,
    ops: first.plan.ops.length,
    skipped: first.plan.skipped.length,
    generateMs,
    mapPlan: { totalMs: firstPlanMs, mapMs: Math.round(first.timings.mapMs), diffMs: Math.round(first.timings.diffMs), snapshotMs: Math.round(first.timings.snapshotMs) },
    noChange: { totalMs: noChangeMs, openMs, snapshotMs: Math.round(again.timings.snapshotMs), mapMs: Math.round(again.timings.mapMs), diffMs: Math.round(again.timings.diffMs) },
    putSnapshotMs: putMs,
    peakRssMb: rss(),
    rssAfterGeneratingMb: baseRssMb,
  }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
