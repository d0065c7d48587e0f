/**
 * Planning benchmarks of one pair at one size, each phase in its own process so peak RSS is
 * that phase's own. Prints one JSON line. Run through bench/run.ts.
 *
 * STORE is a SQLite file or a PostgreSQL URL (postgres://…?schema=S, a schema of its own).
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
import { tmpdir } from 'node:os';
import { loadConfig } from '../src/config/index.js';
import { openRuntime } from '../src/engine/runtime.js';
import { makePlan } from '../src/engine/make-plan.js';
import { DesiredStateBuilder, inventoryEntities } from '../src/engine/desired.js';
import { snapshotChange } from '../src/apply/snapshot-change.js';
import { kindSpec } from '../src/model/kind.js';
import type { Entity, SnapshotEntity } from '../src/model/entity.js';
import { silentLogger } from '../src/util/logger.js';
import { pairInfo, writePairConfig } from '../src/demo/example-config.js';
import { pagesFromChild } from './lib/page-feeder.js';
import { boundHeapGrowth } from '../src/util/heap-growth.js';

const [pair = 'hydra-smarty', phase = 'first', sizeText = '10000', storeFile = '/tmp/billsync-bench.db', nowText] = process.argv.slice(2);
const size = Number(sizeText);
// As the CLI does (src/cli/bin.ts): the peak RSS measured is the one an operator sees.
boundHeapGrowth();
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
  BILLSYNC_STORE_URL: /^postgres(ql)?:/.test(storeFile) ? storeFile : `sqlite:${storeFile}`,
  // A PostgreSQL store needs its digest key from outside; a fixed one, as both phases must agree.
  ...(/^postgres(ql)?:/.test(storeFile) ? { BILLSYNC_STORE_KEY: 'bench-store-secret-key-0123456789abcdef0123' } : {}),
};
const configDir = /^postgres(ql)?:/.test(storeFile) ? join(tmpdir(), `billsync-bench-config-${process.pid}`) : dirname(storeFile);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const round = (n: number) => Math.round(n);

// Both phases generate around the same instant, so "running" services agree between them.
const now = new Date(Number(nowText ?? Date.now()));
const { source, target } = await pairInfo(pair);
const configFile = await writePairConfig(join(configDir, `config-${pair}`), [pair]);
const started = performance.now();
const rt = await openRuntime(await loadConfig(configFile, env), { logger: silentLogger() });
const openMs = performance.now() - started;
let made: Awaited<ReturnType<typeof makePlan>> | undefined = await makePlan(rt, { subscribers: new Map([[source, pagesFromChild(source, size, now)]]), now: () => now });
const totalMs = performance.now() - started;
const t = made.timings;
const readMs = (t.readMs[source] ?? 0) - t.mapMs;

/** Snapshot rows per putSnapshot call (one transaction each) when the first phase stores the desired state. */
const SNAPSHOT_CHUNK = 20_000;

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

const ops = made.plan.ops.length;
// The plan is done with: what follows (the snapshot write) must not count its memory.
made = undefined;

if (phase === 'first') {
  // Pretend the plan was applied: the snapshot holds exactly the desired state (with the
  // target's inventory), after the target's own policies (Smotreshka's blocking policy), as an
  // apply would have stored it (secret values as digests). Written chunk by chunk as the
  // subscribers stream in again, as a large apply commits op by op: peak memory is a chunk's.
  const adapter = rt.targets.get(target)!;
  const adjust = adapter.desiredFor?.bind(adapter);
  const spec = (kind: string) => kindSpec(adapter.kinds, kind);
  let fixed: ReadonlyMap<string, readonly Entity[]> | undefined = inventoryEntities(rt.config);
  let seq = 0;
  let putMs = 0;
  let chunk: SnapshotEntity[] = [];
  const flush = async (): Promise<void> => {
    const putStarted = performance.now();
    await rt.store.putSnapshot(chunk);
    putMs += performance.now() - putStarted;
    chunk = [];
  };
  for await (const page of pagesFromChild(source, size, now)) {
    // The inventory joins the first page only.
    const b = new DesiredStateBuilder(rt.mappings, fixed);
    fixed = undefined;
    b.add(source, page);
    for (const e of b.result().byTarget.get(target) ?? []) {
      const adjusted = adjust ? adjust(e) : e;
      seq++;
      const created = snapshotChange({ seq, target: adjusted.target, kind: adjusted.kind, key: adjusted.key, after: [], type: 'create', entity: adjusted }, undefined, { remoteId: String(seq) }, spec(adjusted.kind), rt.store.secrets);
      if (created.kind !== 'put') throw new Error('internal error: a create removed a row');
      chunk.push(created.entity);
    }
    if (chunk.length >= SNAPSHOT_CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
  result.entities = seq;
  result.putSnapshotMs = round(putMs);
  // Peak of the whole process, the snapshot write included.
  result.putPeakRssMb = peakRssMb();
} else if (ops !== 0) {
  throw new Error(`no-change plan of ${pair} has ${ops} ops`);
}
await rt.close();
console.log(JSON.stringify(result));
