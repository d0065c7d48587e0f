import { describe, expect, it, vi } from 'vitest';
import { parseLbDate } from '../../../src/sources/lanbilling/dates.js';
import { parseUtcOffset } from '../../../src/util/utc-offset.js';
import { boolOf, decodeAccount, decodeUsboxService, decodeVgroup, decodeVgroupFull } from '../../../src/sources/lanbilling/decode.js';
import {
  isLiveVgroup, isRunningService, nameOf, normaliseVgroup, serviceId, type NormaliseContext,
} from '../../../src/sources/lanbilling/normalise.js';
import { parseLanbillingOptions } from '../../../src/sources/lanbilling/options.js';
import { buildSoapRequest, parseSoapAnswer, retList } from '../../../src/sources/lanbilling/soap.js';
import { statusOfBlocked } from '../../../src/sources/lanbilling/status.js';
import type { LbAccount, LbCatalogService, LbUsboxService, LbVgroup } from '../../../src/sources/lanbilling/types.js';

// 15:00 in Moscow (+03:00).
const NOW = new Date('2024-06-01T12:00:00Z');
const MSK = 180;
const CATALOG = new Map<number, LbCatalogService>([
  [201, { id: 201, catid: 2, descr: 'Смотрёшка Базовый', uuid: 'sm-base' }],
  [301, { id: 301, catid: 3, descr: 'Аренда приставки', uuid: '' }],
]);

function ctx(over: Partial<NormaliseContext> = {}): NormaliseContext {
  return { source: 'lb', now: NOW, utcOffsetMinutes: MSK, catalogService: (id) => CATALOG.get(id), ...over };
}

const VGROUP: LbVgroup = {
  vgid: 10_042, uid: 5001, agrmid: 70_001, agrmnum: '170001', username: 'Иванов Иван Иванович', login: 'tv10042',
  agentId: 2, tarid: 10, tarifdescr: 'ТВ Смотрёшка', blocked: 0, template: false, archive: false, addresses: [],
};

const ACCOUNT: LbAccount = {
  uid: 5001, login: 'user5001', name: 'Петрова  Анна Сергеевна', type: 2, surname: 'Петрова', firstname: 'Анна',
  patronymic: 'Сергеевна', email: 'anna@example.ru', emailConfirmed: false, mobile: '+79001234567', mobileConfirmed: true,
  phone: '+79001234567', addresses: ['г. Казань, ул. Ленина, д. 1, кв. 5'], agreements: [{ agrmid: 70_001, vgroups: 1 }],
};

function svc(over: Partial<LbUsboxService> = {}): LbUsboxService {
  return {
    servid: 1, vgid: 10_042, tarid: 10, catidx: 0, servicecatid: 201, state: 3, timefrom: '2024-01-01 00:00:00',
    timeto: '9999-12-31 23:59:59', created: '', uuid: 'sm-base', catdescr: 'Смотрёшка Базовый', common: 1, ...over,
  };
}

describe('statusOfBlocked', () => {
  it('maps every documented code and blocks on unknown ones, telling the caller', () => {
    const table = [[0, 'active'], [1, 'blocked_debt'], [4, 'blocked_debt'], [2, 'blocked_user'], [3, 'blocked_manager'], [5, 'blocked_traffic'], [10, 'off']] as const;
    for (const [code, status] of table) expect(statusOfBlocked(code)).toBe(status);
    const onUnknown = vi.fn();
    expect(statusOfBlocked(7, onUnknown)).toBe('blocked_manager');
    expect(statusOfBlocked(null, onUnknown)).toBe('blocked_manager');
    expect(onUnknown.mock.calls).toEqual([[7], [null]]);
  });
});

describe('dates', () => {
  it('reads server-local dates with the configured offset, the open end and unset values', () => {
    expect(parseLbDate('2024-06-01 15:00:00', MSK)).toBe(NOW.getTime());
    expect(parseLbDate('2024-06-01 15:00:00', 0)).toBe(NOW.getTime() + 3 * 3_600_000);
    expect(parseLbDate('2024-06-01', MSK)).toBe(Date.parse('2024-05-31T21:00:00Z'));
    expect(parseLbDate('9999-12-31 23:59:59', MSK)).toBe('open');
    for (const unset of ['', '0000-00-00 00:00:00', 'завтра']) expect(parseLbDate(unset, MSK)).toBe('unset');
    expect([parseUtcOffset('+03:00'), parseUtcOffset('-05:30'), parseUtcOffset('Z'), parseUtcOffset('3')]).toEqual([180, -330, 0, null]);
  });
});

describe('isRunningService', () => {
  const running = (over: Partial<LbUsboxService>, onUnknown?: (s: number | null) => void): boolean =>
    isRunningService(svc(over), NOW.getTime(), { utcOffsetMinutes: MSK, onUnknownServiceState: onUnknown });

  it('keeps open, ending-later and unset-end services that have started and run', () => {
    expect(running({})).toBe(true);
    expect(running({ timeto: '2024-06-01 15:00:01' })).toBe(true);
    expect(running({ timeto: '' })).toBe(true);
    expect(running({ timeto: '0000-00-00 00:00:00', timefrom: '' })).toBe(true);
    expect(running({ timefrom: '2024-06-01 15:00:00' })).toBe(true);
  });

  it('drops services that have not started, have ended, or are planned or off', () => {
    expect(running({ timefrom: '2024-06-01 15:00:01' })).toBe(false);
    expect(running({ timeto: '2024-06-01 15:00:00' })).toBe(false);
    expect(running({ timeto: '2024-05-01 00:00:00' })).toBe(false);
    expect(running({ state: 0 })).toBe(false);
    expect(running({ state: 2 })).toBe(false);
  });

  it('keeps a service in an unknown state and says so', () => {
    const onUnknown = vi.fn();
    expect(running({ state: 1 }, onUnknown)).toBe(true);
    expect(running({ state: null }, onUnknown)).toBe(true);
    expect(onUnknown.mock.calls).toEqual([[1], [null]]);
  });
});

describe('serviceId', () => {
  const lookup = (id: number): LbCatalogService | undefined => CATALOG.get(id);
  it('prefers the service uuid, then the catalog uuid, then lb: + the catalog id, then lb: + tariff and category', () => {
    expect(serviceId(svc({ uuid: 'own' }), lookup)).toBe('own');
    expect(serviceId(svc({ uuid: '' }), lookup)).toBe('sm-base');
    expect(serviceId(svc({ uuid: '', servicecatid: 301 }), lookup)).toBe('lb:301');
    expect(serviceId(svc({ uuid: '', servicecatid: 999 }), lookup)).toBe('lb:999');
    expect(serviceId(svc({ uuid: '', servicecatid: 0, tarid: 20, catidx: 4 }), lookup)).toBe('lb:20:4');
  });
});

describe('normaliseVgroup', () => {
  it('makes one subscriber per entry from the entry, its user and its running services', () => {
    const services = [
      svc({ servid: 1 }),
      svc({ servid: 2, uuid: '', timefrom: '2023-01-01 00:00:00' }), // same package, earlier start: one service
      svc({ servid: 3, uuid: '', servicecatid: 301, catdescr: '', timeto: '2024-07-01 00:00:00' }),
      svc({ servid: 4, uuid: 'sm-kino', catdescr: 'Кино', timeto: '2024-05-01 00:00:00' }), // ended
      svc({ servid: 5, uuid: 'sm-sport', catdescr: 'Спорт', timefrom: '2024-07-01 00:00:00' }), // not started
    ];
    const s = normaliseVgroup({ vgroup: VGROUP, account: ACCOUNT, services }, ctx());
    expect(s).toEqual({
      source: 'lb',
      id: '10042',
      account: '170001',
      name: { full: 'Петрова Анна Сергеевна', last: 'Петрова', first: 'Анна', middle: 'Сергеевна' },
      status: 'active',
      services: [
        { id: 'lb:301', name: 'Аренда приставки', since: '2023-12-31T21:00:00.000Z', until: '2024-06-30T21:00:00.000Z' },
        { id: 'sm-base', name: 'Смотрёшка Базовый', since: '2022-12-31T21:00:00.000Z', until: null },
      ],
      contacts: { phones: ['+79001234567'], emails: ['anna@example.ru'] },
      address: { text: 'г. Казань, ул. Ленина, д. 1, кв. 5' },
      raw: expect.objectContaining({
        vgid: 10_042, login: 'tv10042', agrm_num: '170001', uid: 5001, email_confirmed: false, blocked: 0, agent_id: 2,
      }) as unknown,
    });
    expect((s.raw.services as { servid: number; uuid: string | null }[]).map((x) => [x.servid, x.uuid])).toEqual([[3, null], [2, 'sm-base']]);
  });

  it('keeps an entry without a login or user, and prefers the entry address', () => {
    const v = { ...VGROUP, login: '', agrmnum: '', blocked: 10, addresses: ['г. Тверь, ул. Мира, д. 2'] };
    const s = normaliseVgroup({ vgroup: v, account: null, services: [] }, ctx());
    expect(s.raw.login).toBeNull();
    expect(s.account).toBeNull();
    expect(s.status).toBe('off');
    expect(s.name).toEqual({ full: 'Иванов Иван Иванович', last: 'Иванов', first: 'Иван', middle: 'Иванович' });
    expect(s.contacts).toEqual({ phones: [], emails: [] });
    expect(s.address).toEqual({ text: 'г. Тверь, ул. Мира, д. 2' });
    expect(s.raw.email_confirmed).toBe(false);
  });

  it('gives legal entities only a full name', () => {
    expect(nameOf(VGROUP, { ...ACCOUNT, type: 1, name: 'ООО «Ромашка»', surname: '', firstname: '', patronymic: '' })).toEqual({ full: 'ООО «Ромашка»' });
  });

  it('skips templates and archived entries, not entries whose archive flag is unknown', () => {
    expect(isLiveVgroup(VGROUP)).toBe(true);
    expect(isLiveVgroup({ ...VGROUP, archive: null })).toBe(true);
    expect(isLiveVgroup({ ...VGROUP, archive: true })).toBe(false);
    expect(isLiveVgroup({ ...VGROUP, template: true })).toBe(false);
  });
});

describe('SOAP answers and decoding', () => {
  it('decodes a gSOAP list answer with escapes, one-element lists and nested addresses', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:api3"><SOAP-ENV:Body>
<ns1:getVgroupsResponse><ret><vgid>7</vgid><uid>3</uid><agrmnum>Д-1 &amp; 2</agrmnum><login>&#1090;v7</login><id>2</id>
<blocked>4</blocked><templ>0</templ><address><type>1</type><address>почтовый</address></address>
<address><type>0</type><code>1,2</code><address>г. Казань</address></address></ret></ns1:getVgroupsResponse>
</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
    const answer = parseSoapAnswer(xml, 'getVgroups');
    if (answer.kind !== 'response') throw new Error(answer.kind);
    const [v] = retList(answer.body).map(decodeVgroup);
    expect(v).toMatchObject({ vgid: 7, uid: 3, agrmnum: 'Д-1 & 2', login: 'тv7', agentId: 2, blocked: 4, template: false, archive: null });
    expect(v?.addresses).toEqual(['г. Казань', 'почтовый']);
  });

  it('reads faults and empty list answers, and refuses DTDs', () => {
    const env = (body: string): string => `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>${body}</S:Body></S:Envelope>`;
    expect(parseSoapAnswer(env('<S:Fault><faultcode>S:Client</faultcode><faultstring>error_auth</faultstring><detail>Client not authorized</detail></S:Fault>'), 'getAccount'))
      .toEqual({ kind: 'fault', fault: { faultcode: 'S:Client', faultstring: 'error_auth', detail: 'Client not authorized' } });
    const empty = parseSoapAnswer(env('<ns1:getUsboxServicesResponse xmlns:ns1="urn:api3"/>'), 'getUsboxServices');
    expect(empty.kind === 'response' && retList(empty.body)).toEqual([]);
    expect(parseSoapAnswer('<html>502 Bad Gateway</html>', 'getVgroups').kind).toBe('unexpected');
    expect(parseSoapAnswer(`<!DOCTYPE x [<!ENTITY e "e">]>${env('')}`, 'getVgroups').kind).toBe('unexpected');
  });

  it('decodes accounts and services, and rejects records without their key', () => {
    const account = decodeAccount({ account: { uid: '9', name: ' A  B ', emailisconfirmed: '1', type: '2' }, addresses: [{ type: '0', address: 'x' }] });
    expect(account).toMatchObject({ uid: 9, name: 'A B', emailConfirmed: true, type: 2, addresses: ['x'] });
    expect(decodeAccount({ account: { name: 'no uid' } })).toBeNull();
    expect(decodeUsboxService({ service: { vgid: '1', state: '3', timeto: '9999-12-31 23:59:59' }, servicecatid: '201', uuid: 'u' }))
      .toMatchObject({ vgid: 1, state: 3, servicecatid: 201, uuid: 'u', timefrom: '' });
    expect(decodeUsboxService({ service: { state: '3' } })).toBeNull();
  });

  it('reads xsd:boolean flags as gSOAP writes them (true/false) and as digits', () => {
    const confirmed = (v: string) => decodeAccount({ account: { uid: '9', emailisconfirmed: v, mobileisconfirmed: v } });
    for (const yes of ['true', 'TRUE', '1', ' true ']) expect(confirmed(yes)).toMatchObject({ emailConfirmed: true, mobileConfirmed: true });
    for (const no of ['false', '0', '', 'yes', '2']) expect(confirmed(no)).toMatchObject({ emailConfirmed: false, mobileConfirmed: false });
    expect([boolOf({ a: 'true' }, 'a'), boolOf({ a: '0' }, 'a'), boolOf({}, 'a'), boolOf({ a: 'да' }, 'a')]).toEqual([true, false, null, null]);
  });

  it('decodes a getVgroup answer (soapVgroupFull) with its archive flag, and a brief without one', () => {
    const full = decodeVgroupFull({
      vgroup: { vgid: '7', id: '2', uid: '3', agrmid: '4', tarid: '10', blocked: '0', templ: '0', archive: '1', login: 'tv7' },
      agrmnum: 'Д-1', username: 'Иванов И.', tarname: 'ТВ', addresses: [{ type: '0', address: 'г. Казань' }],
    });
    expect(full).toEqual({
      vgid: 7, uid: 3, agrmid: 4, agrmnum: 'Д-1', username: 'Иванов И.', login: 'tv7', agentId: 2, tarid: 10, tarifdescr: 'ТВ',
      blocked: 0, template: false, archive: true, addresses: ['г. Казань'], macs: [],
    });
    expect(decodeVgroupFull({ vgroup: { vgid: '7' } })?.archive).toBeNull();
    expect(decodeVgroupFull({ agrmnum: 'x' })).toBeNull();
    expect(decodeVgroup({ vgid: '7' })?.archive).toBeNull();
  });

  it('escapes values it puts in a request', () => {
    const xml = buildSoapRequest('Login', { login: 'a<b', pass: 'p&"\'' });
    expect(xml).toContain('<login>a&lt;b</login>');
    expect(xml).not.toContain('p&"');
    expect(xml).toContain('<ns1:Login>');
    expect(xml).toContain('xmlns:ns1="urn:api3"');
  });
});

describe('parseLanbillingOptions', () => {
  const base = { url: 'http://lb.example:34012', login: 'm', password: 'p' };
  it('requires agents and fills defaults', () => {
    expect(() => parseLanbillingOptions('lb', base)).toThrow(/agents is required/);
    expect(() => parseLanbillingOptions('lb', { ...base, agents: [0] })).toThrow(/not an agent id/);
    const opts = parseLanbillingOptions('lb', { ...base, agents: [2, 3, 2], per_page: 10_000 });
    expect(opts).toMatchObject({ origin: 'http://lb.example:34012', path: '/', agents: [2, 3], perPage: 10_000, utcOffsetMinutes: 180 });
    // What sync.yaml's schema refuses, the parser refuses too (it is checked against the same fragment).
    expect(() => parseLanbillingOptions('lb', { ...base, agents: [2, '3'] })).toThrow(/agent id/);
    expect(() => parseLanbillingOptions('lb', { ...base, agents: [2], per_page: 50_000 })).toThrow(/per_page must be <= 10000/);
    expect(() => parseLanbillingOptions('lb', { ...base, agents: [1], utc_offset: 'MSK' })).toThrow(/utc_offset/);
  });
});
