import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHydraEmulator, generateHydraData, type HydraEmulator } from '../../../src/emulators/hydra/index.js';

const NOW = new Date('2025-03-01T09:00:00Z');
type Body = Record<string, unknown> & { [k: string]: unknown };

async function call(base: string, path: string, init: { token?: string; header?: string; method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.header !== undefined) headers.authorization = init.header;
  else if (init.token !== undefined) headers.authorization = `Token token=${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Body };
}

async function login(base: string, login = 'op', password = 'secret'): Promise<{ status: number; token?: string }> {
  const r = await call(base, '/login', { method: 'POST', body: { session: { login, password } } });
  const session = r.body.session as { token?: string } | undefined;
  return { status: r.status, token: session?.token };
}

describe('generateHydraData', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateHydraData(300, 11, { now: NOW });
    const b = generateHydraData(300, 11, { now: NOW });
    const c = generateHydraData(300, 12, { now: NOW });
    expect(JSON.stringify(a.customers)).toBe(JSON.stringify(b.customers));
    expect(JSON.stringify(a.customers)).not.toBe(JSON.stringify(c.customers));
  });

  it('produces plausible customers', () => {
    const d = generateHydraData(2000, 5, { now: NOW });
    expect(d.customers.map((c) => c.id)).toEqual(Array.from({ length: 2000 }, (_, i) => 100001 + i));
    const states = new Map<number, number>();
    for (const c of d.customers) states.set(c.stateId, (states.get(c.stateId) ?? 0) + 1);
    expect(states.get(2011)! / 2000).toBeGreaterThan(0.75);
    for (const s of [6011, 3011, 5011, 1011]) expect(states.get(s)).toBeGreaterThan(0);
    for (const c of d.customers) {
      expect(c.account).toMatch(/^7\d{7}$/);
      const words = c.name.split(' ');
      expect(words.length === 3 || words.length === 2).toBe(true);
      if (c.female) expect(words[0]).toMatch(/(а|ая)$/);
      if (c.female && words[2]) expect(words[2]).toMatch(/на$/);
      if (!c.female && words[2]) expect(words[2]).toMatch(/ич$/);
      for (const p of c.phones) expect(p).toMatch(/^\+7 \(9\d\d\) \d{3}-\d\d-\d\d$/);
    }
    expect(d.customers.filter((c) => c.phones.length > 0).length / 2000).toBeGreaterThan(0.8);
    const subs = d.customers.flatMap((c) => c.subscriptions);
    const now = NOW.getTime();
    expect(subs.filter((s) => s.serviceId === 100).length / 2000).toBeGreaterThan(0.9);
    expect(subs.some((s) => s.serviceId >= 1 && s.serviceId <= 4)).toBe(true);
    expect(subs.some((s) => s.serviceId >= 5 && s.serviceId <= 8 && s.parentId !== null)).toBe(true);
    expect(subs.some((s) => s.serviceId === 102)).toBe(true);
    expect(subs.some((s) => s.closed)).toBe(true);
    expect(subs.some((s) => s.begin > now)).toBe(true);
    expect(subs.some((s) => !s.closed && s.end !== null && s.end <= now)).toBe(true);
    expect(subs.some((s) => !s.closed && s.end !== null && s.end > now)).toBe(true);
  });

  it('makes non-numeric accounts on request', () => {
    const d = generateHydraData(50, 1, { now: NOW, nonNumericAccountShare: 1 });
    expect(d.customers.every((c) => /^ЛС-\d+$/.test(c.account))).toBe(true);
  });

  // How fast is bench/'s business; the timeout only keeps a hang from lasting forever.
  it('generates 100,000 customers', () => {
    const d = generateHydraData(100_000, 99, { now: NOW });
    expect(d.customers).toHaveLength(100_000);
  }, 60_000);
});

describe('hydra emulator over HTTP', () => {
  let emu: HydraEmulator;
  let base: string;
  let token: string;

  beforeAll(async () => {
    emu = createHydraEmulator({ login: 'op', password: 'secret', customers: 23, seed: 3, maxPerPage: 10, generate: { now: NOW } });
    base = await emu.start();
    token = (await login(base)).token!;
  });
  afterAll(() => emu.stop());

  it('logs in with operator credentials only', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rest\/v2$/);
    expect(token).toMatch(/^[0-9a-f]{40}$/);
    expect((await login(base, 'op', 'wrong')).status).toBe(401);
    expect((await call(base, '/login', { method: 'POST', body: { nope: 1 } })).status).toBe(400);
  });

  it('requires a valid token, in either header form', async () => {
    expect((await call(base, '/subjects/customers/100001')).status).toBe(401);
    expect((await call(base, '/subjects/customers/100001', { token: 'f'.repeat(40) })).status).toBe(401);
    expect((await call(base, '/subjects/customers/100001', { header: `Bearer ${token}` })).status).toBe(401);
    expect((await call(base, '/subjects/customers/100001', { header: `Token token="${token}"` })).status).toBe(200);
    const r = await call(base, '/subjects/customers/100001', { token });
    expect(r.status).toBe(200);
  });

  it('wraps one object in its singular name with link maps', async () => {
    const r = await call(base, '/subjects/customers/100002', { token });
    const c = r.body.customer as Body;
    const record = emu.state.get(100002)!;
    expect(c).toMatchObject({
      n_subject_id: 100002, n_customer_id: 100002, vc_base_subject_name: record.name, n_subj_state_id: record.stateId,
      n_base_subj_type_id: 18001, vc_code: 'u100002',
    });
    expect(c.d_created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$/);
    expect(Date.parse(c.d_created as string)).toBe(record.created);
    expect(r.body.actions).toMatchObject({ edit: `${base}/subjects/customers/100002/edit` });
    expect(r.body.navigation).toMatchObject({ self: `${base}/subjects/customers/100002`, accounts: `${base}/subjects/customers/100002/accounts` });
    expect((await call(base, '/subjects/customers/999', { token })).status).toBe(404);
  });

  it('serves accounts, subscriptions, addresses and catalog in plural/singular envelopes', async () => {
    const record = emu.state.get(100003)!;
    const acc = await call(base, '/subjects/customers/100003/accounts', { token });
    expect(acc.body.accounts).toEqual([expect.objectContaining({ n_account_type_id: 2042, vc_account: record.account })]);
    const subs = await call(base, '/subjects/customers/100003/subscriptions?page=1&per_page=10', { token });
    const list = subs.body.subscriptions as Body[];
    expect(list.map((s) => s.n_service_id)).toEqual(record.subscriptions.map((s) => s.serviceId));
    expect(list[0]).toMatchObject({ n_customer_id: 100003, c_fl_closed: expect.stringMatching(/^[YN]$/) });
    expect((list[0]!.actions as Body).show).toBe(`${base}/subjects/customers/100003/subscriptions/${record.subscriptions[0]!.id}`);
    const addr = await call(base, `/subject_addresses?subject_id%5B%5D=100003`, { token });
    const rows = addr.body.subject_addresses as Body[];
    expect(rows.filter((a) => a.n_addr_type_id === 13006).map((a) => a.vc_visual_code)).toEqual(record.phones);
    expect(rows.find((a) => a.n_addr_type_id === 1006)).toMatchObject({
      vc_flat: String(record.flat), vc_entrance_no: String(record.entrance), n_floor_no: record.floor, n_house_id: record.house.id,
    });
    expect((await call(base, '/subject_addresses', { token })).status).toBe(422);
    expect((await call(base, '/catalog/5', { token })).body.catalog).toMatchObject({ n_service_id: 5, vc_name: 'Кино+' });
    expect((await call(base, '/catalog/4242', { token })).status).toBe(404);
    expect((await call(base, '/subjects/customers/999/subscriptions', { token })).status).toBe(404);
    expect((await call(base, '/no/such/route', { token })).status).toBe(404);
    expect((await call(base.replace('/rest/v2', ''), '/subjects/customers', { token })).status).toBe(404);
  });

  it('pages customers by id, caps per_page and ends with a short then empty page', async () => {
    const ids = async (q: string): Promise<number[]> =>
      ((await call(base, `/subjects/customers${q}`, { token })).body.customers as Body[]).map((c) => c.n_subject_id as number);
    expect(await ids('?page=1&per_page=10')).toEqual(Array.from({ length: 10 }, (_, i) => 100001 + i));
    expect(await ids('?page=3&per_page=10')).toEqual([100021, 100022, 100023]);
    expect(await ids('?page=4&per_page=10')).toEqual([]);
    expect(await ids('?page=1&per_page=500')).toHaveLength(10);
    expect(await ids('?page=0&per_page=5')).toEqual([100001, 100002, 100003, 100004, 100005]);
    expect(await ids('?page=2&per_page=abc')).toEqual([100011, 100012, 100013, 100014, 100015, 100016, 100017, 100018, 100019, 100020]);
    const one = await call(base, '/subjects/customers/100003/subscriptions?page=2&per_page=1', { token });
    expect((one.body.subscriptions as Body[]).map((s) => s.n_subscription_id)).toEqual(
      emu.state.get(100003)!.subscriptions.slice(1, 2).map((s) => s.id),
    );
  });

  it('answers 404 to the customer list in the strict world, where only point reads exist', async () => {
    emu.setCustomerList(false);
    try {
      const r = await call(base, '/subjects/customers?page=1&per_page=10', { token });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ errors: { base: ['No route matches [GET] "/rest/v2/subjects/customers"'] } });
      expect((await call(base, '/subjects/customers/100001', { token })).status).toBe(200);
    } finally {
      emu.setCustomerList(true);
    }
    expect((await call(base, '/subjects/customers?page=1&per_page=10', { token })).status).toBe(200);
  });

  it('injects faults by path prefix and counts requests by route template', async () => {
    emu.resetStats();
    emu.failNext(2, { status: 503, retryAfter: 1, pathPrefix: '/catalog' });
    const first = await call(base, '/catalog/1', { token });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('1');
    expect((await call(base, '/subjects/customers/100001', { token })).status).toBe(200);
    expect((await call(base, '/catalog/1', { token })).status).toBe(503);
    expect((await call(base, '/catalog/1', { token })).status).toBe(200);
    expect(emu.stats()).toMatchObject({
      total: 4,
      byRoute: { 'GET /catalog/:id': 3, 'GET /subjects/customers/:id': 1 },
    });
  });

  it('ends every session on expireTokens()', async () => {
    const own = (await login(base)).token!;
    emu.expireTokens();
    expect((await call(base, '/subjects/customers/100001', { token: own })).status).toBe(401);
    token = (await login(base)).token!;
    expect((await call(base, '/subjects/customers/100001', { token })).status).toBe(200);
  });

  it('mutates state: block, switch tariff, add and remove customers', async () => {
    emu.state.setState(100004, 6011);
    expect(((await call(base, '/subjects/customers/100004', { token })).body.customer as Body).n_subj_state_id).toBe(6011);

    const at = new Date('2025-03-01T10:00:00Z');
    const id = emu.state.addCustomer({ name: 'Тестова Анна Ивановна', services: [1, 100], stateId: 2011, at: new Date('2025-02-01T00:00:00Z') });
    expect(id).toBe(100024);
    expect(emu.state.customers).toBe(24);
    const [base1] = emu.state.get(id)!.subscriptions;
    emu.state.switchService(id, 1, 3, at);
    const subs = (await call(base, `/subjects/customers/${id}/subscriptions?per_page=10`, { token })).body.subscriptions as Body[];
    expect(subs.map((s) => [s.n_service_id, s.c_fl_closed, s.d_end])).toEqual([
      [1, 'Y', '2025-03-01T13:00:00+03:00'],
      [100, 'N', null],
      [3, 'N', null],
    ]);
    expect(subs[2]).toMatchObject({ d_begin: '2025-03-01T13:00:00+03:00', n_prev_subscription_id: base1!.id });
    expect(() => emu.state.switchService(id, 1, 3, at)).toThrow(/no open subscription/);
    expect(() => emu.state.switchService(id, 3, 4242, at)).toThrow(/no catalog service/);

    const page3 = (await call(base, '/subjects/customers?page=3&per_page=10', { token })).body.customers as Body[];
    expect(page3.map((c) => c.n_subject_id)).toEqual([100021, 100022, 100023, 100024]);
    expect(emu.state.removeCustomer(100022)).toBe(true);
    expect(emu.state.removeCustomer(100022)).toBe(false);
    expect((await call(base, '/subjects/customers/100022', { token })).status).toBe(404);
    const after = (await call(base, '/subjects/customers?page=3&per_page=10', { token })).body.customers as Body[];
    expect(after.map((c) => c.n_subject_id)).toEqual([100021, 100023, 100024]);
  });

  it('moves add-ons to the new base package on a switch', () => {
    const id = emu.state.addCustomer({ services: [2], at: new Date('2025-01-01T00:00:00Z') });
    const c = emu.state.get(id)!;
    const baseSub = c.subscriptions[0]!;
    c.subscriptions.push({ id: 900000001, serviceId: 5, begin: baseSub.begin, end: null, closed: false, parentId: baseSub.id, prevId: null });
    emu.state.switchService(id, 2, 3, new Date('2025-02-01T00:00:00Z'));
    const next = c.subscriptions.find((s) => s.serviceId === 3)!;
    expect(c.subscriptions.find((s) => s.serviceId === 5)!.parentId).toBe(next.id);
  });
});

describe('hydra emulator token lifetime', () => {
  it('expires tokens after tokenTtlMs', async () => {
    const emu = createHydraEmulator({ login: 'op', password: 'secret', customers: 1, tokenTtlMs: 50 });
    const base = await emu.start();
    try {
      const { token } = await login(base);
      expect((await call(base, '/subjects/customers/100001', { token: token! })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 80));
      expect((await call(base, '/subjects/customers/100001', { token: token! })).status).toBe(401);
    } finally {
      await emu.stop();
    }
  });
});
