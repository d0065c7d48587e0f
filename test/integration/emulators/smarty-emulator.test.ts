import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmartyEmulator, type SmartyEmulator } from '../../../src/emulators/smarty/index.js';
import { expectedSignature } from '../../../src/emulators/smarty/signature-check.js';

type Scalar = string | number | boolean;
type Params = Readonly<Record<string, Scalar | readonly Scalar[] | null | undefined>>;

/** Form pairs signed with the documented algorithm (the emulator's own reading, not the adapter's). */
function signParams(params: Params, clientId: number, apiKey: string): [string, string][] {
  const text = (v: Scalar): string => (typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  const pairs: [string, string][] = [['client_id', String(clientId)]];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (v === null) pairs.push([k, '']);
    else if (Array.isArray(v)) for (const x of v as readonly Scalar[]) pairs.push([k, text(x)]);
    else pairs.push([k, text(v as Scalar)]);
  }
  return [...pairs, ['signature', expectedSignature(pairs, apiKey)]];
}

const KEY = 'emu-key';
let emu: SmartyEmulator;
let base: string;

/** Raw signed form POST (independent of the target's client, so the server is tested alone). */
async function call(
  method: string,
  params: Params = {},
  o: { clientId?: number; apiKey?: string; get?: boolean } = {},
): Promise<Record<string, unknown>> {
  const pairs = signParams(params, o.clientId ?? 7, o.apiKey ?? KEY);
  const form = new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString();
  const res = o.get
    ? await fetch(`${base}/${method}/?${form}`)
    : await fetch(`${base}/${method}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

beforeEach(async () => {
  emu = createSmartyEmulator({ clientId: 7, apiKey: KEY });
  base = await emu.start();
});
afterEach(async () => {
  await emu.stop();
});

describe('smarty emulator: transport and auth', () => {
  it('answers a bad signature with error -2 (HTTP 200)', async () => {
    const r = await call('customer/info', { ext_id: 'x' }, { apiKey: 'wrong' });
    expect(r.error).toBe(-2);
    expect(r.error_message).toMatch(/signature/i);
  });

  it('answers an unknown client_id with error -3', async () => {
    const r = await call('customer/info', { ext_id: 'x' }, { clientId: 8 });
    expect(r.error).toBe(-3);
  });

  it('redirects a slash-less path with 301 to the slashed one', async () => {
    const res = await fetch(`${base}/customer/info?x=1`, { method: 'POST', redirect: 'manual', body: 'a=b' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/billing/api/customer/info/?x=1');
    expect(emu.stats().redirects).toBe(1);
  });

  it('answers an unknown method with 404 and GET on a write method with 405', async () => {
    expect((await fetch(`${base}/customer/frobnicate/`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/customer/create/`)).status).toBe(405);
  });

  it('injects failures with Retry-After, then recovers', async () => {
    emu.failNext(1, { status: 503, retryAfter: 2, pathPrefix: 'customer/' });
    const res = await fetch(`${base}/customer/info/`, { method: 'POST' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect((await call('customer/info', { ext_id: 'x' })).error).toBe(1);
    expect(emu.stats().injected).toBe(1);
  });
});

describe('smarty emulator: customers', () => {
  it('refuses a duplicate ext_id with error 1 and a nameless customer with error 3', async () => {
    const first = await call('customer/create', { ext_id: 'u1', firstname: 'Иван' });
    expect(first.error).toBe(0);
    expect(typeof first.id).toBe('number');
    expect((await call('customer/create', { ext_id: 'u1', comment: 'again' })).error).toBe(1);
    const bad = await call('customer/create', { ext_id: 'u2', email: 'a@b.c' });
    expect(bad.error).toBe(3);
    expect(bad.error_fields).toBeDefined();
  });

  it('stores meta as the JSON object text create/modify take, answers it as an object, and refuses text that is not an object', async () => {
    expect((await call('customer/create', { ext_id: 'm1', comment: 'c', meta: '{"balance":"10.00","portal":{"lang":"ru"}}' })).error).toBe(0);
    expect((await call('customer/info', { ext_id: 'm1' })).meta).toEqual({ balance: '10.00', portal: { lang: 'ru' } });
    expect((await call('customer/create', { ext_id: 'm2', comment: 'c' })).error).toBe(0);
    expect((await call('customer/info', { ext_id: 'm2' })).meta).toEqual({});
    for (const bad of ['{balance: 1}', '[1]', '"text"', '']) {
      const created = await call('customer/create', { ext_id: 'm3', comment: 'c', meta: bad });
      expect(created).toMatchObject({ error: 3, error_fields: { meta: ['Enter a valid JSON object.'] } });
      expect((await call('customer/modify', { ext_id: 'm1', comment: 'c', meta: bad })).error).toBe(2);
    }
    // modify replaces meta whole (INFERRED); leaving it out keeps it.
    expect((await call('customer/modify', { ext_id: 'm1', comment: 'c', meta: '{"balance":"5.00"}' })).error).toBe(0);
    expect((await call('customer/modify', { ext_id: 'm1', comment: 'c2' })).error).toBe(0);
    expect((await call('customer/info', { ext_id: 'm1' })).meta).toEqual({ balance: '5.00' });
  });

  it('returns profile, accounts and tariffs from customer/info', async () => {
    const c = await call('customer/create', { ext_id: 'u1', lastname: 'Петров', comment: 'c' });
    await call('account/create', { ext_id: 'u1', abonement: 5001 });
    expect((await call('customer/tariff/assign', { ext_id: 'u1', tariff_id: 2 })).error).toBe(0);
    // Assigning again / removing an unassigned tariff is a no-op (M2M semantics).
    expect((await call('customer/tariff/assign', { ext_id: 'u1', tariff_id: 2 })).error).toBe(0);
    expect((await call('customer/tariff/remove', { ext_id: 'u1', tariff_id: 3 })).error).toBe(0);
    expect((await call('customer/tariff/assign', { ext_id: 'u1', tariff_id: 99 })).error).toBe(2);
    const info = await call('customer/info', { ext_id: 'u1' });
    expect(info).toMatchObject({ error: 0, tariffs: [2] });
    expect(info.tariffs_info).toEqual([{ id: 2, ext_id: 'hd' }]);
    expect(info.accounts).toMatchObject([{ abonement: 5001 }]);
    // Strict: only documented fields — no id, ext_id, names or comment.
    for (const f of ['id', 'ext_id', 'lastname', 'comment']) expect(info).not.toHaveProperty(f);
    const listed = (await call('customer/list', {})).customers as Record<string, unknown>[];
    expect(listed).toEqual([expect.objectContaining({ id: c.id, mobile_phone_number: '', accounts: [expect.objectContaining({ abonement: 5001, active: true })] })]);
    expect(listed[0]).not.toHaveProperty('ext_id');
    expect(listed[0]).not.toHaveProperty('lastname');
  });

  it('answers ext_id, id and the profile too when lenient', async () => {
    await emu.stop();
    emu = createSmartyEmulator({ clientId: 7, apiKey: KEY, lenient: true });
    base = await emu.start();
    const c = await call('customer/create', { ext_id: 'u1', lastname: 'Петров', comment: 'c' });
    const info = await call('customer/info', { ext_id: 'u1' });
    expect(info).toMatchObject({ error: 0, id: c.id, ext_id: 'u1', lastname: 'Петров', comment: 'c' });
    expect((await call('customer/list', {})).customers).toMatchObject([{ id: c.id, ext_id: 'u1', lastname: 'Петров' }]);
  });

  it('clamps list limit to 100 and pages from 1', async () => {
    for (let i = 0; i < 250; i++) emu.state.addCustomer({ ext_id: `c${i}`, profile: { comment: 'x' } });
    const page = async (limit: number | undefined, p: number | undefined, get = false): Promise<unknown[]> => {
      const r = await call('customer/list', { limit, page: p }, { get });
      expect(r.error).toBe(0);
      return r.customers as unknown[];
    };
    expect(await page(500, 1)).toHaveLength(100);
    expect(await page(undefined, undefined)).toHaveLength(100);
    expect(await page(500, 3)).toHaveLength(50);
    expect(await page(100, 4)).toHaveLength(0);
    const viaGet = (await page(30, 2, true)) as { id: number }[];
    expect(viaGet[0]!.id).toBe(emu.state.customerByExt('c30')!.id);
  });

  it('holds 100,000 customers and pages to the end', async () => {
    for (let i = 0; i < 100_000; i++) emu.state.addCustomer({ ext_id: `big${i}`, profile: { comment: 'x' } });
    const r = await call('customer/list', { limit: 100, page: 1000 });
    expect((r.customers as { id: number }[]).at(-1)?.id).toBe(emu.state.customerByExt('big99999')!.id);
  });

  it('answers error 2 past the registration limit per IP, until the window moves on', async () => {
    await emu.stop();
    let clock = 1_000_000;
    emu = createSmartyEmulator({ clientId: 7, apiKey: KEY, registrationLimit: { max: 2, windowMs: 60_000 }, now: () => clock });
    base = await emu.start();
    expect((await call('customer/create', { ext_id: 'r1', comment: 'x' })).error).toBe(0);
    // A refused create (duplicate) does not count as a registration.
    expect((await call('customer/create', { ext_id: 'r1', comment: 'x' })).error).toBe(1);
    expect((await call('customer/create', { ext_id: 'r2', comment: 'x' })).error).toBe(0);
    const limited = await call('customer/create', { ext_id: 'r3', comment: 'x' });
    expect(limited).toMatchObject({ error: 2, error_message: expect.stringMatching(/registration limit/i) });
    expect(emu.state.customerByExt('r3')).toBeUndefined();
    // Other methods are not limited.
    expect((await call('customer/info', { ext_id: 'r1' })).error).toBe(0);
    clock += 60_001;
    expect((await call('customer/create', { ext_id: 'r3', comment: 'x' })).error).toBe(0);
  });

  it('cascades customer/delete to accounts (INFERRED)', async () => {
    await call('customer/create', { ext_id: 'u1', comment: 'c' });
    await call('account/create', { ext_id: 'u1', abonement: 42 });
    expect((await call('customer/delete', { ext_id: 'u1' })).error).toBe(0);
    expect((await call('account/info', { abonement: 42 })).error).toBe(1);
    expect((await call('customer/delete', { ext_id: 'u1' })).error).toBe(1);
  });
});

describe('smarty emulator: accounts', () => {
  beforeEach(async () => {
    await call('customer/create', { ext_id: 'u1', comment: 'c' });
  });

  it('refuses a duplicate abonement with error 3 and a non-numeric one with error 2', async () => {
    const a = await call('account/create', { ext_id: 'u1', abonement: 1001, password: 1234 });
    expect(a).toMatchObject({ error: 0, abonement: 1001, password: '1234' });
    expect((await call('account/create', { ext_id: 'u1', abonement: 1001 })).error).toBe(3);
    const bad = await call('account/create', { ext_id: 'u1', abonement: 'A-17' });
    expect(bad.error).toBe(2);
    expect(bad.error_fields).toHaveProperty('abonement');
    expect((await call('account/create', { ext_id: 'nobody', abonement: 1002 })).error).toBe(1);
  });

  it('generates a password 0..999999 and applies documented flag defaults', async () => {
    const a = await call('account/create', { ext_id: 'u1', abonement: 7 });
    expect(Number(a.password)).toBeGreaterThanOrEqual(0);
    expect(Number(a.password)).toBeLessThanOrEqual(999_999);
    const info = await call('account/info', { abonement: 7 });
    expect(info).toMatchObject({ active: true, allow_login_by_device_uid: true, allow_multiple_login: false });
  });

  it('resets flags omitted on account/modify to the modify defaults', async () => {
    await call('account/create', { ext_id: 'u1', abonement: 8, allow_multiple_login: true });
    expect((await call('account/modify', { abonement: 8, active: false, status_reason: 'DEBT' })).error).toBe(0);
    const info = await call('account/info', { abonement: 8 });
    expect(info).toMatchObject({ active: false, status_reason: 'DEBT', allow_multiple_login: false, allow_login_by_device_uid: false });
  });

  it('activates, deactivates, lists and deletes accounts, counting reads and writes', async () => {
    emu.resetStats();
    await call('account/create', { ext_id: 'u1', abonement: 9 });
    expect((await call('account/deactivate', { abonement: 9 })).error).toBe(0);
    expect((await call('account/info', { abonement: 9 })).active).toBe(false);
    expect((await call('account/activate', { abonement: 9 })).error).toBe(0);
    const list = await call('account/list', { status: 'active' });
    expect(list.accounts).toMatchObject([{ abonement: 9, active: true }]);
    expect((await call('account/delete', { abonement: 9 })).error).toBe(0);
    expect((await call('account/delete', { abonement: 9 })).error).toBe(1);
    const s = emu.stats();
    expect(s.writes).toBe(5);
    expect(s.reads).toBe(2);
    expect(s.byMethod['account/delete']).toBe(2);
  });
});
