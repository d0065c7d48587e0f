/**
 * Planning benchmarks of one pair at one size, each phase in its own process so peak RSS is
 * that phase's own. Prints one JSON line. Run through bench/run.ts.
 *
 *   tsx bench/plan-bench.ts PAIR first N STORE      mapping + planning against an empty
 *                                                   snapshot, then stores the desired state as
 *                                                   if applied
 *   tsx bench/plan-bench.ts PAIR nochange N STORE   a no-change plan from that stored snapshot,
 *                                                   end to end (config, store open, snapshot
 *                                                   load, map, diff)
 *
 * PAIR is a shipped mapping (hydra-smarty, lanbilling-smotreshka, …), run with
 * sync.yaml.example's settings for its source and target. Subscribers stream page by page from
 * a child process that generates N source records and runs them through the source's own
 * normaliser, as a real read would; the time spent waiting for and parsing pages is a source
 * read's and is reported apart (readMs).
 */
import { dirname, join } from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { openRuntime } from '../src/engine/runtime.js';
import { makePlan } from '../src/engine/make-plan.js';
import { desiredState, inventoryEntities } from '../src/engine/desired.js';
import { snapshotChange } from '../src/apply/snapshot-change.js';
import { kindSpec } from '../src/model/kind.js';
import { silentLogger } from '../src/util/logger.js';
import { pairInfo, writePairConfig } from '../src/demo/example-config.js';
import { benchPages } from './lib/sources.js';
import { pagesFromChild } from './lib/page-feeder.js';

const [pair = 'hydra-smarty', phase = 'first', sizeText = '10000', storeFile = '/tmp/billsync-bench.db', nowText] = process.argv.slice(2);
const size = Number(sizeText);
// No source or target is contacted: the subscribers come from the child, and plans are not applied.
const env = {
  HYDRA_URL: 'http://127.0.0.1:9/rest/v2',
  HYDRA_PASSWORD: 'unused',
  SMARTY_URL: 'http://127.0.0.1:9/billing/api',
  SMARTY_API_KEY: 'unused',
  LANBILLING_URL: 'http://127.0.0.1:9',
  LANBILLING_PASSWORD: 'unused',
  SMOTRESHKA_URL: 'http://127.0.0.1:9',
  USERSIDE_URL: 'http://127.0.0.1:9/api.php',
  USERSIDE_API_KEY: 'unused',
  SMARTYARD_URL: 'http://127.0.0.1:9',
  BILLSYNC_STORE_URL: `sqlite:${storeFile}`,
};
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const round = (n: number) => Math.round(n);

// Both phases generate around the same instant, so "running" services agree between them.
const now = new Date(Number(nowText ?? Date.now()));
const { source, target } = await pairInfo(pair);
const configFile = await writePairConfig(join(dirname(storeFile), `config-${pair}`), [pair]);
const started = performance.now();
const rt = await openRuntime(await loadConfig(configFile, env), { logger: silentLogger() });
const openMs = performance.now() - started;
const made = await makePlan(rt, { subscribers: new Map([[source, pagesFromChild(source, size, now)]]), now: () => now });
const totalMs = performance.now() - started;
const t = made.timings;
const readMs = (t.readMs[source] ?? 0) - t.mapMs;

const result: Record<string, unknown> = {
  pair,
  phase,
  size,
  subscribers: made.subscribers.get(source) ?? 0,
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
  // Pretend the plan was applied: the snapshot holds exactly the desired state (with the
  // target's inventory), after the target's own policies (Smotreshka's blocking policy), as an
  // apply would have stored it (secret values as digests).
  const desired = desiredState(rt.mappings, new Map([[source, [...benchPages(source, size, now)].flat()]]), inventoryEntities(rt.config));
  const adapter = rt.targets.get(target)!;
  const adjust = adapter.desiredFor?.bind(adapter);
  const rows = [...desired.byTarget.values()]
    .flat()
    .map((e) => (adjust ? adjust(e) : e))
    .map((e, i) => {
      const created = snapshotChange({ seq: i + 1, target: e.target, kind: e.kind, key: e.key, after: [], type: 'create', entity: e }, undefined, { remoteId: String(i + 1) }, kindSpec(adapter.kinds, e.kind), rt.store.secrets);
      if (created.kind !== 'put') throw new Error('internal error: a create removed a row');
      return created.entity;
    });
  const putStarted = performance.now();
  await rt.store.putSnapshot(rows);
  result.entities = rows.length;
  result.putSnapshotMs = round(performance.now() - putStarted);
} else if (made.plan.ops.length !== 0) {
  throw new Error(`no-change plan of ${pair} has ${made.plan.ops.length} ops`);
}
await rt.close();
console.log(JSON.stringify(result));
