/**
 * `npm run bench`: the numbers the engine promises, each measured in its own process.
 *
 *   npm run bench                      # sizes 10k, 50k, 100k; apply at 200 req/s; source read 10k
 *   npm run bench -- --sizes 10000     # quicker
 *
 * Writes bench/results/latest.json and prints a summary with the targets from the engine issue.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,50000,100000' },
    'apply-subscribers': { type: 'string', default: '1500' },
    rate: { type: 'string', default: '200' },
    'source-customers': { type: 'string', default: '10000' },
  },
});
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));

function run(script: string, ...args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, [tsx, here(script), ...args], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = out.trim().split('\n').pop()!;
  return JSON.parse(line) as Record<string, unknown>;
}

const plans = String(values.sizes).split(',').map((size) => {
  const dir = mkdtempSync(join(tmpdir(), 'billsync-bench-'));
  try {
    process.stderr.write(`plan bench, ${size} subscribers…\n`);
    const store = join(dir, 'state.db');
    return { size: Number(size), first: run('./plan-bench.ts', 'first', size, store), noChange: run('./plan-bench.ts', 'nochange', size, store) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
process.stderr.write('apply bench…\n');
const apply = run('./apply-bench.ts', String(values['apply-subscribers']), String(values.rate));
process.stderr.write('source read bench…\n');
const source = run('./source-bench.ts', String(values['source-customers']));

const results = { at: new Date().toISOString(), node: process.version, plans, apply, source };
mkdirSync(here('./results'), { recursive: true });
writeFileSync(here('./results/latest.json'), JSON.stringify(results, null, 2) + '\n');

type Phase = { engineMs: number; mapMs: number; diffMs: number; snapshotMs: number; readMs: number; peakRssMb: number; ops: number; entities?: number };
const row = (cells: (string | number)[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(9) : String(c).padStart(11))).join('');
console.log('Planning, source reads excluded (ms; peak RSS in MB, per phase process):');
console.log(row(['size', 'entities', 'first ops', 'map', 'diff', 'map+plan', 'RSS', 'no-change', 'snap load', 'map', 'diff', 'RSS']));
for (const p of plans as { size: number; first: Phase; noChange: Phase }[]) {
  const f = p.first;
  const n = p.noChange;
  console.log(row([p.size, f.entities ?? 0, f.ops, f.mapMs, f.diffMs, f.engineMs, f.peakRssMb, n.engineMs, n.snapshotMs, n.mapMs, n.diffMs, n.peakRssMb]));
}
console.log('targets at 100k: map+plan ≤ 2000 ms, no-change plan ≤ 5000 ms end to end, peak RSS ≤ 600 MB');
console.log(`apply: ${JSON.stringify(apply)}  (target: shareOfLimit ≥ 0.9)`);
console.log(`source read: ${JSON.stringify(source)}`);
