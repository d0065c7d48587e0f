/**
 * Answer time of the Smotreshka upsale callbacks at scale: a store holding 100,000 Smotreshka
 * accounts (and 2,000 purchases already committed), the daemon's HTTP server with the upsale
 * bridge, calls over loopback HTTP (keep-alive) as the platform makes them. Each scenario: 20
 * warm-ups, then `rounds` timed calls; the bar is 50 ms. Also times the planner's overlay of the
 * committed purchases on 100,000 desired accounts. Prints a table on stderr and one JSON line.
 *
 *   npx tsx bench/upsale-bench.ts [accounts=100000] [rounds=500] [store-url]
 *
 * store-url defaults to a temp SQLite file; give postgres://…?schema=… for PostgreSQL (with
 * BILLSYNC_STORE_KEY set).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/db.js';
import { startHttpServer } from '../src/daemon/http-server.js';
import { upsaleHttp } from '../src/bridges/smotreshka-upsale/http.js';
import { entityHash } from '../src/model/hash.js';
import type { Entity, SnapshotEntity } from '../src/model/entity.js';
import type { Purchase } from '../src/model/purchase.js';
import { overlayPurchases } from '../src/plan/purchase-overlay.js';
import { silentLogger } from '../src/util/logger.js';

const accounts = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 500);
const dir = mkdtempSync(join(tmpdir(), 'billsync-upsale-bench-'));
const url = process.argv[4] ?? `sqlite:${join(dir, 'state.db')}`;
const TARGET = 'smotreshka';
const PREFIX = 'isp_';
const SECRET = 'bench-upsale-secret-0123456789';
const BASES = ['100', '102', '106'];

const store = await openStore(url, { baseDir: dir, ...(process.env.BILLSYNC_STORE_KEY ? { secretKey: process.env.BILLSYNC_STORE_KEY } : {}) });
const platformId = (i: number): string => `5964c533${i.toString(16).padStart(16, '0')}`;
const entity = (i: number): Entity => ({
  target: TARGET, kind: 'account', key: `tv${i}`, attrs: { email: `tv${i}@example.net`, 'info.billing_id': `lanbilling:${i}` },
  sets: { subscriptions: i % 4 === 0 ? [BASES[i % 3]!, '5010'] : [BASES[i % 3]!] }, origin: { source: 'lanbilling', id: String(i) },
});
process.stderr.write(`upsale bench: ${accounts} accounts into ${url.replace(/:[^:@/]*@/, ':***@')}…\n`);
const rows: SnapshotEntity[] = [];
for (let i = 1; i <= accounts; i++) {
  const e = entity(i);
  // Every 10th without a stored platform id: the callbacks find it by login.
  rows.push({ ...e, remoteId: i % 10 === 0 ? null : platformId(i), hash: entityHash(e) });
}
await store.putSnapshot(rows);
// Purchases already committed (the planner lays these over; ensure checks them for an add).
const committed = 2_000;
for (let i = 1; i <= committed; i++) {
  const acc = i * 37 % accounts + 1;
  await store.purchases.ensure({ target: TARGET, qsTransactionId: `old-${i}`, billingTransactionId: `b-old-${i}`, operation: 'add', accountKey: `tv${acc}`, accountId: platformId(acc), newOffer: '5030', oldOffer: null, trialDays: null, ensuredAt: new Date(Date.now() - 86_400_000).toISOString() });
  await store.purchases.commit(TARGET, `old-${i}`, new Date(Date.now() - 86_000_000 + i).toISOString(), null);
}

const bridge = upsaleHttp({ settings: { target: TARGET, allowIps: ['127.0.0.1', '::1'], secret: SECRET }, store: store.purchases, usernamePrefix: PREFIX, token: undefined, logger: silentLogger() });
const http = await startHttpServer('127.0.0.1:0', {
  token: undefined, logger: silentLogger(), sources: [], submit: () => { throw new Error('no triggers in the bench'); }, approve: () => undefined,
  health: () => ({}), ready: () => true, metrics: async () => ({ contentType: 'text/plain', body: '' }), waitLimitMs: 1000, bridges: [bridge],
});
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function post(path: string, params: Record<string, string>): Promise<{ status: number; body: string }> {
  const u = new URL(`${http.url}${path}`);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  const body = JSON.stringify({ newOfferName: 'Матч Премьер', clientIp: '198.51.100.10', deviceInfo: { type: 'smart_tv' } });
  return new Promise((resolve, reject) => {
    const req = request(u, { method: 'POST', agent, headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

type Call = (n: number) => [path: string, params: Record<string, string>, expect: string];
/** Accounts with a stored platform id, spread over the table. */
const acc = (n: number): number => {
  const a = ((n + 100) * 7919) % accounts + 1;
  return a % 10 === 0 ? a + 1 : a;
};
const ensured = new Map<number, string>();
const scenarios: Record<string, Call> = {
  'add ensure (new)': (n) => [`/upsale/v3/add-subscription/ensure`, { accountId: platformId(acc(n)), accountLogin: `${PREFIX}tv${acc(n)}`, newOfferId: '5040', qsTransactionId: `add-${n}` }, 'operation_ensured'],
  'add commit': (n) => [`/upsale/v3/add-subscription/commit`, { accountId: platformId(acc(n)), accountLogin: `${PREFIX}tv${acc(n)}`, newOfferId: '5040', qsTransactionId: `add-${n}`, billingTransactionId: ensured.get(n)!, serviceStartTimestamp: new Date().toISOString() }, 'operation_commited'],
  'add ensure (repeat)': (n) => [`/upsale/v3/add-subscription/ensure`, { accountId: platformId(acc(n)), accountLogin: `${PREFIX}tv${acc(n)}`, newOfferId: '5040', qsTransactionId: `add-${n}` }, 'operation_commited'],
  'replace ensure (login fallback)': (n) => {
    const a = ((n + 100) * 10) % accounts || 10;
    return [`/upsale/v3/replace-subscription/ensure`, { accountId: 'ffffffffffffffffffffffff', accountLogin: `${PREFIX}tv${a}`, newOfferId: BASES[(a + 1) % 3]!, oldOfferId: BASES[a % 3]!, qsTransactionId: `rep-${n}` }, 'operation_ensured'];
  },
  'unknown account': (n) => [`/upsale/v3/add-subscription/ensure`, { accountId: `nope${n}`, accountLogin: `${PREFIX}nobody${n}`, newOfferId: '5040', qsTransactionId: `unk-${n}` }, 'no_subscription_rules'],
};

const results: Record<string, { p50: number; p95: number; p99: number; max: number }> = {};
for (const [name, call] of Object.entries(scenarios)) {
  const times: number[] = [];
  for (let n = -20; n < rounds; n++) {
    const [path, params, want] = call(n);
    const t = performance.now();
    const r = await post(path, params);
    const ms = performance.now() - t;
    const body = JSON.parse(r.body) as { result?: string; billingTransactionId?: string };
    if (r.status !== 200 || body.result !== want) throw new Error(`${name} #${n}: ${r.status} ${r.body}`);
    if (body.billingTransactionId && name === 'add ensure (new)') ensured.set(n, body.billingTransactionId);
    if (n >= 0) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const q = (p: number): number => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 100) / 100;
  results[name] = { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1) };
}

// The planner's side: committed purchases laid over 100,000 desired accounts.
const purchases: Purchase[] = await store.purchases.committed(TARGET);
const desired = rows.map(({ remoteId: _r, hash: _h, ...e }) => e);
let overlayMs = Infinity;
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  overlayPurchases({ desired, base: rows, purchases });
  overlayMs = Math.min(overlayMs, performance.now() - t);
}

agent.destroy();
await http.close();
await store.close();
rmSync(dir, { recursive: true, force: true });

const worst = Math.max(...Object.values(results).map((r) => r.p99));
process.stderr.write(`\nupsale callbacks, ${accounts} accounts, ${rounds} calls each (ms)\n`);
process.stderr.write(`${'scenario'.padEnd(34)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}\n`);
for (const [name, r] of Object.entries(results)) process.stderr.write(`${name.padEnd(34)} ${String(r.p50).padStart(7)} ${String(r.p95).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.max).padStart(7)}\n`);
process.stderr.write(`overlay of ${purchases.length} committed purchases on ${accounts} accounts: ${overlayMs.toFixed(1)} ms\n`);
process.stderr.write(`bar: p99 ≤ 50 ms → ${worst <= 50 ? 'met' : 'MISSED'} (worst p99 ${worst} ms)\n`);
console.log(JSON.stringify({ accounts, rounds, store: url.startsWith('sqlite:') ? 'sqlite' : 'postgres', callbacks: results, overlayMs: Math.round(overlayMs * 10) / 10, committedPurchases: purchases.length, barMs: 50, met: worst <= 50 }));
