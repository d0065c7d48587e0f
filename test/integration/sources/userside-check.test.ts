/**
 * Issue 13 for UserSide: get_user_list may demand billing_id (the PHP wrapper treats it as
 * required). The source sends a configured billing_id, reads in batches without it, and `check`
 * says which, with the fix. Plus the rest of check(): the key and every request a read relies on.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BILLING_ID, DEFAULT_API_KEY, SUGGESTED_STATUS_MAP, createUsersideEmulator, type UsersideEmulator } from '../../../src/emulators/userside/index.js';
import { SourceReadError } from '../../../src/model/errors.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import type { ReadCompleteness } from '../../../src/sources/source.js';
import { type UsersideSource, usersideSourceFactory } from '../../../src/sources/userside/index.js';
import { silentLogger, type Logger } from '../../../src/util/logger.js';

const NOW = new Date('2025-03-01T12:00:00Z');
let emu: UsersideEmulator;
let url: string;
const open: UsersideSource[] = [];
const asked: { request: string; params: Readonly<Record<string, string>> }[] = [];

function source(config: Record<string, unknown> = {}, logger: Logger = silentLogger()): UsersideSource {
  const s = usersideSourceFactory.create('us', { url, api_key: DEFAULT_API_KEY, status_map: SUGGESTED_STATUS_MAP, retry_base_ms: 5, ...config }, { logger, now: () => NOW });
  open.push(s as UsersideSource);
  return s as UsersideSource;
}

async function readAll(s: UsersideSource): Promise<{ subscribers: Subscriber[]; completeness: ReadCompleteness[] }> {
  const subscribers: Subscriber[] = [];
  const completeness: ReadCompleteness[] = [];
  for await (const batch of s.read({ onCompleteness: (c) => completeness.push(c) })) subscribers.push(...batch);
  return { subscribers, completeness };
}

beforeAll(async () => {
  emu = createUsersideEmulator({ customers: 60, seed: 4, generate: { now: NOW }, onRequest: (request, params) => asked.push({ request, params }) });
  url = await emu.start();
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  asked.length = 0;
  emu.resetStats();
  emu.configure({ bulkList: true, tariffCategory: true, userListNeedsBillingId: false });
});
afterAll(() => emu.stop());

describe('userside billing_id', () => {
  it('reads in batches, complete, when get_user_list wants billing_id and none is configured, and says how to fix it once', async () => {
    const baseline = await readAll(source());
    emu.configure({ userListNeedsBillingId: true });
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } }));
    const s = source({}, logger);
    const r = await readAll(s);
    expect(r.subscribers).toEqual(baseline.subscribers);
    expect(s.mode).toBe('batched');
    expect(r.completeness[0]).toMatchObject({ complete: true });
    await readAll(s);
    expect(lines.filter((l) => l.includes('wants billing_id') && l.includes('sources.us.billing_id'))).toHaveLength(1);
  });

  it('sends the configured billing_id to get_user_list and get_customers_id, and reads in one list', async () => {
    const baseline = await readAll(source());
    emu.configure({ userListNeedsBillingId: true });
    asked.length = 0;
    const s = source({ billing_id: BILLING_ID });
    const r = await readAll(s);
    expect(r.subscribers).toEqual(baseline.subscribers);
    expect(s.mode).toBe('list');
    expect(r.completeness[0]).toMatchObject({ complete: true });
    const list = asked.find((a) => a.request === 'module/get_user_list')!;
    expect(list.params).toMatchObject({ billing_id: String(BILLING_ID), is_id_billing_user_id: '0', is_with_potential: '1' });
    expect(asked.filter((a) => a.request === 'customer/get_customers_id').every((a) => a.params.billing_id === String(BILLING_ID))).toBe(true);
    const one = baseline.subscribers[3]!;
    expect(await s.readOne(one.id)).toEqual(one);
  });

  it("fails clearly, naming billing_id, when bulk is 'list' and the list wants it", async () => {
    emu.configure({ userListNeedsBillingId: true });
    const err = await readAll(source({ bulk: 'list' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceReadError);
    expect((err as Error).message).toBe("UserSide module/get_user_list wants billing_id (UserSide module/get_user_list answered ERROR (HTTP 400): Parameter billing_id is required), and sources.us.bulk is 'list'");
    expect((err as SourceReadError).fix).toMatch(/^set sources\.us\.billing_id to /);
  });
});

describe('userside check()', () => {
  it('reports the key and every request a read relies on as ok', async () => {
    const results = await source().check();
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['module/get_user_state_list', 'ok'],
      ['tariff/get', 'ok'],
      ['customer/get_customers_id', 'ok'],
      ['customer/get_data', 'ok'],
      ['module/get_user_list', 'ok'],
    ]);
    // One customer at most: nothing here reads the whole ERP.
    expect(asked.find((a) => a.request === 'customer/get_customers_id')!.params.limit).toBe('1');
    expect(asked.find((a) => a.request === 'module/get_user_list')!.params.customer_id).toBeDefined();
  });

  it('reports the billing_id problem and the fix when get_user_list wants it', async () => {
    emu.configure({ userListNeedsBillingId: true });
    const fix = 'set sources.us.billing_id to the id of the billing whose customers to read (customer/get_data shows it as billing_id)';
    expect((await source().check()).at(-1)).toEqual({
      name: 'module/get_user_list',
      status: 'fallback',
      detail: 'answered ERROR: Parameter billing_id is required; reads fall back to get_customers_id + get_data in batches (slower)',
      fix,
    });
    expect((await source({ bulk: 'list' }).check()).at(-1)).toMatchObject({ status: 'failed', fix });
    expect((await source({ billing_id: BILLING_ID }).check()).at(-1)).toMatchObject({ status: 'ok', detail: expect.stringContaining(`with billing_id ${BILLING_ID} for customer`) as unknown });
    expect((await source({ bulk: 'batched' }).check()).map((r) => r.name)).not.toContain('module/get_user_list');
  });

  it('reports older installs as fallbacks, and a refused key as the one failure', async () => {
    emu.configure({ bulkList: false, tariffCategory: false });
    const results = await source().check();
    expect(results.filter((r) => r.status === 'fallback').map((r) => r.name)).toEqual(['tariff/get', 'module/get_user_list']);
    expect(results.find((r) => r.name === 'tariff/get')!.detail).toMatch(/module\/get_tariff_list answered \d+ tariff/);
    expect((await source({ bulk: 'list' }).check()).at(-1)).toMatchObject({ status: 'failed', fix: expect.stringContaining('sources.us.bulk') as unknown });

    const refused = await source({ api_key: 'k3y-s3cret-9' }).check();
    expect(refused).toEqual([expect.objectContaining({ name: 'module/get_user_state_list', status: 'failed', fix: expect.stringContaining('sources.us.api_key') as unknown })]);
    expect(JSON.stringify(refused)).not.toContain('k3y-s3cret-9');
  });
});
