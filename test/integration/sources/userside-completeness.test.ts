/**
 * A full UserSide read must prove it saw every customer: the ids customer/get_customers_id lists
 * are compared with the records that come back (get_user_list, or get_data per batch). A listed
 * id UserSide no longer knows was deleted meanwhile (dropped, and said so); any other shortfall
 * makes the read incomplete, with the reason.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY, SUGGESTED_STATUS_MAP, createUsersideEmulator, type UsersideEmulator, type UsersideEmulatorOptions } from '../../../src/emulators/userside/index.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import type { ReadCompleteness, Source } from '../../../src/sources/source.js';
import { usersideSourceFactory } from '../../../src/sources/userside/index.js';
import { silentLogger } from '../../../src/util/logger.js';
import { createFaultProxy, rewriteJson, type FaultProxy, type ProxiedRequest } from '../../support/fault-proxy.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function world(opts: UsersideEmulatorOptions = {}): Promise<{ emu: UsersideEmulator; proxy: FaultProxy; url: string }> {
  const emu = createUsersideEmulator({ seed: 9, customers: 80, generate: { now: NOW }, ...opts });
  const upstream = await emu.start();
  cleanup.push(() => emu.stop());
  const proxy = createFaultProxy(upstream);
  const url = await proxy.start();
  cleanup.push(() => proxy.stop());
  return { emu, proxy, url };
}

function source(url: string, config: Record<string, unknown> = {}): Source {
  const s = usersideSourceFactory.create('us', { url, api_key: DEFAULT_API_KEY, status_map: SUGGESTED_STATUS_MAP, retry_base_ms: 5, ...config }, { logger: silentLogger(), now: () => NOW });
  cleanup.push(() => s.close());
  return s;
}

async function readAll(s: Source): Promise<{ ids: string[]; completeness: ReadCompleteness[] }> {
  const subscribers: Subscriber[] = [];
  const completeness: ReadCompleteness[] = [];
  for await (const batch of s.read({ onCompleteness: (c) => completeness.push(c) })) subscribers.push(...batch);
  return { ids: subscribers.map((x) => x.id), completeness };
}

const request = (cat: string, action: string, extra: Record<string, string> = {}) => (r: ProxiedRequest): boolean =>
  r.query.get('cat') === cat && (r.query.get('action') ?? r.query.get('request')) === action && Object.entries(extra).every(([k, v]) => r.query.get(k) === v);

/** Subscribers a complete read returns: every customer but prospects. */
const everyone = (emu: UsersideEmulator): string[] => emu.state.all().filter((c) => !c.potential).map((c) => String(c.id));

describe('userside read completeness', () => {
  it.each([['list'], ['batched']])('proves a quiet %s read complete, saying how', async (bulk) => {
    const { emu, url } = await world();
    const { ids, completeness } = await readAll(source(url, { bulk }));
    expect(ids).toEqual(everyone(emu));
    expect(completeness).toEqual([{ complete: true, proof: expect.stringContaining(`${emu.state.size} customers`) as unknown }]);
  });

  it('is incomplete when get_user_list leaves out a customer get_customers_id lists, and still reads them', async () => {
    const { emu, proxy, url } = await world();
    const victim = emu.state.all().find((c) => !c.potential && !c.former)!.id;
    proxy.add({ match: request('module', 'get_user_list'), action: { rewrite: rewriteJson((j) => { delete (j.data as Record<string, unknown>)[String(victim)]; return j; }) } });
    const { ids, completeness } = await readAll(source(url, { bulk: 'list' }));
    expect(ids).toContain(String(victim));
    expect(completeness).toEqual([{ complete: false, reason: expect.stringMatching(new RegExp(`get_user_list left out 1 customer.*${victim}`)) as unknown }]);
  });

  it('is incomplete when get_data answers OK without a listed customer', async () => {
    const { emu, proxy, url } = await world();
    const victim = emu.state.all().find((c) => !c.potential)!.id;
    // Asked alone, it answers OK with nothing; in a batch, the batch leaves it out.
    proxy.add({ match: request('customer', 'get_data', { customer_id: String(victim) }), action: { rewrite: () => JSON.stringify({ Result: 'OK', data: [] }) } });
    proxy.add({ match: request('customer', 'get_data'), action: { rewrite: rewriteJson((j) => { delete (j.data as Record<string, unknown>)[String(victim)]; return j; }) } });
    const { ids, completeness } = await readAll(source(url, { bulk: 'batched', batch_size: 20 }));
    expect(ids).not.toContain(String(victim));
    expect(completeness).toEqual([{ complete: false, reason: expect.stringContaining(String(victim)) as unknown }]);
  });

  it('drops a customer deleted between get_customers_id and get_data, and says so in the proof', async () => {
    let victim = 0;
    const { emu, url } = await world({
      onRequest: (req, params) => {
        if (req === 'customer/get_data' && victim !== 0 && params.customer_id?.split(',').includes(String(victim))) {
          emu.state.removeCustomer(victim);
          victim = 0;
        }
      },
    });
    victim = emu.state.all().find((c) => !c.potential)!.id;
    const gone = victim;
    const { ids, completeness } = await readAll(source(url, { bulk: 'batched', batch_size: 20 }));
    expect(ids).not.toContain(String(gone));
    expect(completeness).toEqual([{ complete: true, proof: expect.stringContaining('1 listed customer(s) were deleted meanwhile') as unknown }]);
  });

  it('does not miss a former customer who comes back while the ids are listed', async () => {
    const { emu, url } = await world({
      onRequest: (req, params) => {
        // Between the two halves of the id list, a former customer is reactivated.
        if (req === 'customer/get_customers_id' && params.is_ex === '1' && back !== undefined) emu.state.get(back)!.former = false;
      },
    });
    const back: number | undefined = emu.state.all().find((c) => c.former && !c.potential)?.id;
    expect(back).toBeDefined();
    const { ids, completeness } = await readAll(source(url, { bulk: 'batched', batch_size: 20 }));
    expect(ids).toContain(String(back));
    expect(completeness[0]).toMatchObject({ complete: true });
  });
});
