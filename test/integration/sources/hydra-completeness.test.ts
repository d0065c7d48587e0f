/**
 * Findings S1 and S2: a full Hydra read must prove it saw every customer, through a proxy that
 * shortens pages and removes customers between pages the way a flaky network and a live billing do.
 * The findings were seen with per_page 1,000; these tests replay them at a tenth of the size
 * (per_page 100), which pages exactly the same way and keeps the files quick.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHydraEmulator, type HydraEmulator } from '../../../src/emulators/hydra/index.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { hydraSourceFactory } from '../../../src/sources/hydra/index.js';
import type { ReadCompleteness, Source } from '../../../src/sources/source.js';
import { silentLogger } from '../../../src/util/logger.js';
import { createFaultProxy, on, rewriteJson, type FaultProxy, type ProxiedRequest } from '../../support/fault-proxy.js';

const NOW = new Date('2025-03-01T09:00:00Z');
const LOGIN = { login: 'operator', password: 'p@ss' };
const LIST = '/rest/v2/subjects/customers';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function world(customers: number): Promise<{ emu: HydraEmulator; proxy: FaultProxy; url: string }> {
  const emu = createHydraEmulator({ ...LOGIN, customers, seed: 11, generate: { now: NOW } });
  const upstream = await emu.start();
  cleanup.push(() => emu.stop());
  const proxy = createFaultProxy(upstream);
  const url = await proxy.start();
  cleanup.push(() => proxy.stop());
  return { emu, proxy, url };
}

function source(url: string, config: Record<string, unknown> = {}): Source {
  const s = hydraSourceFactory.create('hydra', { url, ...LOGIN, retry_base_ms: 5, per_page: 100, ...config }, { logger: silentLogger(), now: () => NOW });
  cleanup.push(() => s.close());
  return s;
}

async function readAll(s: Source): Promise<{ ids: string[]; completeness: ReadCompleteness[] }> {
  const subscribers: Subscriber[] = [];
  const completeness: ReadCompleteness[] = [];
  for await (const batch of s.read({ onCompleteness: (c) => completeness.push(c) })) subscribers.push(...batch);
  return { ids: subscribers.map((x) => x.id), completeness };
}

/** Drops the last `n` customers of a page answer. */
const shorten = (n: number) => rewriteJson((j) => ({ ...j, customers: (j.customers as unknown[]).slice(0, -n) }));

const range = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => String(from + i));

describe('S1: a short page in the middle of the customer list', () => {
  it('is re-read, and the customers it left out are read after all (page 2 answered 95 of 100 once)', async () => {
    const { proxy, url } = await world(250);
    proxy.add({ match: on(LIST, { page: '2' }), times: 1, action: { rewrite: shorten(5) } });
    const { ids, completeness } = await readAll(source(url));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(range(100001, 250));
    expect(completeness).toHaveLength(1);
    expect(completeness[0]).toMatchObject({ complete: true });
  });

  it('that comes back short again makes the read incomplete, with the reason, and the rest is still read', async () => {
    const { proxy, url } = await world(250);
    proxy.add({ match: on(LIST, { page: '2' }), action: { rewrite: shorten(5) } });
    const { ids, completeness } = await readAll(source(url));
    // Before the fix the read stopped at 195 customers and said nothing.
    expect(ids).toHaveLength(245);
    expect(ids).toContain('100250');
    expect(completeness).toEqual([{ complete: false, reason: expect.stringMatching(/page 2 .*95 .*100/) as unknown }]);
  });
});

describe('S2: a customer removed in Hydra between two pages', () => {
  it('does not make the read skip the innocent neighbour that slid onto the previous page', async () => {
    const { emu, proxy, url } = await world(210);
    proxy.add({ match: on(LIST, { page: '2' }), times: 1, action: { before: () => void emu.state.removeCustomer(100050) } });
    const { ids, completeness } = await readAll(source(url));
    expect(ids).toContain('100101');
    // 100050 left while page 1 was being read: it is read (if its lists were read before it left)
    // or dropped as gone, at most once; everyone else is read exactly once.
    expect([...ids].filter((id) => id !== '100050').sort()).toEqual(range(100001, 210).filter((id) => id !== '100050'));
    expect(ids.filter((id) => id === '100050').length).toBeLessThanOrEqual(1);
    expect(completeness).toEqual([{ complete: true, proof: expect.any(String) as unknown }]);
  });

  it('proves a quiet read complete, saying how', async () => {
    const { url } = await world(210);
    const { ids, completeness } = await readAll(source(url));
    expect(ids).toEqual(range(100001, 210));
    expect(completeness).toEqual([{ complete: true, proof: expect.stringMatching(/210/) as unknown }]);
  });
});

describe('the re-read of a page boundary', () => {
  /** Matches only the `nth` request for page `page` of the list (the 2nd is its re-read). */
  const nth = (page: string, n: number) => {
    let seen = 0;
    return (r: ProxiedRequest): boolean => on(LIST, { page })(r) && ++seen === n;
  };

  it('is retried on a 503 and re-logs in on a 401 like any other request, and the read stays complete', async () => {
    const { proxy, url } = await world(210);
    proxy.add({ match: nth('1', 2), action: { answer: { status: 503, body: '{"errors":{"base":["busy"]}}' } } });
    proxy.add({ match: nth('2', 2), action: { answer: { status: 401, body: '{"errors":{"base":["expired"]}}' } } });
    const { ids, completeness } = await readAll(source(url));
    expect(ids).toEqual(range(100001, 210));
    expect(completeness[0]).toMatchObject({ complete: true });
    expect(proxy.acted).toBe(2);
    expect(proxy.seen.filter((r) => r.path === '/rest/v2/login')).toHaveLength(2);
  });

  it('fails the read when it keeps failing, instead of reporting anything', async () => {
    const { proxy, url } = await world(210);
    proxy.add({ match: (r) => on(LIST, { page: '1' })(r) && proxy.seen.filter((x) => on(LIST, { page: '1' })(x)).length > 1, action: { answer: { status: 500 } } });
    const completeness: ReadCompleteness[] = [];
    const s = source(url);
    const err = await (async () => {
      for await (const _ of s.read({ onCompleteness: (c) => completeness.push(c) })) void _;
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SOURCE_READ', status: 500 });
    expect(completeness).toEqual([]);
  });
});


describe('the next page, fetched ahead', () => {
  it('leaves before the queued requests of the page being read, so the rate allowance is not idle at page boundaries', async () => {
    const { proxy, url } = await world(250);
    await readAll(source(url, { rate: { concurrency: 4 } }));
    const paths = proxy.seen.map((r) => r.path);
    const page2 = proxy.seen.findIndex((r) => on(LIST, { page: '2' })(r));
    // Page 1's 100 customers cost 200 per-customer requests (accounts, subscriptions).
    const perCustomer = paths.filter((p, i) => i < page2 && /\/subjects\/customers\/\d+\//.test(p)).length;
    expect(page2).toBeGreaterThan(0);
    expect(perCustomer).toBeLessThan(20);
    const lastOfPage1 = paths.findLastIndex((p) => /\/subjects\/customers\/1000(?:[0-9]{2}|100)\//.test(p));
    expect(page2).toBeLessThan(lastOfPage1);
  });
});
