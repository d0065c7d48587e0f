/**
 * Apply throughput of one pair against its target's emulator at a configured rate limit: the
 * engine must keep the queue full, so achieved requests/s should sit at the limit. Prints one
 * JSON line.
 *
 *   tsx bench/apply-bench.ts [pair=hydra-smarty] [records=1500] [rate=200]
 */
import { loadConfig } from '../src/config/index.js';
import type { SyncConfig } from '../src/config/types.js';
import { openRuntime } from '../src/engine/runtime.js';
import { makePlan } from '../src/engine/make-plan.js';
import { applyPlan } from '../src/engine/apply-plan.js';
import { silentLogger } from '../src/util/logger.js';
import { startEmulatedWorld, type EmulatedWorld } from '../src/demo/emulated-world.js';
import { pairInfo } from '../src/demo/example-config.js';
import { benchPages } from './lib/sources.js';

/** Requests each target's emulator received (reads included: they share the rate limit). */
const TARGET_REQUESTS: Readonly<Record<string, { total(w: EmulatedWorld): number; reset(w: EmulatedWorld): void }>> = {
  smarty: { total: (w) => w.smarty.stats().total, reset: (w) => w.smarty.resetStats() },
  smotreshka: { total: (w) => w.smotreshka.stats().total, reset: (w) => w.smotreshka.resetStats() },
  smartyard: { total: (w) => w.smartyard.stats().total, reset: (w) => w.smartyard.resetStats() },
};

const pair = process.argv[2] ?? 'hydra-smarty';
const count = Number(process.argv[3] ?? 1500);
const rate = Number(process.argv[4] ?? 200);
const { source, target } = await pairInfo(pair);
const emulator = TARGET_REQUESTS[target];
if (!emulator) throw new Error(`no apply bench for target '${target}' (bench/apply-bench.ts)`);
const world = await startEmulatedWorld({ subscribers: 1, vgroups: 1, pairs: [pair] });
try {
  const loaded = await loadConfig(world.config, world.env);
  const cfg = loaded.targets[target]!;
  const config: SyncConfig = {
    ...loaded,
    targets: { [target]: { ...cfg, rate: { requests: rate, perSeconds: 1, concurrency: cfg.rate.concurrency ?? 16 } } },
  };
  const rt = await openRuntime(config, { logger: silentLogger() });
  const pages = [...benchPages(source, count)];
  const made = await makePlan(rt, { subscribers: new Map([[source, pages]]) });
  emulator.reset(world);
  const started = performance.now();
  const result = await applyPlan(rt, made.plan, { snapshots: made.snapshots });
  const seconds = (performance.now() - started) / 1000;
  const requests = emulator.total(world);
  await rt.close();
  console.log(JSON.stringify({
    pair,
    records: count,
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
