/**
 * Child process of the planning benchmark: generates N records of a source type (hydra,
 * lanbilling) and writes them, normalised, one page of subscribers per line (JSON) to stdout —
 * so the benchmark process holds only what the engine holds, as with a real source on another
 * machine.   tsx bench/lib/emit-pages.ts SOURCE N NOW_MS
 */
import { benchPages } from './sources.js';

const source = process.argv[2] ?? 'hydra';
const size = Number(process.argv[3] ?? 10_000);
const now = new Date(Number(process.argv[4] ?? Date.now()));
for (const page of benchPages(source, size, now)) {
  if (!process.stdout.write(JSON.stringify(page) + '\n')) {
    await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}
