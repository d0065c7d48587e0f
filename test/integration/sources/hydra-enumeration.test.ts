/**
 * Issue 13 for Hydra: GET /subjects/customers is INFERRED, so a Hoper without it (the emulator's
 * strict world, `customerList: false`) must still sync — from customer_ids, or from triggers only
 * — and `check` must say which, with the fix.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHydraEmulator, type HydraEmulator } from '../../../src/emulators/hydra/index.js';
import { SourceReadError } from '../../../src/model/errors.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { hydraSourceFactory } from '../../../src/sources/hydra/index.js';
import type { ReadCompleteness, Source } from '../../../src/sources/source.js';
import { silentLogger } from '../../../src/util/logger.js';
import { createFaultProxy, on } from '../../support/fault-proxy.js';

const NOW = new Date('2025-03-01T09:00:00Z');
const LOGIN = { login: 'operator', password: 'p@ss' };
const COUNT = 40;

let emu: HydraEmulator;
let url: string;
let dir: string;
const open: Source[] = [];

function source(config: Record<string, unknown> = {}): Source {
  const s = hydraSourceFactory.create('billing', { url, ...LOGIN, retry_base_ms: 5, ...config }, { logger: silentLogger(), now: () => NOW });
  open.push(s);
  return s;
}

async function readAll(s: Source): Promise<{ ids: string[]; subscribers: Subscriber[]; completeness: ReadCompleteness[] }> {
  const subscribers: Subscriber[] = [];
  const completeness: ReadCompleteness[] = [];
  for await (const batch of s.read({ onCompleteness: (c) => completeness.push(c) })) subscribers.push(...batch);
  return { ids: subscribers.map((x) => x.id), subscribers, completeness };
}

async function idFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const range = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => String(from + i));

beforeAll(async () => {
  emu = createHydraEmulator({ ...LOGIN, customers: COUNT, seed: 5, generate: { now: NOW } });
  url = await emu.start();
  dir = await mkdtemp(join(tmpdir(), 'billsync-hydra-ids-'));
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  emu.setCustomerList(true);
  emu.clearFaults();
  emu.resetStats();
});
afterAll(async () => {
  await emu.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('hydra without GET /subjects/customers (strict world)', () => {
  it('fails a full read naming customer_ids and event_only when nothing else is configured', async () => {
    emu.setCustomerList(false);
    const err = await readAll(source()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceReadError);
    expect((err as Error).message).toBe('Hydra GET /rest/v2/subjects/customers answered 404: this Hydra has no customer list to page through');
    expect((err as SourceReadError).fix).toMatch(/sources\.billing\.customer_ids .*sources\.billing\.enumeration: event_only/);
  });

  it('falls back to the ids of customer_ids, reads each one, and is complete when every id was read', async () => {
    emu.setCustomerList(false);
    const file = await idFile('all.txt', `# exported from SI_V_USERS\n${range(100001, COUNT).reverse().join('\n')}\n\n100001\n`);
    const s = source({ customer_ids: { file } });
    const full = await readAll(s);
    expect(full.ids).toEqual(range(100001, COUNT));
    expect(full.completeness).toEqual([{ complete: true, proof: `${COUNT} ids from file ${file} (taken as everyone), every one read` }]);
    expect(emu.stats().byRoute['GET (unmatched)']).toBe(1);
    expect(emu.stats().byRoute['GET /subjects/customers/:id']).toBe(COUNT);
    // The source remembers the list is missing: the next read goes straight to the ids.
    emu.resetStats();
    expect((await readAll(s)).ids).toEqual(full.ids);
    expect(emu.stats().byRoute['GET (unmatched)']).toBeUndefined();
  });

  it('reads the same subscribers from the ids as from the list', async () => {
    const listed = await readAll(source());
    emu.setCustomerList(false);
    const file = await idFile('same.txt', range(100001, COUNT).join('\n'));
    expect((await readAll(source({ customer_ids: { file } }))).subscribers).toEqual(listed.subscribers);
  });

  it('drops a listed id Hydra answers 404 for (removed since the list was made) and says so', async () => {
    const file = await idFile('stale.txt', [...range(100001, COUNT), '999999', '100000'].join('\n'));
    const { ids, completeness } = await readAll(source({ enumeration: 'customer_ids', customer_ids: { file } }));
    expect(ids).toEqual(range(100001, COUNT));
    expect(completeness).toEqual([{
      complete: true,
      proof: `${COUNT + 2} ids from file ${file} (taken as everyone), every one read; 2 customer(s) left Hydra while being read (404) and were dropped`,
    }]);
    expect(emu.stats().byRoute['GET /subjects/customers']).toBeUndefined();
  });

  it('is incomplete for an empty id list, and for a list of ids this Hydra does not know', async () => {
    const empty = await idFile('empty.txt', '# nothing yet\n');
    expect((await readAll(source({ enumeration: 'customer_ids', customer_ids: { file: empty } }))).completeness).toEqual([
      { complete: false, reason: `file ${empty} listed no customer ids; an empty list cannot be told from a broken one` },
    ]);
    const foreign = await idFile('foreign.txt', '5\n6\n');
    expect((await readAll(source({ enumeration: 'customer_ids', customer_ids: { file: foreign } }))).completeness).toEqual([
      { complete: false, reason: `none of the 2 ids from file ${foreign} is a customer this Hydra knows (each answered 404): is the list from this Hydra?` },
    ]);
  });

  it('fails the read on a line that is not an id, naming the line', async () => {
    const file = await idFile('bad.txt', '100001\n100002;\n');
    const err = await readAll(source({ enumeration: 'customer_ids', customer_ids: { file } })).catch((e: unknown) => e);
    expect((err as Error).message).toBe(`file ${file}, line 2: '100002;' is not a Hydra customer id`);
    expect((err as SourceReadError).fix).toMatch(/sources\.billing\.customer_ids/);
  });

  it('takes the ids from a command run without a shell, and fails clearly when it fails', async () => {
    emu.setCustomerList(false);
    const print = `for (let i = 100001; i <= 100010; i++) console.log(i)`;
    const { ids, completeness } = await readAll(source({ customer_ids: { command: [process.execPath, '-e', print] } }));
    expect(ids).toEqual(range(100001, 10));
    expect(completeness[0]).toMatchObject({ complete: true });
    const err = await readAll(source({ customer_ids: { command: [process.execPath, '-e', 'console.error("db down"); process.exit(3)'] } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceReadError);
    expect((err as Error).message).toMatch(/the customer id command .* failed \(exit 3\): db down$/);
  });

  it('in event_only mode reads nothing in full and says why, while readOne still works', async () => {
    emu.setCustomerList(false);
    const s = source({ enumeration: 'event_only' });
    const { ids, completeness } = await readAll(s);
    expect(ids).toEqual([]);
    expect(completeness).toEqual([{ complete: false, reason: 'event-only: customers are read one at a time from triggers' }]);
    expect(emu.stats().total).toBe(0);
    expect(await s.readOne('100007')).toMatchObject({ id: '100007' });
  });
});

describe('a customer who leaves Hydra while being read', () => {
  it('is dropped when their own record answers 404 too, and the proof says so', async () => {
    const victim = emu.state.addCustomer({ stateId: 2011 });
    const proxy = createFaultProxy(url);
    const through = await proxy.start();
    try {
      // Listed on the page, then removed in Hydra before the read gets to their accounts.
      proxy.add({ match: on(`/rest/v2/subjects/customers/${victim}/accounts`), times: 1, action: { before: () => void emu.state.removeCustomer(victim) } });
      const { ids, completeness } = await readAll(source({ url: through }));
      expect(ids).toHaveLength(COUNT);
      expect(ids).not.toContain(String(victim));
      expect(completeness[0]).toMatchObject({ complete: true, proof: expect.stringContaining('1 customer(s) left Hydra while being read (404) and were dropped') as unknown });
    } finally {
      await proxy.stop();
    }
  });

  it('fails the read when a list answers 404 for a customer who is still there (a missing endpoint)', async () => {
    emu.failNext(1, { status: 404, pathPrefix: '/subject_addresses' });
    const err = await readAll(source()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SOURCE_READ', status: 404 });
  });
});

describe('check()', () => {
  it('reports login, the list and one customer when all answer', async () => {
    const results = await source().check!();
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['login', 'ok'],
      ['GET /rest/v2/subjects/customers', 'ok'],
      ['GET /rest/v2/subjects/customers/{id} with accounts, subscriptions, subject_addresses', 'ok'],
    ]);
    expect(results[2]!.detail).toMatch(/^customer 100001: 1 account\(s\), \d+ subscription\(s\), \d+ address\(es\)$/);
  });

  it('fails the list with the fix naming customer_ids when the list is missing and nothing else is configured', async () => {
    emu.setCustomerList(false);
    const results = await source().check!();
    expect(results).toEqual([
      expect.objectContaining({ name: 'login', status: 'ok' }),
      {
        name: 'GET /rest/v2/subjects/customers',
        status: 'failed',
        detail: 'answered 404: this Hydra has no customer list, so full reads find no customers',
        fix: 'set sources.billing.customer_ids to { file: /path/ids.txt } or { command: [program, arg] } (one customer id per line), or sources.billing.enumeration: event_only',
      },
    ]);
  });

  it('reports the fallback to customer_ids, the ids it lists, and a customer from them', async () => {
    emu.setCustomerList(false);
    const file = await idFile('check.txt', '999999\n100003\n');
    const results = await source({ customer_ids: { file } }).check!();
    expect(results.map((r) => [r.name, r.status, r.detail])).toEqual([
      ['login', 'ok', "POST /rest/v2/login accepted operator 'operator'"],
      ['GET /rest/v2/subjects/customers', 'fallback', `answered 404 (no customer list); full reads enumerate file ${file} instead`],
      [`customer_ids (file ${file})`, 'ok', 'listed 2 customer id(s)'],
      ['GET /rest/v2/subjects/customers/{id} with accounts, subscriptions, subject_addresses', 'ok', expect.stringMatching(/^customer 100003: /)],
    ]);
  });

  it('stops at a refused login, with the fix', async () => {
    const results = await source({ password: 'wrong' }).check!();
    expect(results).toEqual([{
      name: 'login',
      status: 'failed',
      detail: "Hydra rejected the login for operator 'operator'; check sources.billing.login/password",
      fix: "set sources.billing.login and password to a Hydra operator's credentials",
    }]);
  });
});
