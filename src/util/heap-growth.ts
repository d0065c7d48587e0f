/**
 * How far V8 lets the heap grow past what the last full collection kept before it collects
 * again. Its default suits short-lived, latency-bound programs: the limit goes to up to about
 * four times the live heap, and a plan holding a million subscribers' entities (~1 GB live)
 * then peaks near 3 GB of RSS. A sync is a batch job that can spend a little more time
 * collecting to stay within the memory a machine of its size has: the heap may grow by a fifth
 * past the live set (measured on the 300,000-subscriber no-change plan: peak RSS 1,023 → 547 MB
 * for ~15 % more CPU time).
 *
 * V8 reads the flag each time it sets the next limit, so setting it at start-up is enough.
 * Node refuses `--heap-growing-percent` in NODE_OPTIONS, so an operator chooses another value
 * with BILLSYNC_HEAP_GROWING_PERCENT (1–1000; more memory, less collecting) or by running node
 * with the flag themselves (`node --heap-growing-percent=50 …/billsync.js`), which wins.
 */
import { setFlagsFromString } from 'node:v8';

const DEFAULT_GROWING_PERCENT = 20;

/** The percent to use: the environment's when it is a whole number in range, else the default. */
export function heapGrowingPercent(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.BILLSYNC_HEAP_GROWING_PERCENT?.trim();
  if (text === undefined || !/^\d+$/.test(text)) return DEFAULT_GROWING_PERCENT;
  const n = Number(text);
  return n >= 1 && n <= 1000 ? n : DEFAULT_GROWING_PERCENT;
}

export function boundHeapGrowth(): void {
  const given = process.execArgv.some((a) => a.includes('heap-growing-percent') || a.includes('heap_growing_percent'));
  if (!given) setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent()}`);
}
