import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHydraEmulator, type HydraCustomerRecord, type HydraEmulator } from '../../../src/emulators/hydra/index.js';
import { SourceReadError } from '../../../src/model/errors.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { hydraSourceFactory } from '../../../src/sources/hydra/index.js';
import type { Source } from '../../../src/sources/source.js';
import { createLogger, silentLogger, type Logger } from '../../../src/util/logger.js';

const NOW = new Date('2025-03-01T09:00:00Z');
const COUNT = 500;
const LOGIN = { login: 'operator', password: 'p@ss' };

/** The test's own reading of the rules, computed from the generator's records. */
const EXPECTED_STATUS: Record<number, string> = {
  2011: 'active', 6011: 'blocked_debt', 7011: 'blocked_debt', 3011: 'blocked_manager', 5011: 'blocked_user', 4011: 'off', 1011: 'off',
};
function expectedServices(c: HydraCustomerRecord, now: number): string[] {
  const ids = c.subscriptions
    .filter((s) => !s.closed && s.begin <= now && (s.end === null || now < s.end))
    .map((s) => s.serviceId);
  return [...new Set(ids)].sort((a, b) => a - b).map(String);
}

let emu: HydraEmulator;
let url: string;
const open: Source[] = [];

function source(config: Record<string, unknown> = {}, logger: Logger = silentLogger()): Source {
  const s = hydraSourceFactory.create('hydra', { url, ...LOGIN, retry_base_ms: 5, ...config }, { logger, now: () => NOW });
  open.push(s);
  return s;
}

async function readAll(s: Source): Promise<{ subscribers: Subscriber[]; batches: number }> {
  const subscribers: Subscriber[] = [];
  let batches = 0;
  for await (const batch of s.read()) {
    batches += 1;
    subscribers.push(...batch);
  }
  return { subscribers, batches };
}

beforeAll(async () => {
  emu = createHydraEmulator({ ...LOGIN, customers: COUNT, seed: 7, generate: { now: NOW } });
  url = await emu.start();
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  emu.clearFaults();
  emu.resetStats();
});
afterAll(() => emu.stop());

describe('hydra source against the emulator', () => {
  it('reads every customer exactly as the generator made it', async () => {
    const { subscribers } = await readAll(source());
    const records = emu.state.all();
    expect(subscribers).toHaveLength(COUNT);
    expect(subscribers.map((s) => s.id)).toEqual(records.map((c) => String(c.id)));
    const now = NOW.getTime();
    for (const [i, s] of subscribers.entries()) {
      const c = records[i]!;
      expect(s.source).toBe('hydra');
      expect(s.status).toBe(EXPECTED_STATUS[c.stateId]);
      expect(s.account).toBe(c.account);
      expect(s.name.full).toBe(c.name);
      expect(s.name.last).toBe(c.name.split(' ')[0]);
      expect(s.services.map((x) => x.id)).toEqual(expectedServices(c, now));
      for (const svc of s.services) expect(svc.name).toBe(emu.state.catalogItem(Number(svc.id))!.name);
      expect(s.contacts.phones).toEqual(c.phones);
      expect(s.address).toMatchObject({ houseId: String(c.house.id), flat: String(c.flat), floor: String(c.floor), entrance: String(c.entrance) });
      expect((s.raw.accounts as unknown[]).length).toBe(1);
      expect(s.raw.n_subj_state_id).toBe(c.stateId);
    }
    // The mix must include the awkward cases, or the comparison above proves little.
    expect(new Set(subscribers.map((s) => s.status)).size).toBeGreaterThanOrEqual(4);
    const stats = emu.stats();
    const distinct = new Set(subscribers.flatMap((s) => s.services.map((x) => x.id)));
    expect(stats.byRoute['GET /catalog/:id']).toBe(distinct.size);
    expect(stats.byRoute['POST /login']).toBe(1);
    // 500 fit in one page of 1000; a second, empty page confirms the end (the server might cap),
    // and page 1 is read again after it to prove nobody slid across the boundary meanwhile.
    expect(stats.byRoute['GET /subjects/customers']).toBe(3);
  });

  it('pages with a small per_page and gives the same subscribers, one batch per page', async () => {
    const full = await readAll(source());
    emu.resetStats();
    const small = await readAll(source({ per_page: 7 }));
    expect(small.subscribers).toEqual(full.subscribers);
    expect(small.batches).toBe(Math.ceil(COUNT / 7));
    // Each page forward, the empty page that ends the list, each page again after the next one.
    expect(emu.stats().byRoute['GET /subjects/customers']).toBe(2 * Math.ceil(COUNT / 7) + 1);
  });

  it('reads everything when the server caps per_page below what was asked', async () => {
    const capped = createHydraEmulator({ ...LOGIN, customers: 120, seed: 3, maxPerPage: 50, generate: { now: NOW } });
    const cappedUrl = await capped.start();
    try {
      const s = hydraSourceFactory.create('hydra', { url: cappedUrl, ...LOGIN, per_page: 1000 }, { logger: silentLogger(), now: () => NOW });
      open.push(s);
      const { subscribers } = await readAll(s);
      expect(subscribers).toHaveLength(120);
      expect(new Set(subscribers.map((x) => x.id)).size).toBe(120);
    } finally {
      await capped.stop();
    }
  });

  it('keeps concurrency within the configured bound', async () => {
    const slow = createHydraEmulator({ ...LOGIN, customers: 40, seed: 2, latencyMs: 15, generate: { now: NOW } });
    const slowUrl = await slow.start();
    try {
      const s = hydraSourceFactory.create('hydra', { url: slowUrl, ...LOGIN, rate: { concurrency: 3 } }, { logger: silentLogger(), now: () => NOW });
      open.push(s);
      expect((await readAll(s)).subscribers).toHaveLength(40);
      expect(slow.stats().peakInFlight).toBeLessThanOrEqual(3);
      expect(slow.stats().peakInFlight).toBeGreaterThan(1);
    } finally {
      await slow.stop();
    }
  });

  it('logs in again exactly once when the token expires between pages', async () => {
    const s = source({ per_page: 100 });
    let expired = false;
    let count = 0;
    for await (const batch of s.read({ onProgress: () => { if (!expired) { expired = true; emu.expireTokens(); } } })) {
      count += batch.length;
    }
    expect(count).toBe(COUNT);
    expect(emu.stats().byRoute['POST /login']).toBe(2);
  });

  it('shares one re-login when the token expires with a page in flight, without resending the queue', async () => {
    const slow = createHydraEmulator({ ...LOGIN, customers: 40, seed: 2, latencyMs: 20, generate: { now: NOW } });
    const slowUrl = await slow.start();
    try {
      const make = (): Source => {
        const s = hydraSourceFactory.create('hydra', { url: slowUrl, ...LOGIN }, { logger: silentLogger(), now: () => NOW });
        open.push(s);
        return s;
      };
      const clean = await readAll(make());
      const cleanTotal = slow.stats().total;
      slow.resetStats();
      const timer = setTimeout(() => slow.expireTokens(), 120);
      const expired = await readAll(make());
      clearTimeout(timer);
      expect(expired.subscribers).toEqual(clean.subscribers);
      expect(slow.stats().byRoute['POST /login']).toBe(2);
      // Resent: requests in flight at expiry (≤ 8) and those started before the first 401 came
      // back (≤ 8), plus the login — not the hundred-odd requests queued behind them.
      expect(slow.stats().total - cleanTotal).toBeLessThanOrEqual(2 * 8 + 1);
    } finally {
      await slow.stop();
    }
  });

  it('does not log in again for a stale-token 401 that arrives after the re-login', async () => {
    // Both calls leave together with the first token; one is refused at once (→ re-login),
    // the other only after 150 ms, by which time the client already holds a new token.
    emu.failNext(1, { status: 401, pathPrefix: '/subjects/customers/100001/accounts' });
    emu.failNext(1, { status: 401, pathPrefix: '/subjects/customers/100002/accounts', delayMs: 150 });
    const { subscribers } = await readAll(source({ per_page: 10 }));
    expect(subscribers).toHaveLength(COUNT);
    expect(emu.stats().byRoute['POST /login']).toBe(2);
  });

  it('fails with SOURCE_AUTH when a request is still rejected right after a fresh login', async () => {
    emu.failNext(2, { status: 403, pathPrefix: '/subjects/customers/100001' });
    const err = await source().readOne('100001').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SOURCE_AUTH', status: 403 });
    expect((err as Error).message).toContain('even right after a fresh login');
    expect(emu.stats().byRoute['POST /login']).toBe(2);
  });

  it('fails with SOURCE_AUTH on a bad password, without retrying the login', async () => {
    const err = await readAll(source({ password: 'wrong' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceReadError);
    expect(err).toMatchObject({ code: 'SOURCE_AUTH', status: 401 });
    expect((err as Error).message).toBe("Hydra rejected the login for operator 'operator'; check sources.hydra.login/password");
    expect(emu.stats().byRoute['POST /login']).toBe(1);
    expect(emu.stats().total).toBe(1);
  });

  it('retries a 503 on a page and reads everything', async () => {
    emu.failNext(2, { status: 503, retryAfter: 0, pathPrefix: '/subjects/customers' });
    const { subscribers } = await readAll(source({ per_page: 100 }));
    expect(subscribers).toHaveLength(COUNT);
    // 5 pages, the empty page 6, 5 re-reads, 2 retried 503s.
    expect(emu.stats().byRoute['GET /subjects/customers']).toBe(5 + 1 + 5 + 2);
  });

  it('fails the whole read on a persistent 500, never yielding the failing page', async () => {
    emu.failNext(1000, { status: 500, pathPrefix: '/subjects/customers/100250/subscriptions' });
    const yielded: string[] = [];
    const s = source({ per_page: 100 });
    const err = await (async () => {
      for await (const batch of s.read()) yielded.push(...batch.map((x) => x.id));
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceReadError);
    expect(err).toMatchObject({ code: 'SOURCE_READ', retryable: true, status: 500 });
    expect((err as Error).message).toContain('/subjects/customers/100250/subscriptions answered 500 (gave up after 4 attempts)');
    expect(yielded).toHaveLength(200);
    // Pages 1–3 and the re-reads of pages 1–2 were listed, and page 4 (with the re-read of
    // page 3) ahead while page 3's customers were read; nothing after the failure.
    expect(emu.stats().byRoute['GET /subjects/customers']).toBeLessThanOrEqual(7);
    expect(emu.stats().byRoute['GET /subjects/customers/:id/subscriptions']).toBeLessThanOrEqual(300 + 3);
  });

  it('fails the read on a 4xx instead of skipping the customer', async () => {
    emu.failNext(1, { status: 400, pathPrefix: '/subject_addresses' });
    await expect(readAll(source())).rejects.toMatchObject({ code: 'SOURCE_READ', status: 400 });
  });

  it('reads one subscriber by id, null when unknown', async () => {
    const s = source();
    const { subscribers } = await readAll(source());
    expect(await s.readOne('100042')).toEqual(subscribers[41]);
    expect(await s.readOne('999')).toBeNull();
    expect(await s.readOne('abc')).toBeNull();
  });

  it('sees billing changes: state, tariff switch, new and removed customers', async () => {
    const s = source();
    const id = emu.state.addCustomer({ services: [1, 100], stateId: 2011, at: new Date('2025-02-01T00:00:00Z') });
    expect((await s.readOne(String(id)))!.services.map((x) => x.id)).toEqual(['1', '100']);
    emu.state.switchService(id, 1, 3, new Date('2025-02-15T00:00:00Z'));
    emu.state.setState(id, 6011);
    expect(await s.readOne(String(id))).toMatchObject({ status: 'blocked_debt', services: [{ id: '3', name: 'Премиум' }, { id: '100' }] });
    emu.state.removeCustomer(id);
    expect(await s.readOne(String(id))).toBeNull();
  });

  it('maps unknown states to blocked_manager with one warning, and honours status_map', async () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } }) });
    emu.state.setState(100001, 8011);
    emu.state.setState(100002, 8011);
    try {
      const s = source({}, logger);
      expect(await s.readOne('100001')).toMatchObject({ status: 'blocked_manager' });
      expect(await s.readOne('100002')).toMatchObject({ status: 'blocked_manager' });
      expect(lines.filter((l) => l.includes('unknown Hydra n_subj_state_id 8011'))).toHaveLength(1);
      expect(await source({ status_map: { '8011': 'off' } }).readOne('100001')).toMatchObject({ status: 'off' });
    } finally {
      emu.state.setState(100001, 2011);
      emu.state.setState(100002, 2011);
    }
  });
});
