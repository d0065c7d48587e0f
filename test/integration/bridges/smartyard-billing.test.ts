/**
 * The smartyard_billing bridge over HTTP, and examples/smartyard/smartyard_bill.py (the drop-in
 * the SmartYard app server imports) run by python3 against it: uidFrom, camsActiv, isActiv,
 * billingList, addressList, userPhones; phones in any written form; unknown phone → [].
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { startHarness, type Harness } from '../../support/bridge-harness.js';
import { MemorySource } from '../../support/memory-source.js';
import { aSubscriber } from '../../support/subscriber-builder.js';

const MAPPING = readFileSync(new URL('../../../mappings/bridge-smartyard-billing.yaml', import.meta.url), 'utf8');
const PY_DIR = new URL('../../../examples/smartyard/', import.meta.url).pathname;
const TOKEN = 'smartyard-token-0123456789';
const API_KEY = 'userside-api-key-secret-77';
const run = promisify(execFile);
/** The drop-in is tested where python3 exists (it does on the CI image and the dev machines). */
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

function subscribers(): Subscriber[] {
  return [
    // Two contracts share a phone, written differently in each.
    aSubscriber({ id: '101', account: '10001', services: [{ id: '100', until: '2026-12-31T23:59:59Z' }, { id: '501', name: 'Домофон', until: '2026-12-20T00:00:00Z' }, { id: '502', until: '2027-01-10T00:00:00Z' }], contacts: { phones: ['+7 (910) 352-33-78'], emails: [] }, address: { text: 'г. Пятигорск, ул. Невская, д.18б кв. 10' }, raw: { balance: 50, password: 'abonent-pass' } }),
    aSubscriber({ id: '102', account: '10002', status: 'blocked_debt', services: [{ id: '501' }], contacts: { phones: ['89103523378', '8 962 438-08-87'], emails: [] }, address: { text: 'г. Пятигорск, ул. Ленина, д.1 кв. 5' }, raw: { balance: -100 } }),
    aSubscriber({ id: '103', account: '10003', services: [{ id: '100' }], contacts: { phones: ['9880553131'], emails: [] }, address: { text: `секрет ${API_KEY}` }, raw: { balance: 700 } }),
  ];
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(): Promise<{ h: Harness; source: MemorySource }> {
  const source = new MemorySource('userside', subscribers());
  h = await startHarness({ source, mappings: { smartyard_billing: MAPPING }, token: TOKEN, secretValues: [API_KEY, TOKEN] });
  await h.bridges.readNow();
  return { h, source };
}

async function ask(h: Harness, question: string, body: object, token = TOKEN): Promise<{ status: number; body: Record<string, unknown>; age: string | null }> {
  const res = await fetch(`${h.url}/bridges/smartyard-billing/${question}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, age: res.headers.get('x-billsync-data-age') };
}

describe('smartyard_billing bridge', () => {
  it('uid_from: the contracts holding a phone, in any written form; unknown or garbage → []', async () => {
    const { h } = await start();
    for (const phone of ['89103523378', '+7 910 352-33-78', '79103523378', '9103523378', 89103523378]) {
      expect((await ask(h, 'uid_from', { phone })).body.uids).toEqual([101, 102]);
    }
    expect((await ask(h, 'uid_from', { phone: '89624380887' })).body.uids).toEqual([102]);
    expect((await ask(h, 'uid_from', { phone: '89000000000' })).body).toMatchObject({ uids: [] });
    const garbage = await ask(h, 'uid_from', { phone: '<script>1</script>' });
    expect([garbage.status, garbage.body.uids]).toEqual([200, []]);
    const missing = await ask(h, 'uid_from', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/needs phone/);
  });

  it('cams_activ and is_activ: service present and paid, present and unpaid, absent, unknown', async () => {
    const { h } = await start();
    expect((await ask(h, 'cams_activ', { uid: 101 })).body).toMatchObject({ cams_open: true, cams_paid: true, known: true });
    expect((await ask(h, 'cams_activ', { uid: '102' })).body).toMatchObject({ cams_open: true, cams_paid: false });
    expect((await ask(h, 'cams_activ', { uid: 103 })).body).toMatchObject({ cams_open: false, cams_paid: false });
    expect((await ask(h, 'cams_activ', { uid: 999 })).body).toMatchObject({ cams_open: false, cams_paid: false, known: false });
    expect((await ask(h, 'is_activ', { uid: 102, device_ids: [3, 7] })).body.devices).toEqual({ '3': 1, '7': 1 });
    expect((await ask(h, 'cams_activ', { uid: 'abc' })).status).toBe(400);
  });

  it('billing_list: the seed\'s row, typed as its comments say', async () => {
    const { h } = await start();
    const rows = (await ask(h, 'billing_list', { phone: '89103523378' })).body.rows as Record<string, unknown>[];
    expect(rows[0]).toEqual({
      login: '10001', address: 'г. Пятигорск, ул. Невская, д.18б кв. 10',
      internet: 500, internetdata: '2026-12-31', tv: 0, tvdata: '', phone: 0, phonedata: '',
      cams: 261, camsdata: '2026-12-20', camsname: 'Умное пространство',
      balans: 50, payment: 711, invoice: true, detail: true, receipt: true,
    });
    expect(rows[1]).toMatchObject({ login: '10002', cams: 150, balans: -100, payment: 250, internet: 0, internetdata: '' });
  });

  it('answers say how old they are; refresh=1 reads the contracts again first', async () => {
    const { h, source } = await start();
    h.advance(120_000);
    source.set(aSubscriber({ ...source.subscribers.get('102')!, status: 'active' }));
    const kept = await ask(h, 'cams_activ', { uid: 102 });
    expect([kept.body.cams_paid, kept.body.age_seconds, kept.age]).toEqual([false, 120, '120']);
    const fresh = await ask(h, 'cams_activ', { uid: 102, refresh: true });
    expect([fresh.body.cams_paid, fresh.body.age_seconds]).toEqual([true, 0]);
    // A phone's answer is as old as its oldest contract.
    expect((await ask(h, 'uid_from', { phone: '89103523378' })).body.age_seconds).toBe(120);
  });

  it('no secret in any answer; wrong token → 401; unknown question → 404 naming the known ones', async () => {
    const { h } = await start();
    const texts = await Promise.all([
      ask(h, 'billing_list', { phone: '89880553131' }), ask(h, 'address_list', { phone: '89103523378' }), ask(h, 'user_phones', { uid: 101 }),
    ]);
    for (const t of texts) {
      expect(JSON.stringify(t.body)).not.toContain(API_KEY);
      expect(JSON.stringify(t.body)).not.toContain('abonent-pass');
    }
    expect((texts[0]!.body.rows as { address: string }[])[0]!.address).toBe('');
    expect((await ask(h, 'uid_from', { phone: '89103523378' }, 'wrong-token')).status).toBe(401);
    const res = await fetch(`${h.url}/bridges/smartyard-billing/uidFrom`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { known: string[] }).known).toContain('/bridges/smartyard-billing/uid_from');
  });

  it.skipIf(!HAS_PYTHON)('smartyard_bill.py (python3, stdlib only) answers the app server from billsync', async () => {
    const { h } = await start();
    const script = [
      'import json, smartyard_bill as b',
      'print(json.dumps({',
      "  'uids': b.uidFrom(89103523378), 'none': b.uidFrom(89000000000),",
      "  'cams': b.camsActiv(101), 'unpaid': b.camsActiv(102), 'isactiv': b.isActiv(102, [3, 7]),",
      "  'rows': b.billingList('89103523378'), 'norows': b.billingList(89000000000),",
      "  'addresses': b.addressList(89880553131), 'phones': b.userPhones(102),",
      '}, ensure_ascii=False))',
    ].join('\n');
    const env = { ...process.env, BILLSYNC_URL: h.url, BILLSYNC_TOKEN: TOKEN, PYTHONPATH: PY_DIR, PYTHONDONTWRITEBYTECODE: '1' };
    const { stdout } = await run('python3', ['-c', script], { env, cwd: PY_DIR });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out.uids).toEqual([101, 102]);
    expect(out.none).toEqual([]);
    expect(out.cams).toEqual({ cams_open: true, cams_paid: true });
    expect(out.unpaid).toEqual({ cams_open: true, cams_paid: false });
    expect(out.isactiv).toEqual({ '3': 1, '7': 1 });
    expect((out.rows as { login: string; cams: number }[]).map((r) => [r.login, r.cams])).toEqual([['10001', 261], ['10002', 150]]);
    expect(out.norows).toEqual([]);
    expect(out.addresses).toEqual([{ uid: 103, login: '10003', address: '', cams_open: false, cams_paid: false }]);
    expect(out.phones).toEqual(['89103523378', '89624380887']);

    // billsync unreachable or refusing: empty answers, the reason on stderr, no exception.
    const down = await run('python3', ['-c', 'import json, smartyard_bill as b; print(json.dumps([b.uidFrom(89103523378), b.camsActiv(101)]))'], { env: { ...env, BILLSYNC_TOKEN: 'wrong' }, cwd: PY_DIR });
    expect(JSON.parse(down.stdout)).toEqual([[], { cams_open: false, cams_paid: false }]);
    expect(down.stderr).toMatch(/HTTP 401/);
  });
});
