/**
 * A source read over real sockets from its emulator (the part the planning numbers exclude).
 * Prints one JSON line.   tsx bench/source-bench.ts [source=hydra] [records=10000] [rate]
 *
 * With `rate` (requests per second), the source runs under that cap, as `rate: { requests }` in
 * sync.yaml would set it, and the line says how much of the cap the read used
 * (`rateUsedPercent`): a read that cannot keep enough requests in flight wastes the billing's
 * allowance, and a full read takes longer than it must.
 *
 * hydra: REST pages of customers with their accounts, subscriptions and addresses.
 * lanbilling: SOAP — Count and getVgroups pages per agent, getAccount once per user and
 * getUsboxServices per entry; both agents are read. lanbilling-devices adds `devices: true`
 * (getVgroup per entry), lanbilling-payments `payments_days: 30` (getPayments per agreement,
 * getVgroups by agrmid for an agreement with several entries), lanbilling-all both.
 * userside: api.php — the state and tariff catalogues, then every customer in one
 * module/get_user_list (list mode).
 * userside-batched: the same install read as one without get_user_list: get_customers_id
 * (current and former), then get_data per batch of 100 ids, a few batches in flight.
 */
import { hydraSourceFactory } from '../src/sources/hydra/index.js';
import type { ReadCompleteness } from '../src/sources/source.js';
import { lanbillingSourceFactory } from '../src/sources/lanbilling/index.js';
import { createHydraEmulator, DEFAULT_LOGIN, DEFAULT_PASSWORD } from '../src/emulators/hydra/index.js';
import { AGENTS, createLanbillingEmulator, DEFAULT_LOGIN as LB_LOGIN, DEFAULT_PASSWORD as LB_PASSWORD } from '../src/emulators/lanbilling/index.js';
import { usersideSourceFactory } from '../src/sources/userside/index.js';
import { createUsersideEmulator, DEFAULT_API_KEY as US_API_KEY, SUGGESTED_STATUS_MAP } from '../src/emulators/userside/index.js';
import type { Source } from '../src/sources/source.js';
import { silentLogger } from '../src/util/logger.js';

interface Emulated {
  readonly source: Source;
  requests(): number;
  stop(): Promise<void>;
}

const deps = { logger: silentLogger(), now: () => new Date() };
/** The cap under test, requests per second; undefined = unlimited. */
const cap = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
/** The source's `rate` option: its concurrency, and the cap when one is under test. */
const rate = (concurrency: number) => (cap === undefined ? { concurrency } : { concurrency, requests: cap, per_seconds: 1 });

const SOURCES: Readonly<Record<string, (count: number) => Promise<Emulated>>> = {
  async hydra(count) {
    const hydra = createHydraEmulator({ customers: count, seed: 42 });
    const url = await hydra.start(0);
    const source = hydraSourceFactory.create('hydra', { url, login: DEFAULT_LOGIN, password: DEFAULT_PASSWORD, per_page: 1000, rate: rate(16) }, deps);
    return { source, requests: () => hydra.stats().total, stop: () => hydra.stop() };
  },
  lanbilling: (count) => lanbilling(count, {}),
  'lanbilling-devices': (count) => lanbilling(count, { devices: true }),
  'lanbilling-payments': (count) => lanbilling(count, { payments_days: 30 }),
  'lanbilling-all': (count) => lanbilling(count, { devices: true, payments_days: 30 }),
  userside: (count) => userside(count, 'list'),
  'userside-batched': (count) => userside(count, 'batched'),
};

/** The LANBilling emulator with `count` entries, read with the given extra source options. */
async function lanbilling(count: number, extra: Record<string, unknown>): Promise<Emulated> {
  const lb = createLanbillingEmulator({ vgroups: count, seed: 42 });
  const url = await lb.start(0);
  const source = lanbillingSourceFactory.create(
    'lanbilling',
    { url, login: LB_LOGIN, password: LB_PASSWORD, agents: AGENTS.map((a) => a.id), per_page: 500, rate: rate(16), ...extra },
    deps,
  );
  return { source, requests: () => lb.stats().total, stop: () => lb.stop() };
}

/** The UserSide emulator with `count` customers, read in `bulk` mode with the example's concurrency. */
async function userside(count: number, bulk: 'list' | 'batched'): Promise<Emulated> {
  const us = createUsersideEmulator({ customers: count, seed: 42 });
  const url = await us.start(0);
  const source = usersideSourceFactory.create(
    'userside',
    { url, api_key: US_API_KEY, bulk, batch_size: 100, status_map: SUGGESTED_STATUS_MAP, rate: rate(4) },
    deps,
  );
  return { source, requests: () => us.stats().total, stop: () => us.stop() };
}

const kind = process.argv[2] ?? 'hydra';
const count = Number(process.argv[3] ?? 10_000);
const make = SOURCES[kind];
if (!make) throw new Error(`no source bench for '${kind}' (bench/source-bench.ts)`);
const emulated = await make(count);
try {
  const started = performance.now();
  let read = 0;
  let completeness: ReadCompleteness | undefined;
  for await (const batch of emulated.source.read({ onCompleteness: (c) => (completeness = c) })) read += batch.length;
  const seconds = (performance.now() - started) / 1000;
  await emulated.source.close();
  const requests = emulated.requests();
  console.log(JSON.stringify({
    source: kind,
    generated: count,
    subscribers: read,
    seconds: Number(seconds.toFixed(2)),
    subscribersPerSecond: Math.round(read / seconds),
    requests,
    // The read's cost to the billing: what an operator pays per subscriber per full read.
    requestsPerSubscriber: Number((requests / Math.max(1, read)).toFixed(3)),
    requestsPerSecond: Math.round(requests / seconds),
    ...(cap === undefined ? {} : { rateCap: cap, rateUsedPercent: Math.round((100 * requests) / seconds / cap) }),
    completeness,
  }));
} finally {
  await emulated.stop();
}
