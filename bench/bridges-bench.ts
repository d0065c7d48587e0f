/**
 * `npm run bench:bridges`: answer times of the bridges at scale. 100,000 Hydra subscribers (the
 * emulator's generator through the Hydra source's normaliser) are kept as a complete read; the
 * usm_billing and smartyard_billing bridges (the shipped example mappings) answer through the
 * daemon's own HTTP server over loopback keep-alive. Each question: 3 warm-ups, then `rounds`
 * timed requests with random subscribers/phones; p50, p95 and max of the full round trip.
 * Also timed: indexing a complete read, the point questions while a new read is being indexed
 * (answers must not stall), refresh=1 (a point read; the source here answers at once, so this is
 * billsync's share), and the bulk get_user_list export (first byte and whole body).
 *
 *   tsx bench/bridges-bench.ts [subscribers=100000] [rounds=300]
 *
 * Prints a table on stderr and one JSON line on stdout. Bar: point questions p95 ≤ 50 ms.
 */
import { Agent, request } from 'node:http';
import { Worker } from 'node:worker_threads';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SyncConfig } from '../src/config/types.js';
import { startBridges } from '../src/bridges/index.js';
import { startHttpServer } from '../src/daemon/http-server.js';
import type { Subscriber } from '../src/model/subscriber.js';
import type { ReadOptions, Source } from '../src/sources/source.js';
import { silentLogger } from '../src/util/logger.js';
import { benchData, subscriberPages } from './lib/subscribers.js';

const size = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 300);
const TOKEN = 'bench-token-0123456789abcdef';
const BAR_MS = 50;

const subs: Subscriber[] = [];
for (const page of subscriberPages(benchData(size))) subs.push(...page);
const byId = new Map(subs.map((s) => [s.id, s]));
const source: Source = {
  type: 'memory',
  name: 'hydra',
  async *read(opts?: ReadOptions) {
    for (let i = 0; i < subs.length; i += 1000) yield subs.slice(i, i + 1000);
    opts?.onCompleteness?.({ complete: true, proof: `${subs.length} read` });
  },
  readOne: async (id) => byId.get(id) ?? null,
  close: async () => undefined,
};

const dir = mkdtempSync(join(tmpdir(), 'billsync-bridges-bench-'));
const mapping = (name: string): string => {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, readFileSync(fileURLToPath(new URL(`../mappings/bridge-${name.replace('_', '-')}.yaml`, import.meta.url)), 'utf8'));
  return file;
};
const bridge = (name: string) => ({ name, source: 'hydra', mapping: mapping(name), token: TOKEN, refreshMs: 3_600_000, position: { file: 'sync.yaml', line: 1, col: 1 } });
const config = { sources: {}, secretValues: [TOKEN], bridges: { bridges: { usm_billing: bridge('usm_billing'), smartyard_billing: bridge('smartyard_billing') } } } as unknown as SyncConfig;
const bridges = (await startBridges(config, { sources: new Map([['hydra', source]]) }, { logger: silentLogger(), now: () => new Date(), schedule: false }))!;
const http = await startHttpServer('127.0.0.1:0', { token: undefined, logger: silentLogger(), sources: ['hydra'], submit: () => { throw new Error('not here'); }, approve: () => undefined, health: () => ({}), ready: () => true, metrics: async () => ({ contentType: 'text/plain', body: '' }), waitLimitMs: 1000, bridges: [bridges] });

let t = performance.now();
await bridges.readNow();
const indexMs = performance.now() - t;

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const base = new URL(http.url);
function get(path: string): Promise<{ status: number; firstByteMs: number; totalMs: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path, agent, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      let firstByteMs = -1;
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        if (firstByteMs < 0) firstByteMs = performance.now() - started;
        bytes += c.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, firstByteMs, totalMs: performance.now() - started, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const ids = subs.map((s) => s.id);
const phones = subs.flatMap((s) => s.contacts.phones).filter((p) => /\d{10}/.test(p.replace(/\D/g, '')));
const QUESTIONS: Record<string, () => string> = {
  'usm get_user_list customer_id': () => `/bridges/usm-billing/?request=get_user_list&customer_id=${pick(ids)}`,
  'usm get_user_list customer_id refresh=1': () => `/bridges/usm-billing/?request=get_user_list&customer_id=${pick(ids)}&refresh=1`,
  'usm get_tariff_list': () => '/bridges/usm-billing/?request=get_tariff_list',
  'usm get_user_state_list': () => '/bridges/usm-billing/?request=get_user_state_list',
  'smartyard uid_from': () => `/bridges/smartyard-billing/uid_from?phone=${encodeURIComponent(pick(phones))}`,
  'smartyard uid_from (unknown phone)': () => '/bridges/smartyard-billing/uid_from?phone=89000000000',
  'smartyard cams_activ': () => `/bridges/smartyard-billing/cams_activ?uid=${pick(ids)}`,
  'smartyard billing_list': () => `/bridges/smartyard-billing/billing_list?phone=${encodeURIComponent(pick(phones))}`,
  'smartyard billing_list refresh=1': () => `/bridges/smartyard-billing/billing_list?phone=${encodeURIComponent(pick(phones))}&refresh=1`,
};

interface Timing { p50: number; p95: number; max: number }
const pct = (xs: number[], p: number): number => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const round1 = (n: number): number => Math.round(n * 10) / 10;
async function time(path: () => string, n: number): Promise<Timing> {
  for (let i = 0; i < 3; i++) await get(path());
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await get(path());
    if (r.status !== 200) throw new Error(`${path()}: HTTP ${r.status}`);
    ms.push(r.totalMs);
  }
  return { p50: round1(pct(ms, 0.5)), p95: round1(pct(ms, 0.95)), max: round1(Math.max(...ms)) };
}

const results: Record<string, Timing> = {};
for (const [name, path] of Object.entries(QUESTIONS)) results[name] = await time(path, rounds);

// Point questions while a new complete read is being indexed (the daemon's reconcile just read).
// The asking client runs in a worker thread, as a real client is another process: a client on
// the indexing thread would wait for the slices itself.
const during: number[] = [];
const paths = Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? QUESTIONS['smartyard uid_from']!() : QUESTIONS['usm get_user_list customer_id']!()));
const worker = new Worker(
  `const { parentPort, workerData } = require('node:worker_threads');
   const http = require('node:http');
   const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
   let stop = false;
   parentPort.on('message', () => { stop = true; });
   (async () => {
     for (let i = 0; !stop; i++) {
       const started = performance.now();
       await new Promise((resolve, reject) => {
         const req = http.request(workerData.base + workerData.paths[i % workerData.paths.length], { agent, headers: { authorization: 'Bearer ' + workerData.token } }, (res) => { res.resume(); res.on('end', resolve); });
         req.on('error', reject);
         req.end();
       });
       parentPort.postMessage(performance.now() - started);
     }
     agent.destroy();
     parentPort.postMessage('done');
   })();`,
  { eval: true, workerData: { base: http.url, paths, token: TOKEN } },
);
const finished = new Promise<void>((resolve) => worker.on('message', (m: number | string) => (m === 'done' ? resolve() : during.push(m as number))));
await new Promise((r) => setTimeout(r, 200));
during.length = 0;
t = performance.now();
await bridges.readNow();
const reindexMs = performance.now() - t;
worker.postMessage('stop');
await finished;
await worker.terminate();
results['point questions during a re-index'] = { p50: round1(pct(during, 0.5)), p95: round1(pct(during, 0.95)), max: round1(Math.max(...during)) };

// The bulk export usm_billing's cron pulls: first after a change (joins the cached rows), then cached.
await get(`/bridges/usm-billing/?request=get_user_list&customer_id=${ids[0]}&refresh=1`);
const bulkFirst = await get('/bridges/usm-billing/?request=get_user_list');
const bulkCached = await get('/bridges/usm-billing/?request=get_user_list');

const rows = Object.entries(results).map(([q, r]) => `${q.padEnd(42)} ${String(r.p50).padStart(7)} ${String(r.p95).padStart(7)} ${String(r.max).padStart(7)}  ${r.p95 <= BAR_MS ? 'ok' : 'OVER'}`);
process.stderr.write(
  [
    `bridges at ${size.toLocaleString('en')} subscribers, ${rounds} requests per question (ms: p50 p95 max; bar p95 ≤ ${BAR_MS})`,
    `index a complete read (both bridges): ${Math.round(indexMs)} ms; re-index while answering: ${Math.round(reindexMs)} ms (${during.length} answers meanwhile)`,
    ...rows,
    `usm get_user_list, all customers (${(bulkFirst.bytes / 1e6).toFixed(1)} MB): first after a change ${Math.round(bulkFirst.firstByteMs)} ms to first byte, ${Math.round(bulkFirst.totalMs)} ms whole; cached ${Math.round(bulkCached.firstByteMs)} / ${Math.round(bulkCached.totalMs)} ms`,
    '',
  ].join('\n'),
);
process.stdout.write(`${JSON.stringify({ size, rounds, indexMs: Math.round(indexMs), reindexMs: Math.round(reindexMs), questions: results, bulk: { bytes: bulkFirst.bytes, firstAfterChange: { firstByteMs: Math.round(bulkFirst.firstByteMs), totalMs: Math.round(bulkFirst.totalMs) }, cached: { firstByteMs: Math.round(bulkCached.firstByteMs), totalMs: Math.round(bulkCached.totalMs) } }, bar: { p95Ms: BAR_MS, met: Object.values(results).every((r) => r.p95 <= BAR_MS) } })}\n`);
agent.destroy();
await http.close();
await bridges.close();
rmSync(dir, { recursive: true, force: true });
