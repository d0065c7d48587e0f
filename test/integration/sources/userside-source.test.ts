import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_API_KEY, SUGGESTED_STATUS_MAP, createUsersideEmulator, dotted, type Quirks, type UsCustomerRecord, type UsersideEmulator,
  type UsersideEmulatorOptions,
} from '../../../src/emulators/userside/index.js';
import { type BillsyncError, SourceReadError } from '../../../src/model/errors.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import type { Source } from '../../../src/sources/source.js';
import { type UsersideSource, usersideSourceFactory } from '../../../src/sources/userside/index.js';
import { silentLogger, type Logger } from '../../../src/util/logger.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const COUNT = 500;
const ORIGINAL_QUIRKS: Quirks = { envelope: 'Result', containers: 'keyed', ip: 'int', mac: 'bare', numbers: 'number' };

let emu: UsersideEmulator;
let url: string;
const open: Source[] = [];
const extra: UsersideEmulator[] = [];

function source(config: Record<string, unknown> = {}, at: string = url, logger: Logger = silentLogger()): UsersideSource {
  const s = usersideSourceFactory.create('us', { url: at, api_key: DEFAULT_API_KEY, status_map: SUGGESTED_STATUS_MAP, retry_base_ms: 5, ...config }, { logger, now: () => NOW });
  open.push(s);
  return s as UsersideSource;
}

async function readAll(s: Source, onProgress?: (read: number) => void): Promise<Subscriber[]> {
  const out: Subscriber[] = [];
  for await (const batch of s.read({ onProgress: (p) => onProgress?.(p.read) })) out.push(...batch);
  return out;
}

async function another(opts: UsersideEmulatorOptions): Promise<{ emu: UsersideEmulator; url: string }> {
  const e = createUsersideEmulator({ seed: 7, customers: 60, generate: { now: NOW }, ...opts });
  extra.push(e);
  return { emu: e, url: await e.start() };
}

function capture(): { logger: Logger; lines: () => { msg: string }[] } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } });
  return { logger: pino({ level: 'info' }, stream), lines: () => chunks.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { msg: string }) };
}

/** The test's own reading of the rules, from the emulator's records. */
function expected(e: UsersideEmulator): Subscriber[] {
  const tariffName = (id: number): string => e.state.data.tariffs.get(id)!.name;
  const person = (c: UsCustomerRecord): Record<string, string> => {
    if (c.corporate) return {};
    const [last, first, ...rest] = c.name.split(' ');
    return rest.length > 0 ? { last: last!, first: first!, middle: rest.join(' ') } : { last: last!, first: first! };
  };
  return e.state.all().filter((c) => !c.potential).map((c) => ({
    source: 'us',
    id: String(c.id),
    account: c.agreement?.number ?? c.account,
    name: { full: c.name, ...person(c) },
    status: SUGGESTED_STATUS_MAP[String(c.stateId)]!,
    services: [...c.tariffs].sort((a, b) => a.id - b.id).map((t) => ({
      id: String(t.id),
      name: tariffName(t.id),
      ...(t.since === null ? {} : { since: new Date(t.since - 3 * 3600_000).toISOString() }),
      until: t.until === null ? null : new Date(t.until - 3 * 3600_000).toISOString(),
    })),
    contacts: { phones: [...c.phones], emails: [...c.emails] },
    address: c.address && {
      text: `${e.state.houses.get(c.address.houseId)!.address}, кв. ${c.address.flat}`,
      houseId: String(c.address.houseId), entrance: String(c.address.entrance), floor: String(c.address.floor), flat: String(c.address.flat),
    },
    raw: expect.objectContaining({
      login: c.login,
      ip: c.ips[0] ? dotted(c.ips[0].ip) : null,
      mac: c.ips[0] ? c.ips[0].mac.match(/../g)!.join(':') : null,
      ips: c.ips.map((x) => dotted(x.ip)),
      state_id: c.stateId,
      account_number: c.account,
    }) as unknown as Record<string, unknown>,
  }));
}

beforeAll(async () => {
  emu = createUsersideEmulator({ customers: COUNT, seed: 7, generate: { now: NOW } });
  url = await emu.start();
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const e of extra.splice(0)) await e.stop();
  emu.clearFaults();
  emu.resetStats();
  emu.setLatency(0);
  emu.configure({ quirks: ORIGINAL_QUIRKS, bulkList: true, multiGet: true, tariffCategory: true });
});
afterAll(() => emu.stop());

describe('userside source against the emulator', () => {
  it('reads everyone in one get_user_list, exactly as generated, leaving prospects out', async () => {
    const s = source();
    const progress: number[] = [];
    const subscribers = await readAll(s, (n) => progress.push(n));
    // The data must hold the awkward cases, or the comparison proves little.
    const all = emu.state.all();
    expect(all.some((c) => c.potential) && all.some((c) => c.address === null) && all.some((c) => c.name.includes('"'))).toBe(true);
    expect(subscribers).toEqual(expected(emu));
    expect(subscribers.some((x) => x.name.full.includes('"'))).toBe(true);
    expect(new Set(subscribers.map((x) => x.status))).toEqual(new Set(['active', 'blocked_user', 'blocked_debt', 'off']));
    expect(progress.at(-1)).toBe(subscribers.length);
    expect(s.mode).toBe('list');
    // The ids of current and former customers come first: the list is checked against them.
    expect(emu.stats().byRequest).toEqual({ 'module/get_user_state_list': 1, 'tariff/get': 1, 'customer/get_customers_id': 2, 'module/get_user_list': 1 });
  });

  it('reads the same subscribers in batches of get_data', async () => {
    const baseline = await readAll(source());
    emu.resetStats();
    const subscribers = await readAll(source({ bulk: 'batched', batch_size: 37 }));
    expect(subscribers).toEqual(baseline);
    const stats = emu.stats().byRequest;
    // Current, former, and current again (a former customer reactivated in between is in neither of the first two).
    expect(stats['customer/get_customers_id']).toBe(3);
    expect(stats['customer/get_data']).toBe(Math.ceil(COUNT / 37));
    expect(stats['module/get_user_list']).toBeUndefined();
  });

  it('finds out an install has no get_user_list, reads in batches, and remembers it', async () => {
    const baseline = await readAll(source());
    emu.configure({ bulkList: false });
    emu.resetStats();
    const s = source();
    expect(await readAll(s)).toEqual(baseline);
    expect(s.mode).toBe('batched');
    expect(await readAll(s)).toEqual(baseline);
    expect(emu.stats().byRequest['module/get_user_list']).toBe(1);
    expect(emu.stats().byRequest['customer/get_data']).toBe(2 * Math.ceil(COUNT / 100));
  });

  it("fails clearly when bulk is 'list' and the install has no get_user_list", async () => {
    emu.configure({ bulkList: false });
    const err = await readAll(source({ bulk: 'list' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceReadError);
    expect((err as Error).message).toMatch(/UserSide has no module\/get_user_list .*Unknown request: get_user_list.*bulk is 'list'/);
    expect((err as BillsyncError).fix).toMatch(/batched/);
  });

  it.each([
    ['lowercase envelope', { envelope: 'result' }],
    ['arrays instead of id-keyed objects', { containers: 'array' }],
    ['IPs as digit strings', { ip: 'string' }],
    ['IPs as dotted quads and MACs with colons', { ip: 'dotted', mac: 'colon' }],
    ['ids and money as strings', { numbers: 'string' }],
    ['all of them at once', { envelope: 'result', containers: 'array', ip: 'string', mac: 'colon', numbers: 'string' }],
  ] as const)('decodes %s to the same subscribers, in both modes', async (_name, quirks) => {
    const baseline = await readAll(source());
    emu.configure({ quirks });
    expect(await readAll(source())).toEqual(baseline);
    expect(await readAll(source({ bulk: 'batched', batch_size: 50 }))).toEqual(baseline);
  });

  it('reads everyone from an install whose get_data takes one id, one by one', async () => {
    const baseline = await readAll(source());
    emu.configure({ multiGet: false });
    emu.resetStats();
    const log = capture();
    expect(await readAll(source({ bulk: 'batched', batch_size: 25 }, url, log.logger))).toEqual(baseline);
    // Each batch call answers its first id; every other id is asked alone.
    const batches = Math.ceil(COUNT / 25);
    expect(emu.stats().byRequest['customer/get_data']).toBe(batches + (COUNT - batches));
    expect(log.lines().filter((l) => /fewer customers than asked/.test(l.msg))).toHaveLength(1);
  });

  it('reads on when a customer is deleted between get_customers_id and get_data (one-id installs, batch_size 1)', async () => {
    let deleteNext: number | undefined;
    const other = await another({
      multiGet: false,
      onRequest: (request, params) => {
        if (request !== 'customer/get_customers_id' || params.is_ex !== '1' || deleteNext === undefined) return;
        other.emu.state.removeCustomer(deleteNext);
        deleteNext = undefined;
      },
    });
    const ids = other.emu.state.all().filter((c) => !c.potential).map((c) => c.id).sort((a, b) => a - b);
    for (const [victim, batchSize] of [[ids[0]!, 10], [ids[1]!, 1]] as const) {
      deleteNext = victim;
      const read = await readAll(source({ bulk: 'batched', batch_size: batchSize }, other.url));
      expect(deleteNext).toBeUndefined();
      expect(read.map((s) => s.id)).not.toContain(String(victim));
      expect(read).toEqual(await readAll(source({}, other.url)));
    }
  });

  it('names tariffs from the old module/get_tariff_list when cat=tariff is unknown', async () => {
    const baseline = await readAll(source());
    emu.configure({ tariffCategory: false });
    emu.resetStats();
    expect(await readAll(source())).toEqual(baseline);
    expect(emu.stats().byRequest['module/get_tariff_list']).toBe(1);
  });

  it('sends a long id list as a form POST', async () => {
    const baseline = await readAll(source());
    const posted: number[] = [];
    const other = await another({ customers: COUNT, onRequest: (request, params) => request === 'customer/get_data' && posted.push(params.customer_id!.split(',').length) });
    expect(await readAll(source({ bulk: 'batched', batch_size: 1000 }, other.url))).toEqual(baseline);
    expect(posted).toEqual([COUNT]);
  });

  it('skips subscribers in a state the status_map does not cover, and says so once', async () => {
    const other = await another({});
    other.emu.state.putState({ id: 9, name: 'Ремонт линии', functional: '' });
    const [a, b] = other.emu.state.all().filter((c) => !c.potential);
    other.emu.state.setState(a!.id, 9);
    other.emu.state.setState(b!.id, 9);
    const log = capture();
    const subscribers = await readAll(source({}, other.url, log.logger));
    const skipped = subscribers.filter((x) => x.skip !== undefined);
    expect(skipped.map((x) => x.id)).toEqual([String(a!.id), String(b!.id)]);
    expect(skipped[0]!.skip).toBe("UserSide state 9 ('Ремонт линии') has no status in sources.us.status_map (add it there)");
    expect(log.lines().filter((l) => l.msg.includes('state 9'))).toHaveLength(1);
    const mapped = await readAll(source({ status_map: { ...SUGGESTED_STATUS_MAP, 9: 'blocked_manager' } }, other.url));
    expect(mapped.find((x) => x.id === String(a!.id))).toMatchObject({ status: 'blocked_manager' });
    expect(mapped.every((x) => x.skip === undefined)).toBe(true);
  });

  it('reflects changes in the ERP on the next read', async () => {
    const other = await another({});
    const s = source({}, other.url);
    const c = other.emu.state.all().find((x) => !x.potential && x.stateId === 1)!;
    other.emu.state.setState(c.id, 3);
    other.emu.state.moveCustomer(c.id, { houseId: 1002, flat: 61 });
    other.emu.state.setTariffs(c.id, [2, 501, 502]);
    const read = (await readAll(s)).find((x) => x.id === String(c.id))!;
    expect(read.status).toBe('blocked_debt');
    expect(read.address).toMatchObject({ houseId: '1002', entrance: '4', floor: '1', flat: '61' });
    expect(read.services.map((x) => [x.id, x.name])).toEqual([['2', 'Интернет 300 Мбит/с'], ['501', 'Домофон'], ['502', 'Видеонаблюдение']]);
  });

  it('fails with SOURCE_AUTH on a wrong key, without showing it', async () => {
    const err = await readAll(source({ api_key: 'wrong-key-123' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceReadError);
    expect((err as BillsyncError).code).toBe('SOURCE_AUTH');
    expect((err as Error).message).toMatch(/UserSide refused the API key for module\/get_user_state_list \(HTTP 403: Access denied.*\); check sources\.us\.api_key/);
    expect((err as BillsyncError).fix).toMatch(/api_key/);
    expect(JSON.stringify([(err as Error).message, (err as BillsyncError).fix])).not.toContain('wrong-key-123');
    expect(emu.stats().byRequest['module/get_user_list']).toBeUndefined();
  });

  it('keeps a key with characters a query escapes out of a network error', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const key = "s3cr~t!key (ERP)'";
    const err = await readAll(source({ api_key: key }, `http://127.0.0.1:${port}/api.php`)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceReadError);
    expect((err as Error).message).toMatch(/gave up after 4 attempts/);
    const shown = JSON.stringify([(err as Error).message, (err as BillsyncError).fix]);
    for (const form of [key, encodeURIComponent(key), new URLSearchParams({ key }).toString().slice('key='.length)]) expect(shown).not.toContain(form);
    expect(shown).toContain('[redacted]');
  });

  it('fails the whole read when a batch fails, and retries a 503 from a proxy', async () => {
    let injected = false;
    const err = await readAll(source({ bulk: 'batched', batch_size: 20 }), () => {
      if (!injected) {
        injected = true;
        emu.failNext(1, { status: 500, request: 'customer/get_data' });
      }
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceReadError);
    expect((err as BillsyncError).code).toBe('SOURCE_READ');
    expect((err as Error).message).toBe('UserSide customer/get_data answered ERROR (HTTP 500): injected fault 500');

    emu.resetStats();
    emu.failNext(2, { status: 503, request: 'customer/get_data', body: '<html>503 Service Unavailable</html>' });
    expect(await readAll(source({ bulk: 'batched', batch_size: 100 }))).toHaveLength(expected(emu).length);
    expect(emu.stats().injected).toBe(2);
  });

  it('does not switch to batches when get_user_list fails on the server side', async () => {
    emu.failNext(1, { status: 500, request: 'get_user_list' });
    const s = source();
    const err = await readAll(s).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/module\/get_user_list answered ERROR \(HTTP 500\)/);
    expect(s.mode).toBeNull();
    expect(emu.stats().byRequest['customer/get_data']).toBeUndefined();
  });

  it('fails on an answer that is not JSON, e.g. a proxy page with 200', async () => {
    emu.failNext(1, { status: 200, request: 'get_user_list', body: '<html><body>Login to the portal</body></html>' });
    const err = await readAll(source()).catch((e: unknown) => e);
    expect((err as Error).message).toBe('UserSide module/get_user_list: unexpected answer (answer is not JSON (HTTP 200): Login to the portal)');
    expect((err as BillsyncError).fix).toMatch(/api\.php/);
  });

  it('keeps to the configured concurrency', async () => {
    emu.setLatency(20);
    await readAll(source({ bulk: 'batched', batch_size: 10, concurrency: 2 }));
    expect(emu.stats().peakInFlight).toBeLessThanOrEqual(2);
    expect(emu.stats().peakInFlight).toBeGreaterThanOrEqual(1);
  });

  it('reads one customer like the full read does, in both modes, and nothing for unknown ids and prospects', async () => {
    const subscribers = await readAll(source());
    const sample = subscribers[Math.floor(subscribers.length / 2)]!;
    const prospect = emu.state.all().find((c) => c.potential)!;
    for (const config of [{}, { bulk: 'batched' }]) {
      const s = source(config);
      expect(await s.readOne(sample.id)).toEqual(sample);
      for (const id of [String(prospect.id), '999999', 'x1', '']) expect(await s.readOne(id)).toBeNull();
    }
    emu.configure({ bulkList: false });
    const auto = source();
    expect(await auto.readOne(sample.id)).toEqual(sample);
    expect(auto.mode).toBe('batched');
  });
});
