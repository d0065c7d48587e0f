/**
 * The usm_billing bridge against the emulated usm_billing importer (src/emulators/
 * userside-usm-client, written from the wiki's contract): UserSide imports billsync's customers
 * and tariffs, a second import changes nothing, a change in the billing imports as exactly that
 * change; errors, auth, point reads and freshness; no secret in any answer.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runUsmImport, UsImportStore, requestUrl } from '../../../src/emulators/userside-usm-client/index.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { startHarness, type Harness } from '../../support/bridge-harness.js';
import { MemorySource } from '../../support/memory-source.js';
import { aSubscriber } from '../../support/subscriber-builder.js';

const MAPPING = readFileSync(new URL('../../../mappings/bridge-usm-billing.yaml', import.meta.url), 'utf8');
const TOKEN = 'usm-key-0123456789abcdef';
const SOURCE_PASSWORD = 'hydra-api-password-s3cret';

function subscribers(): Subscriber[] {
  return [
    aSubscriber({ id: '1', account: '70001', raw: { balance: 150.5, password: 'user-pass-1', comment: 'тихий подъезд', date_connect: '2024-03-01T00:00:00Z' }, address: { houseId: '1001', entrance: '2', floor: '5', flat: '17', text: 'ул. Ленина, д. 1, кв. 17' } }),
    aSubscriber({ id: '2', account: '70002', status: 'blocked_debt', services: [{ id: '100', name: 'Интернет 100' }], raw: { balance: -20, comment: `pw ${SOURCE_PASSWORD}` } }),
    aSubscriber({ id: '3', account: '70003', status: 'blocked_user', services: [{ id: '7', name: 'Кино+' }], contacts: { phones: ['+7 910 000-00-03', '8 (495) 123-45-67', '89160000000'], emails: [] }, raw: {} }),
    aSubscriber({ id: '4', account: '70004', skip: 'state 9 is in no status_map entry', raw: {} }),
  ];
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(source = new MemorySource('hydra', subscribers()), mapping = MAPPING): Promise<{ h: Harness; source: MemorySource; billingUrl: string }> {
  h = await startHarness({ source, mappings: { usm_billing: mapping }, token: TOKEN, secretValues: [SOURCE_PASSWORD, TOKEN] });
  await h.bridges.readNow();
  return { h, source, billingUrl: `${h.url}/bridges/usm-billing/?key=${TOKEN}&cat=module` };
}

describe('usm_billing bridge', () => {
  it('imports into UserSide; a second import changes nothing; a billing change imports as exactly that change', async () => {
    const { h, source, billingUrl } = await start();
    const us = new UsImportStore();
    const first = await runUsmImport(billingUrl, us);
    expect(first.created).toBe(4 + 3); // 4 customers, tariffs 1 and 100 from the mapping, 7 seen in the read
    expect(first.customers).toBe(4);
    const c1 = us.customers.get('1')!;
    expect(c1).toMatchObject({ accountNumber: '70001', agreementNumber: '70001', fullName: 'Иванов Иван Иванович', balance: 150.5, stateId: 2, houseId: '1001', entrance: '2', floor: '5', apartment: '17', tariffs: ['1', '100'], dateConnect: '2024-03-01', comment: 'тихий подъезд' });
    expect(us.customers.get('2')!.stateId).toBe(0);
    expect(us.customers.get('3')).toMatchObject({ stateId: 1, tariffs: ['7'], phones: ['+7 910 000-00-03', '8 (495) 123-45-67'] });
    // The source could not tell customer 4's state: no state is sent, UserSide keeps its own.
    expect(us.customers.get('4')!.stateId).toBeUndefined();
    expect(us.tariffs.get('100')).toMatchObject({ name: 'Интернет 100', payment: 500, paymentInterval: 30, speedUp: 100000 });
    expect(us.tariffs.get('7')).toMatchObject({ name: 'Кино+', payment: 0 });

    const second = await runUsmImport(billingUrl, us);
    expect(second.changes).toEqual([]);
    expect([second.created, second.updated]).toEqual([0, 0]);

    source.set(aSubscriber({ ...source.subscribers.get('2')!, status: 'active' }));
    await h.bridges.readNow();
    const third = await runUsmImport(billingUrl, us);
    expect(third.changes).toEqual(['customer 2: stateId 0 → 2']);
  });

  it('answers one customer, refreshed by a point read on request, and says how old the data is', async () => {
    const { h, source, billingUrl } = await start();
    h.advance(90_000);
    source.set(aSubscriber({ ...source.subscribers.get('1')!, raw: { balance: 999 } }));
    const kept = await fetch(requestUrl(billingUrl, 'get_user_list', { customer_id: '1' }));
    expect(kept.headers.get('x-billsync-data-age')).toBe('90');
    expect(((await kept.json()) as Record<string, { balance: number }>)['1']!.balance).toBe(150.5);
    const fresh = await fetch(requestUrl(billingUrl, 'get_user_list', { customer_id: '1', refresh: '1' }));
    expect(fresh.headers.get('x-billsync-data-age')).toBe('0');
    expect(((await fresh.json()) as Record<string, { balance: number }>)['1']!.balance).toBe(999);
    expect(source.pointReads).toBe(1);
    // The whole list now holds the refreshed customer, and still states the full read's age.
    const all = await fetch(requestUrl(billingUrl, 'get_user_list'));
    expect(all.headers.get('x-billsync-data-age')).toBe('90');
    expect(((await all.json()) as Record<string, { balance: number }>)['1']!.balance).toBe(999);
    // A customer the billing does not know: an empty object, not an error.
    expect(await (await fetch(requestUrl(billingUrl, 'get_user_list', { customer_id: '77' }))).json()).toEqual({});
  });

  it('keeps the last complete read when a later read is not proved complete', async () => {
    const { h, source, billingUrl } = await start();
    source.subscribers.delete('3');
    source.incomplete = 'Count 4 ≠ 3 read';
    await h.bridges.readNow();
    const users = (await (await fetch(requestUrl(billingUrl, 'get_user_list'))).json()) as Record<string, unknown>;
    expect(Object.keys(users).sort()).toEqual(['1', '2', '3', '4']);
    expect(JSON.stringify(h.bridges.status())).toContain('Count 4 ≠ 3 read');
  });

  it('says what is wrong: unknown request, wrong cat, no request, no read yet, wrong key', async () => {
    const { h: hh, billingUrl } = await start();
    const bad = await fetch(requestUrl(billingUrl, 'get_everything'));
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { Result: string; ErrorText: string };
    expect(body.Result).toBe('ERROR');
    expect(body.ErrorText).toMatch(/unknown request 'get_everything'; known: .*get_user_list/);
    expect((await fetch(`${hh.url}/bridges/usm-billing/?key=${TOKEN}&cat=customer&request=get_data`)).status).toBe(400);
    expect(((await (await fetch(`${hh.url}/bridges/usm-billing/?key=${TOKEN}`)).json()) as { ErrorText: string }).ErrorText).toMatch(/no request= parameter/);
    const wrong = await fetch(`${hh.url}/bridges/usm-billing/?key=nope&request=get_user_list`);
    expect(wrong.status).toBe(401);
    expect((await fetch(`${hh.url}/bridges/usm-billing/?request=get_api_information`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);

    await hh.close();
    const fresh = await startHarness({ source: new MemorySource('hydra', subscribers()), mappings: { usm_billing: MAPPING }, token: TOKEN });
    h = fresh;
    const early = await fetch(`${fresh.url}/bridges/usm-billing/?key=${TOKEN}&request=get_user_list`);
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('30');
    expect(((await early.json()) as { ErrorText: string }).ErrorText).toMatch(/no complete read of source hydra yet/);
  });

  it('answers 403 when no token is configured', async () => {
    h = await startHarness({ source: new MemorySource('hydra', subscribers()), mappings: { usm_billing: MAPPING } });
    const res = await fetch(`${h.url}/bridges/usm-billing/?request=get_api_information`);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/no token is configured/);
  });

  it('never answers a secret: not a raw password, not a configuration secret in any field', async () => {
    const { billingUrl } = await start();
    const requests = ['get_api_information', 'get_system_information', 'get_user_state_list', 'get_tariff_list', 'get_services_list', 'get_user_list'];
    const texts = await Promise.all(requests.map(async (r) => (await fetch(requestUrl(billingUrl, r))).text()));
    for (const t of texts) {
      expect(t).not.toContain('user-pass-1');
      expect(t).not.toContain(SOURCE_PASSWORD);
      expect(t).not.toContain(TOKEN);
    }
    // Customer 2's comment held the source's API password: the comment is left out.
    const users = JSON.parse(texts[5]!) as Record<string, { comment?: string; password?: string }>;
    expect(users['2']!.comment).toBeUndefined();
    expect(users['1']!.password).toBeUndefined();
  });

  it('sends the password only in the contract\'s password field, when the mapping names it', async () => {
    const withPassword = MAPPING.replace('customer:\n', "customer:\n  password: '{{ raw.password }}'\n");
    const { billingUrl } = await start(undefined, withPassword);
    const us = new UsImportStore();
    await runUsmImport(billingUrl, us);
    expect(us.customers.get('1')!.password).toBe('user-pass-1');
    expect(us.customers.get('1')!.comment).toBe('тихий подъезд');
  });

  it('refuses a mapping that puts a secret in another field, naming file:line', async () => {
    const leaky = MAPPING.replace("comment: '{{ raw.comment }}'", "comment: '{{ raw.password }}'");
    const err = await startHarness({ source: new MemorySource('hydra', []), mappings: { usm_billing: leaky }, token: TOKEN }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigErrors);
    const e = (err as ConfigErrors).errors[0]!;
    expect(e.message).toMatch(/'comment' reads 'raw.password', which looks like a secret/);
    expect(e.position?.line).toBeGreaterThan(1);
    expect(e.fix).toMatch(/only password may read a secret/);
  });

  it('refuses unknown fields and states, with suggestions', async () => {
    const typo = MAPPING.replace('  full_name:', '  fullname:').replace('  blocked_user: 1', '  blocked_usr: 1');
    const err = (await startHarness({ source: new MemorySource('hydra', []), mappings: { usm_billing: typo }, token: TOKEN }).catch((e: unknown) => e)) as ConfigErrors;
    expect(err.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/'fullname' is not a universal API customer field.*full_name/),
      expect.stringMatching(/'blocked_usr' is not a subscriber status.*blocked_user/),
    ]);
  });
});
