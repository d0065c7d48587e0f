/**
 * Server time of each console page at scale: a SQLite store holding ~100,000 snapshot rows
 * (50,000 Hydra subscribers → Smarty customer + account), an op log of ~120,000 rows over 1,000
 * runs in the last 24 h (one first apply of every row, then small runs with some failures), a
 * held-back set and a 5,000-entry drift report. The explain page reads its one subscriber from a
 * Hydra emulator serving the same data. Each page is fetched over loopback HTTP (keep-alive),
 * 3 warm-ups then `rounds` timed requests; prints a table on stderr and one JSON line.
 *
 *   tsx bench/console-bench.ts [subscribers=50000] [rounds=20]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { openRuntime } from '../src/engine/runtime.js';
import { desiredState, inventoryEntities } from '../src/engine/desired.js';
import { snapshotChange } from '../src/apply/snapshot-change.js';
import { kindSpec } from '../src/model/kind.js';
import { silentLogger } from '../src/util/logger.js';
import { writePairConfig } from '../src/demo/example-config.js';
import { createHydraEmulator } from '../src/emulators/hydra/index.js';
import { createSmartyEmulator } from '../src/emulators/smarty/index.js';
import { SMARTY_TARIFFS } from '../src/demo/catalogues.js';
import { startHttpServer } from '../src/daemon/http-server.js';
import { createConsole } from '../src/daemon/ui/console.js';
import type { WorkerStatus } from '../src/daemon/target-worker.js';
import { newRunId } from '../src/store/run-id.js';
import type { SnapshotEntity } from '../src/model/entity.js';
import { benchData, subscriberPages } from './lib/subscribers.js';

const subscribers = Number(process.argv[2] ?? 50_000);
const rounds = Number(process.argv[3] ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'billsync-console-bench-'));
const now = new Date();
const data = benchData(subscribers);
const hydra = createHydraEmulator({ data });
const smarty = createSmartyEmulator({ apiKey: 'bench-key', tariffs: SMARTY_TARIFFS });
const [hydraUrl, smartyUrl] = await Promise.all([hydra.start(0), smarty.start(0)]);
const storeFile = join(dir, 'state.db');
const configFile = await writePairConfig(join(dir, 'config'), ['hydra-smarty']);
const config = await loadConfig(configFile, { HYDRA_URL: hydraUrl, HYDRA_LOGIN: 'billsync', HYDRA_PASSWORD: 'billsync', SMARTY_URL: smartyUrl, SMARTY_API_KEY: 'bench-key', BILLSYNC_STORE_URL: `sqlite:${storeFile}` });
const rt = await openRuntime(config, { logger: silentLogger() });

// The snapshot: the desired state as an apply would have stored it.
process.stderr.write(`console bench: building a snapshot of ${subscribers} subscribers…\n`);
const desired = desiredState(rt.mappings, new Map([['hydra', [...subscriberPages(data, 1000, now)].flat()]]), inventoryEntities(rt.config));
const adapter = rt.targets.get('smarty')!;
const rows: SnapshotEntity[] = [...desired.byTarget.values()].flat().map((e, i) => {
  const c = snapshotChange({ seq: i + 1, target: e.target, kind: e.kind, key: e.key, after: [], type: 'create', entity: e }, undefined, { remoteId: String(i + 1) }, kindSpec(adapter.kinds, e.kind), rt.store.secrets);
  if (c.kind !== 'put') throw new Error('internal error');
  return c.entity;
});
await rt.store.putSnapshot(rows);

// The op log, written straight into the file (the Store has no bulk op insert; a real first
// apply commits op by op).
process.stderr.write(`console bench: writing the op log…\n`);
const db = new Database(storeFile);
const insertRun = db.prepare('insert into run (id, mode, started_at, finished_at, status, counts, plan_hash, owner) values (?, ?, ?, ?, ?, ?, null, ?)');
const insertOp = db.prepare('insert into op_log (run_id, seq, target, kind, key, op, status, attempts, error, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
const day = 24 * 3_600_000;
const start = now.getTime() - day + 60_000;
const REASONS = ['smarty customer/modify: error 4: Customer not found', 'smarty account/create: HTTP 503 after 5 attempts', 'parent failed'];
let bigRun = '';
let opRows = 0;
db.transaction(() => {
  bigRun = newRunId(start);
  const at = (i: number) => new Date(start + Math.floor((i / rows.length) * 3_600_000)).toISOString();
  rows.forEach((e, i) => insertOp.run(bigRun, i + 1, e.target, e.kind, e.key, JSON.stringify({ type: 'create', seq: i + 1, target: e.target, kind: e.kind, key: e.key, after: [], entity: e }), i % 50 === 0 ? 'failed' : 'ok', 1, i % 50 === 0 ? REASONS[i % 3] : null, at(i)));
  insertRun.run(bigRun, 'run', at(0), at(rows.length - 1), 'partial', JSON.stringify({ total: rows.length, succeeded: rows.length - Math.ceil(rows.length / 50), failed: Math.ceil(rows.length / 50) }), 'bench@host');
  opRows += rows.length;
  for (let r = 1; r < 1000; r++) {
    const t = start + 3_600_000 + Math.floor(((day - 3_700_000) * r) / 1000);
    const id = newRunId(t);
    const n = r % 40;
    for (let s = 1; s <= n; s++) {
      const e = rows[(r * 97 + s * 13) % rows.length]!;
      const op = { type: 'update', seq: s, target: e.target, kind: e.kind, key: e.key, after: [], changes: [{ attr: 'comment', before: 'x', after: 'y' }], entity: e };
      insertOp.run(id, s, e.target, e.kind, e.key, JSON.stringify(op), s % 9 === 0 ? 'failed' : 'ok', 1, s % 9 === 0 ? REASONS[s % 3] : null, new Date(t + s * 10).toISOString());
    }
    insertRun.run(id, 'run', new Date(t).toISOString(), new Date(t + 400).toISOString(), 'ok', JSON.stringify({ total: n, succeeded: n }), 'bench@host');
    opRows += n;
  }
})();
db.close();
await rt.store.putHeldBack('smarty', { hash: '0123456789abcdef', ops: 120, reasons: [{ target: 'smarty', rule: 'delete_limit', message: '120 deletes over the cap of 100', ops: 120 }] });
const driftEntries = rows.slice(0, 5000).map((e) => ({ target: e.target, kind: e.kind, key: e.key, type: 'changed' as const, attrs: [{ attr: 'comment', snapshot: 'USER_1', live: 'USER_2' }], added: {}, removed: {} }));
await rt.store.putDrift('smarty', now.toISOString(), driftEntries);

const status: WorkerStatus = {
  leader: true, intervalMs: 300_000, breaker: { state: 'closed', consecutiveFailures: 0, openUntil: null, lastError: null }, running: false,
  lastRunAt: now.toISOString(), lastStatus: 'ok', lastSuccessAt: now.toISOString(), lastError: null, nextRunAt: new Date(now.getTime() + 300_000).toISOString(),
  heldBack: { ops: 120, hash: '0123456789abcdef', rules: ['delete_limit'] }, lastRead: { at: now.toISOString(), subscribers: { hydra: subscribers } },
};
const ui = createConsole({
  rt, token: 'bench-token-0123456789', auth: 'none', logger: silentLogger(), now: () => new Date(),
  health: () => ({ status: 'ok', leadership: 'sqlite-file', queueDepth: 0, heldBackOps: 120, targets: { smarty: status } }),
  submit: () => { throw new Error('not in the bench'); },
  approve: () => Promise.reject(new Error('not in the bench')),
  waitLimitMs: 1000,
});
const http = await startHttpServer('127.0.0.1:0', { token: undefined, logger: silentLogger(), sources: ['hydra'], submit: () => { throw new Error('x'); }, approve: () => undefined, health: () => ({}), ready: () => true, metrics: async () => ({ contentType: 'text/plain', body: '' }), waitLimitMs: 1000, console: ui });

const sub = data.customers[Math.floor(data.customers.length / 2)]!;
const subRow = rows.find((r) => r.origin?.id === String(sub.id) && r.kind === 'account')!;
const oldRun = (await rt.store.listRuns(1, undefined))[0]!;
const deepBefore = (await rt.store.listRuns(500))[499]!.id;
const PAGES: Record<string, string> = {
  overview: '/ui/',
  runs: '/ui/runs',
  'runs, page 11': `/ui/runs?before=${deepBefore}`,
  'run (100k ops), first page': `/ui/run?id=${bigRun}`,
  'run (100k ops), page 800': `/ui/run?id=${bigRun}&after=80000`,
  'run (100k ops), key search': `/ui/run?id=${bigRun}&key=${subRow.key}`,
  'run (small)': `/ui/run?id=${oldRun.id}`,
  'held back': '/ui/held',
  'subscriber by source id': `/ui/subscriber?q=${sub.id}`,
  'subscriber by account': `/ui/subscriber?q=${subRow.key}`,
  'subscriber, no match': '/ui/subscriber?q=nobody-here',
  'explain (reads 1 subscriber from Hydra)': `/ui/explain?target=smarty&kind=account&key=${subRow.key}`,
  'drift (5,000 stored, 300 shown)': '/ui/drift',
};
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const get = (path: string): Promise<{ status: number; bytes: number }> =>
  new Promise((resolve, reject) => {
    request(new URL(path, http.url), { agent }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    }).on('error', reject).end();
  });
const results: Record<string, { medianMs: number; p95Ms: number; kb: number }> = {};
for (const [name, path] of Object.entries(PAGES)) {
  for (let i = 0; i < 3; i++) await get(path);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const r = await get(path);
    times.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
    bytes = r.bytes;
  }
  times.sort((a, b) => a - b);
  results[name] = { medianMs: +times[Math.floor(times.length / 2)]!.toFixed(1), p95Ms: +times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!.toFixed(1), kb: Math.round(bytes / 1024) };
  process.stderr.write(`  ${name.padEnd(44)} median ${String(results[name]!.medianMs).padStart(7)} ms   p95 ${String(results[name]!.p95Ms).padStart(7)} ms   ${results[name]!.kb} KB\n`);
}
agent.destroy();
await http.close();
await rt.close();
await Promise.all([hydra.stop(), smarty.stop()]);
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ at: new Date().toISOString(), node: process.version, snapshotRows: rows.length, opLogRows: opRows, runs: 1000, rounds, pages: results }));
