/**
 * Child process of the planning benchmark: generates N Hydra customers and writes them, normalised,
 * one page of subscribers per line (JSON) to stdout — so the benchmark process holds only what
 * the engine holds, as with a real source on another machine.
 */
import { benchData, subscriberPages } from './subscribers.js';

const size = Number(process.argv[2] ?? 10_000);
const now = new Date(Number(process.argv[3] ?? Date.now()));
for (const page of subscriberPages(benchData(size), 1000, now)) {
  if (!process.stdout.write(JSON.stringify(page) + '\n')) {
    await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}
