/**
 * Apply throughput against the Smarty emulator at a configured rate limit: the engine must keep
 * the queue full, so achieved requests/s should sit at the limit. Prints one JSON line.
 *
 *   tsx bench/apply-bench.ts [subscribers=1500] [rate=200]
 */
import { loadConfig } from '../src/config/index.js';
import type { SyncConfig } from '../src/config/types.js';
import { openRuntime } from '../src/engine/runtime.js';
import { makePlan } from '../src/engine/make-plan.js';
import { applyPlan } from '../src/engine/apply-plan.js';
import { silentLogger } from '../src/util/logger.js';
import { EXAMPLE_CONFIG, startEmulatedWorld } from '../src/demo/emulated-world.js';
import { benchData, subscriberPages } from './lib/subscribers.js';

const count = Number(process.argv[2] ?? 1500);
const rate = Number(process.argv[3] ?? 200);
const world = await startEmulatedWorld({ subscribers: 1 });
try {
  const loaded = await loadConfig(EXAMPLE_CONFIG, world.env);
  const smarty = loaded.targets.smarty!;
  const config: SyncConfig = {
    ...loaded,
    targets: { smarty: { ...smarty, rate: { requests: rate, perSeconds: 1, concurrency: smarty.rate.concurrency ?? 16 } } },
  };
  const rt = await openRuntime(config, { logger: silentLogger() });
  const pages = [...subscriberPages(benchData(count))];
  const made = await makePlan(rt, { subscribers: new Map([['hydra', pages]]) });
  world.smarty.resetStats();
  const started = performance.now();
  const result = await applyPlan(rt, made.plan, { snapshots: made.snapshots });
  const seconds = (performance.now() - started) / 1000;
  const requests = world.smarty.stats().total;
  await rt.close();
  console.log(JSON.stringify({
    subscribers: count,
    ops: result.total,
    failed: result.failed.length,
    seconds: Number(seconds.toFixed(2)),
    requests,
    requestsPerSecond: Number((requests / seconds).toFixed(1)),
    rateLimit: rate,
    shareOfLimit: Number((requests / seconds / rate).toFixed(3)),
  }));
} finally {
  await world.close();
}
