/**
 * Hydra source read over real sockets from the emulator (the part the planning numbers
 * exclude). Prints one JSON line.  tsx bench/source-bench.ts [customers=10000]
 */
import { hydraSourceFactory } from '../src/sources/hydra/index.js';
import { createHydraEmulator, DEFAULT_LOGIN, DEFAULT_PASSWORD } from '../src/emulators/hydra/index.js';
import { silentLogger } from '../src/util/logger.js';

const count = Number(process.argv[2] ?? 10_000);
const hydra = createHydraEmulator({ customers: count, seed: 42 });
const url = await hydra.start(0);
try {
  const source = hydraSourceFactory.create(
    'hydra',
    { url, login: DEFAULT_LOGIN, password: DEFAULT_PASSWORD, per_page: 1000, rate: { concurrency: 16 } },
    { logger: silentLogger(), now: () => new Date() },
  );
  const started = performance.now();
  let read = 0;
  for await (const batch of source.read()) read += batch.length;
  const seconds = (performance.now() - started) / 1000;
  await source.close();
  console.log(JSON.stringify({
    customers: read,
    seconds: Number(seconds.toFixed(2)),
    customersPerSecond: Math.round(read / seconds),
    requests: hydra.stats().total,
    requestsPerSecond: Math.round(hydra.stats().total / seconds),
  }));
} finally {
  await hydra.stop();
}
