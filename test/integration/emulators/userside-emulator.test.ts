import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BILLING_ID, DEFAULT_API_KEY, STATES, TARIFF_CAMERAS, TARIFF_INTERCOM, createUsersideEmulator, describeHouses, dotted, flatLocation,
  generateUsersideData, type UsersideEmulator,
} from '../../../src/emulators/userside/index.js';

const NOW = new Date('2025-03-01T12:00:00Z');

let emu: UsersideEmulator;
let url: string;
const extra: UsersideEmulator[] = [];

async function api(params: Record<string, string | number>, opts: { at?: string; key?: string | null; post?: boolean } = {}): Promise<{ status: number; body: any; text: string }> {
  const q = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  if (opts.key !== null) q.set('key', opts.key ?? DEFAULT_API_KEY);
  const res = opts.post
    ? await fetch(opts.at ?? url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: q.toString() })
    : await fetch(`${opts.at ?? url}?${q}`);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

beforeAll(async () => {
  emu = createUsersideEmulator({ customers: 600, seed: 9, generate: { now: NOW } });
  url = await emu.start();
});
afterEach(async () => {
  for (const e of extra.splice(0)) await e.stop();
  emu.clearFaults();
  emu.resetStats();
  emu.configure({ quirks: { envelope: 'Result', containers: 'keyed', ip: 'int', mac: 'bare', numbers: 'number' }, bulkList: true, multiGet: true, tariffCategory: true });
  emu.setLatency(0);
});
afterAll(() => emu.stop());

describe('generateUsersideData', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const json = (seed: number): string => JSON.stringify(generateUsersideData(300, seed, { now: NOW }).customers);
    expect(json(4)).toBe(json(4));
    expect(json(4)).not.toBe(json(5));
  });

  it('mixes in the cases a reader must handle', () => {
    const d = generateUsersideData(3000, 5, { now: NOW });
    const c = d.customers;
    const share = (f: (x: (typeof c)[number]) => boolean): number => c.filter(f).length / c.length;
    expect(c.map((x) => x.id)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    expect(share((x) => x.tariffs.some((t) => t.id < 100))).toBeGreaterThan(0.8);
    expect(share((x) => x.tariffs.some((t) => t.id === TARIFF_INTERCOM))).toBeGreaterThan(0.4);
    expect(share((x) => x.tariffs.some((t) => t.id === TARIFF_INTERCOM))).toBeLessThan(0.6);
    expect(share((x) => x.tariffs.some((t) => t.id === TARIFF_CAMERAS))).toBeGreaterThan(0.1);
    for (const s of STATES) expect(c.some((x) => x.stateId === s.id)).toBe(true);
    expect(share((x) => x.stateId === 1)).toBeGreaterThan(0.7);
    expect(c.some((x) => x.address === null)).toBe(true);
    expect(c.some((x) => x.potential) && c.some((x) => x.former) && c.some((x) => x.agreement === null)).toBe(true);
    expect(c.some((x) => /["&']/.test(x.name))).toBe(true);
    expect(c.some((x) => x.nextTariff !== null) && c.some((x) => x.ips.length === 2)).toBe(true);
    expect(new Set(c.map((x) => x.address?.houseId).filter((h) => h !== undefined))).toEqual(new Set([1001, 1002, 1003, 1004, 1005]));
  });

  it('places flats by the house layout, which describeHouses shares', () => {
    const d = generateUsersideData(500, 2, { now: NOW, houses: [{ id: 7, address: 'ул. Мира, д. 2', entrances: 2, floors: 3, flatsPerFloor: 2 }] });
    expect(describeHouses(d.houses)).toEqual([{
      id: 7, address: 'ул. Мира, д. 2',
      entrances: [{ entrance: 1, floors: 3, firstFlat: 1, lastFlat: 6 }, { entrance: 2, floors: 3, firstFlat: 7, lastFlat: 12 }],
    }]);
    for (const c of d.customers) {
      if (!c.address) continue;
      expect(flatLocation(d.houses[0]!, c.address.flat)).toEqual({ entrance: c.address.entrance, floor: c.address.floor });
    }
    const defaults = describeHouses(generateUsersideData(1, 1).houses);
    expect(defaults.map((h) => [h.id, h.entrances.length])).toEqual([[1001, 4], [1002, 4], [1003, 4], [1004, 4], [1005, 4]]);
    expect(defaults[0]!.entrances[1]).toEqual({ entrance: 2, floors: 5, firstFlat: 21, lastFlat: 40 });
  });
});

describe('userside emulator', () => {
  it('refuses a wrong or missing key with 403 and an ERROR envelope', async () => {
    for (const key of ['wrong', null]) {
      const r = await api({ cat: 'module', request: 'get_user_state_list' }, { key });
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ Result: 'ERROR', ErrorText: 'Access denied: wrong or missing API key' });
    }
    expect(emu.stats().rejectedKeys).toBe(2);
  });

  it('lists every customer but prospects in get_user_list, keyed by id, and one on request', async () => {
    const r = await api({ cat: 'module', request: 'get_user_list' });
    expect(r.status).toBe(200);
    expect(r.body.Result).toBe('OK');
    const ids = Object.keys(r.body.data).map(Number);
    expect(ids).toEqual(emu.state.all().filter((c) => !c.potential).map((c) => c.id));
    const all = await api({ cat: 'module', request: 'get_user_list', is_with_potential: 1 });
    expect(Object.keys(all.body.data)).toHaveLength(emu.state.size);
    const sample = emu.state.all()[10]!;
    const one = await api({ cat: 'module', request: 'get_user_list', customer_id: sample.id });
    expect(Object.keys(one.body.data)).toEqual([String(sample.id)]);
    expect((await api({ cat: 'module', request: 'get_user_list', customer_id: 999999 })).body).toEqual({ Result: 'OK', data: [] });
  });

  it('renders a card with the shapes UserSide uses', async () => {
    const c = emu.state.all().find((x) => x.ips.length > 0 && x.address && x.agreement && x.tariffs.length > 1)!;
    const { body } = await api({ cat: 'customer', action: 'get_data', customer_id: c.id });
    const d = body.data;
    expect(d.id).toBe(c.id);
    expect(d.agreement).toEqual([{ number: c.agreement!.number, date: expect.stringMatching(/^\d{2}\.\d{2}\.\d{4}$/) }]);
    expect(Object.keys(d.tariff.current).map(Number).sort((a, b) => a - b)).toEqual(c.tariffs.map((t) => t.id).sort((a, b) => a - b));
    expect(d.ip_mac[String(c.ips[0]!.ip)]).toEqual({ ip: c.ips[0]!.ip, mac: c.ips[0]!.mac });
    expect(d.ip_mac[String(c.ips[0]!.ip)].mac).toMatch(/^[0-9a-f]{12}$/);
    expect(d.address[0]).toMatchObject({ type: 'connect', house_id: c.address!.houseId, entrance: c.address!.entrance, apartment: { number: String(c.address!.flat) } });
    expect(d.date_create).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(d.group).toEqual([]);
    const company = emu.state.all().find((x) => x.name.includes('"'))!;
    const named = await api({ cat: 'customer', action: 'get_data', customer_id: company.id });
    expect(named.body.data.full_name).toBe(company.name.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#039;'));
    expect(named.body.data.full_name).toContain('&quot;');
  });

  it('answers get_data for a list keyed by id, leaves unknown ids out, and 404s one unknown id', async () => {
    const [a, b] = emu.state.all();
    const r = await api({ cat: 'customer', action: 'get_data', customer_id: `${a!.id},${b!.id},999999` });
    expect(Object.keys(r.body.data)).toEqual([String(a!.id), String(b!.id)]);
    const missing = await api({ cat: 'customer', action: 'get_data', customer_id: 999999 });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ Result: 'ERROR', ErrorText: 'Customer not found' });
    expect((await api({ cat: 'customer', action: 'get_data' })).status).toBe(400);
    emu.configure({ multiGet: false });
    const first = await api({ cat: 'customer', action: 'get_data', customer_id: `${a!.id},${b!.id}` });
    expect(first.body.data.id).toBe(a!.id);
  });

  it('lists ids by condition and wants at least one', async () => {
    const current = await api({ cat: 'customer', action: 'get_customers_id', is_ex: 0 });
    const former = await api({ cat: 'customer', action: 'get_customers_id', is_ex: 1 });
    expect([...current.body.data, ...former.body.data].sort((x: number, y: number) => x - y)).toEqual(emu.state.all().map((c) => c.id));
    expect(former.body.data).toEqual(emu.state.all().filter((c) => c.former).map((c) => c.id));
    const byState = await api({ cat: 'customer', action: 'get_customers_id', state_id: 3, limit: 2 });
    expect(byState.body.data).toEqual(emu.state.all().filter((c) => c.stateId === 3).slice(0, 2).map((c) => c.id));
    const none = await api({ cat: 'customer', action: 'get_customers_id' });
    expect(none.status).toBe(400);
    expect(none.body.ErrorText).toBe('At least one condition is required');
  });

  it('serves the state and tariff catalogues, and the old tariff list', async () => {
    const states = await api({ cat: 'module', request: 'get_user_state_list' });
    expect(states.body.data['1']).toEqual({ id: 1, name: 'Активен', functional: 'work' });
    const tariffs = await api({ cat: 'tariff', action: 'get' });
    expect(tariffs.body.data['501']).toMatchObject({ id: 501, name: 'Домофон' });
    expect(tariffs.body.data['502']).toMatchObject({ id: 502, name: 'Видеонаблюдение' });
    expect(tariffs.body.data['5'].name).toBe('Интернет &quot;Семейный&quot;');
    emu.configure({ tariffCategory: false });
    const old = await api({ cat: 'tariff', action: 'get' });
    expect(old.status).toBe(400);
    expect(old.body.ErrorText).toBe('Unknown action: get');
    expect((await api({ cat: 'module', request: 'get_tariff_list' })).body.data['501']).toMatchObject({ id: 501, payment: 60 });
  });

  it('wants billing_id for get_user_list when told to, and lists only that billing\'s customers', async () => {
    const e = createUsersideEmulator({ customers: 5, userListNeedsBillingId: true });
    extra.push(e);
    const at = await e.start();
    const refused = await api({ cat: 'module', request: 'get_user_list' }, { at });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ Result: 'ERROR', ErrorText: 'Parameter billing_id is required' });
    const listed = await api({ cat: 'module', request: 'get_user_list', billing_id: BILLING_ID, is_with_potential: 1 }, { at });
    expect(Object.keys(listed.body.data)).toHaveLength(5);
    expect((await api({ cat: 'module', request: 'get_user_list', billing_id: 2 }, { at })).body.data).toEqual([]);
    const ids = await api({ cat: 'customer', action: 'get_customers_id', billing_id: BILLING_ID }, { at });
    expect(ids.body.data).toEqual(e.state.all().map((c) => c.id));
    expect((await api({ cat: 'customer', action: 'get_customers_id', billing_id: 2 }, { at })).body.data).toEqual([]);
    e.configure({ userListNeedsBillingId: false });
    expect((await api({ cat: 'module', request: 'get_user_list' }, { at })).status).toBe(200);
  });

  it('answers an install without get_user_list the way UserSide answers an unknown request', async () => {
    const e = createUsersideEmulator({ customers: 5, bulkList: false });
    extra.push(e);
    const r = await api({ cat: 'module', request: 'get_user_list' }, { at: await e.start() });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ Result: 'ERROR', ErrorText: 'Unknown request: get_user_list' });
  });

  it('produces each version shape when told to', async () => {
    const c = emu.state.all().find((x) => x.ips.length > 0 && x.tariffs.length > 0)!;
    emu.configure({ quirks: { envelope: 'result', containers: 'array', ip: 'dotted', mac: 'colon', numbers: 'string' } });
    const { body } = await api({ cat: 'customer', action: 'get_data', customer_id: c.id });
    expect(body.result).toBe('OK');
    expect(body.data.id).toBe(String(c.id));
    expect(Array.isArray(body.data.tariff.current) && Array.isArray(body.data.ip_mac)).toBe(true);
    expect(body.data.ip_mac[0]).toEqual({ ip: dotted(c.ips[0]!.ip), mac: c.ips[0]!.mac.match(/../g)!.join(':') });
    const list = await api({ cat: 'module', request: 'get_user_list' });
    expect(Array.isArray(list.body.data)).toBe(true);
    const err = await api({ cat: 'customer', action: 'get_data', customer_id: 999999 });
    expect(err.body).toEqual({ result: 'ERROR', error: 'Customer not found' });
    emu.configure({ quirks: { ip: 'string' } });
    const s = await api({ cat: 'customer', action: 'get_data', customer_id: c.id });
    expect(s.body.data.ip_mac[0].ip).toBe(String(c.ips[0]!.ip));
  });

  it('accepts subcat for action, and parameters in a POST form', async () => {
    const c = emu.state.all()[0]!;
    expect((await api({ cat: 'customer', subcat: 'get_data', customer_id: c.id })).body.data.id).toBe(c.id);
    expect((await api({ cat: 'customer', action: 'get_data', customer_id: c.id }, { post: true })).body.data.id).toBe(c.id);
    expect(emu.stats().byRequest['customer/get_data']).toBe(2);
  });

  it('injects faults by request, raw bodies included, and counts them', async () => {
    emu.failNext(1, { status: 500, request: 'customer/get_data' });
    emu.failNext(1, { status: 502, request: 'get_user_state_list', body: '<html>Bad Gateway</html>', retryAfter: 1 });
    const ok = await api({ cat: 'tariff', action: 'get' });
    expect(ok.status).toBe(200);
    const failed = await api({ cat: 'customer', action: 'get_data', customer_id: 1 });
    expect(failed).toMatchObject({ status: 500, body: { Result: 'ERROR', ErrorText: 'injected fault 500' } });
    const proxy = await fetch(`${url}?key=${DEFAULT_API_KEY}&cat=module&request=get_user_state_list`);
    expect(proxy.status).toBe(502);
    expect(proxy.headers.get('retry-after')).toBe('1');
    expect(await proxy.text()).toBe('<html>Bad Gateway</html>');
    expect(emu.stats().injected).toBe(2);
    expect((await api({ cat: 'customer', action: 'get_data', customer_id: 1 })).status).toBe(200);
  });

  it('shows concurrency with latency, and 404s other paths', async () => {
    emu.setLatency(100);
    await Promise.all([1, 2, 3, 4].map((id) => api({ cat: 'customer', action: 'get_data', customer_id: id })));
    expect(emu.stats().peakInFlight).toBeGreaterThanOrEqual(2);
    emu.setLatency(0);
    const other = await fetch(url.replace('/api.php', '/index.php'));
    expect(other.status).toBe(404);
  });

  it('reflects changes made through the state', async () => {
    const e = createUsersideEmulator({ customers: 20, seed: 3, generate: { now: NOW } });
    extra.push(e);
    const at = await e.start();
    const card = async (id: number): Promise<any> => (await api({ cat: 'customer', action: 'get_data', customer_id: id }, { at })).body.data;
    e.state.setState(1, 3);
    e.state.moveCustomer(1, { houseId: 1003, flat: 45 });
    e.state.setTariffs(1, [1, TARIFF_INTERCOM]);
    e.state.setName(1, 'ООО "Новое имя"');
    const one = await card(1);
    expect(one.state_id).toBe(3);
    expect(one.address[0]).toMatchObject({ house_id: 1003, entrance: 3, floor: 2, apartment: { number: '45' } });
    expect(Object.keys(one.tariff.current)).toEqual(['1', '501']);
    expect(one.full_name).toBe('ООО &quot;Новое имя&quot;');
    e.state.moveCustomer(2, null);
    expect((await card(2)).address).toEqual([]);
    const added = e.state.addCustomer({ name: 'Новиков Пётр', stateId: 1, tariffs: [TARIFF_CAMERAS], address: { houseId: 1001, flat: 1 } });
    expect(added).toBe(21);
    expect(await card(21)).toMatchObject({ full_name: 'Новиков Пётр', state_id: 1, address: [{ house_id: 1001, entrance: 1, floor: 1 }] });
    expect(e.state.removeCustomer(21)).toBe(true);
    expect((await api({ cat: 'customer', action: 'get_data', customer_id: 21 }, { at })).status).toBe(404);
    expect(() => e.state.moveCustomer(1, { houseId: 1001, flat: 999 })).toThrow(/no flat 999/);
  });

  it('holds and serves 100,000 customers', async () => {
    const e = createUsersideEmulator({ customers: 100_000, seed: 1, generate: { now: NOW } });
    extra.push(e);
    const at = await e.start();
    const r = await api({ cat: 'module', request: 'get_user_list', is_with_potential: 1 }, { at });
    expect(Object.keys(r.body.data)).toHaveLength(100_000);
    // How fast is bench/'s business; the timeout only keeps a hang from lasting forever.
  }, 90_000);
});
