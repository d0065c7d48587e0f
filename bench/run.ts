/**
 * `npm run bench`: the numbers the engine promises, per pair, each measured in its own process.
 *
 *   npm run bench                                  # every pair below at 10k, 50k, 100k records;
 *                                                  # apply at 200 req/s; source reads at 10k,
 *                                                  # and at 3k under a 200 req/s cap (the
 *                                                  # share of the cap a read uses)
 *   npm run bench -- --sizes 10000                 # quicker
 *   npm run bench -- --pairs lanbilling-smotreshka # one pair
 *   npm run bench -- --pairs hydra-smarty --sizes 100000,1000000 --stores sqlite,postgres
 *                                                  # the million-subscriber plan on both stores
 *                                                  # (PostgreSQL at BILLSYNC_BENCH_PG_URL, default
 *                                                  # postgres://postgres@127.0.0.1:5432/test; a
 *                                                  # schema per run, dropped afterwards)
 *   npm run bench -- --churn-size 100000           # calls per round at 1 % churn at 100k
 *                                                  # (bench/churn-bench.ts; default 10k, 0 skips)
 *   npm run bench -- --trigger-sizes 10000,100000,1000000
 *                                                  # time per trigger (one-subscriber plan) at
 *                                                  # each number of stored subscribers, per store
 *                                                  # (bench/trigger-bench.ts; 0 skips)
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
import pg from 'pg';
import { pairInfo } from '../src/demo/example-config.js';

const PG_URL = process.env.BILLSYNC_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: 'hydra-smarty,lanbilling-smotreshka,userside-smartyard' },
    sizes: { type: 'string', default: '10000,50000,100000' },
    'apply-size': { type: 'string', default: '1500' },
    rate: { type: 'string', default: '200' },
    'source-size': { type: 'string', default: '10000' },
    'source-rate': { type: 'string', default: '200' },
    'source-rate-size': { type: 'string', default: '3000' },
    stores: { type: 'string', default: 'sqlite' },
    'churn-size': { type: 'string', default: '10000' },
    'trigger-sizes': { type: 'string', default: '10000,100000' },
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

type Phase = { engineMs: number; mapMs: number; diffMs: number; snapshotMs: number; readMs: number; peakRssMb: number; ops: number; subscribers: number; entities?: number; putSnapshotMs?: number; putPeakRssMb?: number };
interface PairResult {
  readonly plans: { size: number; store: string; first: Phase; noChange: Phase }[];
  readonly apply: Record<string, unknown>;
}

const pairs: Record<string, PairResult> = {};
const sources = new Set<string>();
for (const pair of list(values.pairs)) {
  sources.add((await pairInfo(pair)).source);
  const plans: PairResult['plans'] = [];
  for (const store of list(values.stores)) {
    for (const size of list(values.sizes)) {
      const dir = mkdtempSync(join(tmpdir(), 'billsync-bench-'));
      const schema = `bench_${process.pid}_${size}`;
      try {
        process.stderr.write(`${pair}: plan bench, ${size} records, ${store} store…\n`);
        const url = store === 'postgres' ? `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}` : join(dir, 'state.db');
        const now = String(Date.now());
        plans.push({
          size: Number(size),
          store,
          first: run('./plan-bench.ts', pair, 'first', size, url, now) as unknown as Phase,
          noChange: run('./plan-bench.ts', pair, 'nochange', size, url, now) as unknown as Phase,
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
        if (store === 'postgres') await dropSchema(schema);
      }
    }
  }
  process.stderr.write(`${pair}: apply bench…\n`);
  pairs[pair] = { plans, apply: run('./apply-bench.ts', pair, String(values['apply-size']), String(values.rate)) };
}
async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Source read benches per source type: UserSide in both of its read modes. */
const READ_MODES: Readonly<Record<string, readonly string[]>> = { userside: ['userside', 'userside-batched'] };
const reads: Record<string, Record<string, unknown>> = {};
for (const source of [...sources].flatMap((s) => READ_MODES[s] ?? [s])) {
  process.stderr.write(`${source}: source read bench…\n`);
  reads[source] = run('./source-bench.ts', source, String(values['source-size']));
}
/** The same reads under a request cap: how much of the billing's allowance each one uses. */
const capped: Record<string, Record<string, unknown>> = {};
if (Number(values['source-rate']) > 0) {
  for (const source of Object.keys(reads)) {
    // UserSide reads a whole install in a handful of requests (one get_user_list; batched: one
    // get_data per 100 customers): at these sizes it never nears a cap, and a share of a few
    // requests says nothing. Measured by hand instead: `npx tsx bench/source-bench.ts
    // userside-batched 20000 20` (the example's 20 req/s) used 100 % of it.
    if (source.startsWith('userside')) continue;
    process.stderr.write(`${source}: source read bench under ${String(values['source-rate'])} req/s…
`);
    capped[source] = run('./source-bench.ts', source, String(values['source-rate-size']), String(values['source-rate']));
  }
}

/** Calls per daemon round at 1 % churn: change-driven / triggers vs a full round and a naive full push. */
interface ChurnRow {
  readonly pair: string;
  readonly mode: string;
  readonly subscribers: number;
  readonly changed: number;
  readonly fullRound: { source: number; target: number; total: number };
  readonly changeDriven: { source: number; target: number; total: number };
  readonly naiveFullPush: { source: number; target: number; total: number };
  readonly changeVsPush: number;
}
let churn: { records: number; results: ChurnRow[] } | undefined;
if (Number(values['churn-size']) > 0) {
  process.stderr.write(`churn bench, ${String(values['churn-size'])} records…\n`);
  churn = run('./churn-bench.ts', String(values['churn-size'])) as unknown as { records: number; results: ChurnRow[] };
}

/** Time per trigger as the stored subscribers grow (restricted plans read by index). */
interface TriggerRow {
  readonly size: number;
  readonly triggerMedianMs: number;
  readonly triggerP90Ms: number;
  readonly rowsPerTrigger: number;
  readonly onePercent: number;
  readonly onePercentMs: number;
  readonly wholeSnapshotMedianMs: number;
}
const triggers: { store: string; results: TriggerRow[] }[] = [];
if (list(values['trigger-sizes']).every((s) => Number(s) > 0)) {
  for (const store of list(values.stores)) {
    process.stderr.write(`trigger bench, ${String(values['trigger-sizes'])} subscribers, ${store} store…\n`);
    triggers.push(run('./trigger-bench.ts', String(values['trigger-sizes']), store === 'postgres' ? PG_URL : 'sqlite') as unknown as { store: string; results: TriggerRow[] });
  }
}

const results = { at: new Date().toISOString(), node: process.version, pairs, sources: reads, cappedSources: capped, ...(churn ? { churn } : {}), ...(triggers.length > 0 ? { triggers } : {}) };
mkdirSync(here('./results'), { recursive: true });
writeFileSync(here('./results/latest.json'), JSON.stringify(results, null, 2) + '\n');

/** Per store, how each phase grew from the smallest size measured to the largest (× per × of records). */
function growth(plans: PairResult['plans']): void {
  for (const store of new Set(plans.map((p) => p.store))) {
    const mine = plans.filter((p) => p.store === store).sort((a, b) => a.size - b.size);
    const lo = mine[0];
    const hi = mine.at(-1);
    if (!lo || !hi || lo.size === hi.size) continue;
    const x = (a: number, b: number) => (a > 0 ? `${(b / a).toFixed(1)}×` : '–');
    const phases: [string, number, number][] = [
      ['map', lo.first.mapMs, hi.first.mapMs],
      ['diff', lo.first.diffMs, hi.first.diffMs],
      ['snapshot write', lo.first.putSnapshotMs ?? 0, hi.first.putSnapshotMs ?? 0],
      ['snapshot scan', lo.noChange.snapshotMs, hi.noChange.snapshotMs],
      ['no-change diff', lo.noChange.diffMs, hi.noChange.diffMs],
      ['first RSS', lo.first.peakRssMb, hi.first.peakRssMb],
      ['no-change RSS', lo.noChange.peakRssMb, hi.noChange.peakRssMb],
    ];
    const worst = phases.slice(0, 5).reduce((a, b) => (b[2] > a[2] ? b : a));
    console.log(`growth ${lo.size}→${hi.size} (${x(lo.size, hi.size)} records) on ${store}: ${phases.map(([n, a, b]) => `${n} ${x(a, b)}`).join(', ')}; at ${hi.size} the largest phase is ${worst[0]} (${worst[2]} ms)`);
  }
}

const row = (cells: (string | number)[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(9) : String(c).padStart(11))).join('');
for (const [pair, r] of Object.entries(pairs)) {
  console.log(`\n${pair} — planning, source reads excluded (ms; peak RSS in MB, per phase process):`);
  console.log(row(['records', 'store', 'entities', 'first ops', 'map', 'diff', 'map+plan', 'RSS', 'snap write', 'RSS', 'no-change', 'snap scan', 'map', 'diff', 'RSS']));
  for (const p of r.plans) {
    const f = p.first;
    const n = p.noChange;
    console.log(row([p.size, p.store, f.entities ?? 0, f.ops, f.mapMs, f.diffMs, f.engineMs, f.peakRssMb, f.putSnapshotMs ?? 0, f.putPeakRssMb ?? 0, n.engineMs, n.snapshotMs, n.mapMs, n.diffMs, n.peakRssMb]));
  }
  growth(r.plans);
  console.log(`apply: ${JSON.stringify(r.apply)}`);
}
console.log('bars at 1M records: map+plan ≤ 15000 ms, no-change ≤ 20000 ms end to end, peak RSS ≤ 1500 MB, PostgreSQL ≤ 1.5 × SQLite');
console.log('\nbars at 100k records: map+plan ≤ 2000 ms, no-change plan ≤ 5000 ms end to end, peak RSS ≤ 600 MB; apply shareOfLimit ≥ 0.9');
for (const [source, r] of Object.entries(reads)) console.log(`source read ${source}: ${JSON.stringify(r)}`);
console.log('\nsource reads, requests per subscriber per full read (bar: Hydra ≤ 2 per customer, plus amortised list/address/catalogue requests):');
for (const [source, r] of Object.entries(reads)) console.log(`  ${source.padEnd(17)} ${String(r.requestsPerSubscriber ?? '?').padStart(7)}  (${String(r.requests)} requests for ${String(r.subscribers)} subscribers)`);
if (Object.keys(capped).length > 0) {
  console.log(`\nsource reads under a ${String(values['source-rate'])} req/s cap, share of the cap used (bar ≥ 90 %):`);
  for (const [source, r] of Object.entries(capped)) console.log(`  ${source.padEnd(17)} ${String(r.rateUsedPercent ?? '?').padStart(4)} %  (${String(r.requests)} requests in ${String(r.seconds)} s)`);
}
if (churn) {
  console.log(`\ncalls per round at 1 % churn, ${churn.records} records (source + target; bar: change-driven ≤ 1/20 of a naive full push):`);
  for (const r of churn.results) {
    const c = (x: { source: number; target: number; total: number }) => `${x.source} + ${x.target} = ${x.total}`;
    console.log(`  ${r.pair} (${r.mode}), ${r.changed} of ${r.subscribers} changed: naive full push ${c(r.naiveFullPush)}; full round ${c(r.fullRound)}; change-driven ${c(r.changeDriven)} → ${r.changeVsPush} of the push`);
  }
}
if (triggers.length > 0) {
  console.log('\ntime per trigger (hydra-smarty, one subscriber planned; bar: flat as the store grows):');
  for (const t of triggers) {
    for (const r of t.results) {
      console.log(`  ${t.store.padEnd(8)} ${String(r.size).padStart(8)} stored: median ${r.triggerMedianMs} ms, p90 ${r.triggerP90Ms} ms, ${r.rowsPerTrigger} rows read; 1 % (${r.onePercent}) at once ${r.onePercentMs} ms; whole-snapshot trigger ${r.wholeSnapshotMedianMs} ms`);
    }
  }
}
