/**
 * `npm run bench`: the numbers the engine promises, per pair, each measured in its own process.
 *
 *   npm run bench                                  # every pair below at 10k, 50k, 100k records;
 *                                                  # apply at 200 req/s; source reads at 10k
 *   npm run bench -- --sizes 10000                 # quicker
 *   npm run bench -- --pairs lanbilling-smotreshka # one pair
 *
 * A pair is a shipped mapping, run with sync.yaml.example's settings for its source and target;
 * records are Hydra customers, LANBilling account entries (vgroups) or UserSide customers (the
 * SmartYard pair also plans the example inventory). UserSide is read both ways an install may
 * need: the one-call list and batched get_data. Writes
 * bench/results/latest.json and prints a summary with the bars from the issues.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pairInfo } from '../src/demo/example-config.js';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: 'hydra-smarty,lanbilling-smotreshka,userside-smartyard' },
    sizes: { type: 'string', default: '10000,50000,100000' },
    'apply-size': { type: 'string', default: '1500' },
    rate: { type: 'string', default: '200' },
    'source-size': { type: 'string', default: '10000' },
  },
});
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
const list = (v: unknown) => String(v).split(',').map((s) => s.trim()).filter((s) => s !== '');

function run(script: string, ...args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, [tsx, here(script), ...args], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = out.trim().split('\n').pop()!;
  return JSON.parse(line) as Record<string, unknown>;
}

type Phase = { engineMs: number; mapMs: number; diffMs: number; snapshotMs: number; readMs: number; peakRssMb: number; ops: number; subscribers: number; entities?: number };
interface PairResult {
  readonly plans: { size: number; first: Phase; noChange: Phase }[];
  readonly apply: Record<string, unknown>;
}

const pairs: Record<string, PairResult> = {};
const sources = new Set<string>();
for (const pair of list(values.pairs)) {
  sources.add((await pairInfo(pair)).source);
  const plans = list(values.sizes).map((size) => {
    const dir = mkdtempSync(join(tmpdir(), 'billsync-bench-'));
    try {
      process.stderr.write(`${pair}: plan bench, ${size} records…\n`);
      const store = join(dir, 'state.db');
      const now = String(Date.now());
      return {
        size: Number(size),
        first: run('./plan-bench.ts', pair, 'first', size, store, now) as unknown as Phase,
        noChange: run('./plan-bench.ts', pair, 'nochange', size, store, now) as unknown as Phase,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  process.stderr.write(`${pair}: apply bench…\n`);
  pairs[pair] = { plans, apply: run('./apply-bench.ts', pair, String(values['apply-size']), String(values.rate)) };
}
/** Source read benches per source type: UserSide in both of its read modes. */
const READ_MODES: Readonly<Record<string, readonly string[]>> = { userside: ['userside', 'userside-batched'] };
const reads: Record<string, Record<string, unknown>> = {};
for (const source of [...sources].flatMap((s) => READ_MODES[s] ?? [s])) {
  process.stderr.write(`${source}: source read bench…\n`);
  reads[source] = run('./source-bench.ts', source, String(values['source-size']));
}

const results = { at: new Date().toISOString(), node: process.version, pairs, sources: reads };
mkdirSync(here('./results'), { recursive: true });
writeFileSync(here('./results/latest.json'), JSON.stringify(results, null, 2) + '\n');

const row = (cells: (string | number)[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(9) : String(c).padStart(11))).join('');
for (const [pair, r] of Object.entries(pairs)) {
  console.log(`\n${pair} — planning, source reads excluded (ms; peak RSS in MB, per phase process):`);
  console.log(row(['records', 'subscribers', 'entities', 'first ops', 'map', 'diff', 'map+plan', 'RSS', 'no-change', 'snap load', 'map', 'diff', 'RSS']));
  for (const p of r.plans) {
    const f = p.first;
    const n = p.noChange;
    console.log(row([p.size, f.subscribers, f.entities ?? 0, f.ops, f.mapMs, f.diffMs, f.engineMs, f.peakRssMb, n.engineMs, n.snapshotMs, n.mapMs, n.diffMs, n.peakRssMb]));
  }
  console.log(`apply: ${JSON.stringify(r.apply)}`);
}
console.log('\nbars at 100k records: map+plan ≤ 2000 ms, no-change plan ≤ 5000 ms end to end, peak RSS ≤ 600 MB; apply shareOfLimit ≥ 0.9');
for (const [source, r] of Object.entries(reads)) console.log(`source read ${source}: ${JSON.stringify(r)}`);
console.log('\nsource reads, requests per subscriber per full read (bar: Hydra ≤ 2 per customer, plus amortised list/address/catalogue requests):');
for (const [source, r] of Object.entries(reads)) console.log(`  ${source.padEnd(17)} ${String(r.requestsPerSubscriber ?? '?').padStart(7)}  (${String(r.requests)} requests for ${String(r.subscribers)} subscribers)`);
