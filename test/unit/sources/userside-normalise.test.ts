import { describe, expect, it } from 'vitest';
import { compileMapping } from '../../../src/mapping/compile.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import {
  SKIPPED_STATUS, buildStatusMap, decodeCustomer, normaliseCustomer, resolveState, type NormaliseContext, type UsCustomer,
} from '../../../src/sources/userside/index.js';
import { aSubscriber } from '../../support/subscriber-builder.js';
import { fakeYaml } from '../mapping/fake-yaml.js';
import { smartySpec } from '../mapping/smarty-spec.js';

const STATES = new Map([
  [1, { id: 1, name: 'Активен', functional: 'work' }],
  [3, { id: 3, name: 'Отключен за неуплату', functional: 'stop' }],
  [7, { id: 7, name: 'Ремонт &quot;линии&quot;', functional: '' }],
]);
const TARIFFS = new Map([
  [2, { id: 2, name: 'Интернет 300 Мбит/с' }],
  [5, { id: 5, name: 'Интернет &quot;Семейный&quot;' }],
  [501, { id: 501, name: 'Домофон' }],
  [502, { id: 502, name: 'Видеонаблюдение' }],
]);

function context(over: Partial<NormaliseContext> = {}): NormaliseContext {
  return {
    source: 'us',
    statusMap: buildStatusMap({ 1: 'active', 3: 'blocked_debt' }, 'sources.us.status_map'),
    states: STATES,
    tariffs: TARIFFS,
    utcOffsetMinutes: 180,
    statusMapPath: 'sources.us.status_map',
    ...over,
  };
}

function customer(over: Record<string, unknown> = {}): UsCustomer {
  return decodeCustomer({
    id: 42, login: 'us42', full_name: 'Иванов  Иван Иванович', flag_corporate: 0, state_id: 1,
    agreement: [{ number: '100042', date: '14.05.2021' }], account_number: '00000042', balance: 10, credit: 0,
    tariff: { current: { 501: { id: 501, date_start: '2021-05-14', date_finish: '0000-00-00' }, 2: { id: 2, date_start: '2021-05-14', date_finish: '2025-06-30' } }, new: [] },
    phone: [{ number: '+79990000001', flag_main: 0 }, { number: '+79990000002', flag_main: 1 }, { number: '+79990000002', flag_main: 0 }],
    email: [{ address: 'a@example.com', flag_main: 1 }],
    address: [{ type: 'connect', house_id: 1001, entrance: 2, floor: 3, apartment: { number: '27', full_name: 'г. Казань, ул. Ленина, д. 1, кв. 27' } }],
    ip_mac: { 167772161: { ip: 167772161, mac: '001122aabbcc' } },
    date_create: '2021-05-14 10:00:00', date_connect: '2021-05-15', group: [],
    ...over,
  })!;
}

describe('normaliseCustomer', () => {
  it('makes the canonical subscriber', () => {
    expect(normaliseCustomer(customer(), context())).toEqual({
      source: 'us',
      id: '42',
      account: '100042',
      name: { full: 'Иванов Иван Иванович', last: 'Иванов', first: 'Иван', middle: 'Иванович' },
      status: 'active',
      services: [
        { id: '2', name: 'Интернет 300 Мбит/с', since: '2021-05-13T21:00:00.000Z', until: '2025-06-29T21:00:00.000Z' },
        { id: '501', name: 'Домофон', since: '2021-05-13T21:00:00.000Z', until: null },
      ],
      contacts: { phones: ['+79990000002', '+79990000001'], emails: ['a@example.com'] },
      address: { text: 'г. Казань, ул. Ленина, д. 1, кв. 27', houseId: '1001', entrance: '2', floor: '3', flat: '27' },
      raw: {
        login: 'us42', account_number: '00000042', agreement_number: '100042', agreement_date: '2021-05-14',
        state_id: 1, state_name: 'Активен', flag_corporate: false, is_disable: false, balance: 10, credit: 0,
        ip: '10.0.0.1', ips: ['10.0.0.1'], mac: '00:11:22:aa:bb:cc', macs: ['00:11:22:aa:bb:cc'],
        date_create: '2021-05-14T07:00:00.000Z', date_connect: '2021-05-15', groups: [], next_tariffs: [], comment: null,
      },
    });
  });

  it('decodes HTML entities in names and keeps companies whole', () => {
    const company = normaliseCustomer(customer({ full_name: 'ООО &quot;Рога &amp; Копыта&quot;', flag_corporate: 1 }), context());
    expect(company.name).toEqual({ full: 'ООО "Рога & Копыта"' });
    const person = normaliseCustomer(customer({ full_name: 'Д&#039;Артаньян Шарль' }), context());
    expect(person.name).toEqual({ full: "Д'Артаньян Шарль", last: "Д'Артаньян", first: 'Шарль' });
    const tariff = normaliseCustomer(customer({ tariff: { current: [{ id: 5 }] } }), context());
    expect(tariff.services).toEqual([{ id: '5', name: 'Интернет "Семейный"', until: null }]);
  });

  it('falls back to the account number without an agreement, and to null without either', () => {
    expect(normaliseCustomer(customer({ agreement: [] }), context()).account).toBe('00000042');
    expect(normaliseCustomer(customer({ agreement: [{ number: '', date: '' }], account_number: '' }), context()).account).toBeNull();
  });

  it('reads tariff.current as active whatever its dates, and not tariff.new', () => {
    const s = normaliseCustomer(customer({ tariff: { current: [{ id: 2, date_finish: '2001-01-01' }, { id: 2 }], new: [{ id: 501, date_start: '2030-01-01' }] } }), context());
    expect(s.services.map((x) => x.id)).toEqual(['2']);
    expect(s.raw.next_tariffs).toEqual([{ id: '501', date_start: '2030-01-01' }]);
  });

  it('keeps a tariff the catalogue lacks, without a name, and says so', () => {
    const unknown: number[] = [];
    const s = normaliseCustomer(customer({ tariff: { current: [{ id: 999 }] } }), context({ onUnknownTariff: (id) => unknown.push(id) }));
    expect(s.services).toEqual([{ id: '999', until: null }]);
    expect(unknown).toEqual([999]);
  });

  it('has no address without one, and prefers the connection address', () => {
    expect(normaliseCustomer(customer({ address: [] }), context()).address).toBeNull();
    const two = customer({
      address: [
        { type: 'post', house_id: 9, apartment: { number: '1' } },
        { type: 'connect', house_id: 1002, entrance: 0, floor: '', apartment: '5' },
      ],
    });
    expect(normaliseCustomer(two, context()).address).toEqual({ houseId: '1002', flat: '5' });
  });

  it('fills devices from ip_mac only when asked: MACs as aa:bb:cc:dd:ee:ff, sorted, once; empty and placeholder MACs left out', () => {
    const ipMac = {
      167772161: { ip: 167772161, mac: '001A79ABCDEF' },
      167772162: { ip: 167772162, mac: '' },
      167772163: { ip: 167772163, mac: '000000000000' },
      167772164: { ip: 167772164, mac: 'ffffffffffff' },
      167772165: { ip: 167772165, mac: '00:11:22:aa:bb:cc' },
      167772166: { ip: 167772166, mac: '001a79abcdef' },
      167772167: { ip: 167772167 },
      167772168: { ip: 167772168, mac: 'not-a-mac' },
    };
    expect(normaliseCustomer(customer({ ip_mac: ipMac }), context({ devices: true })).devices).toEqual(['00:11:22:aa:bb:cc', '00:1a:79:ab:cd:ef']);
    expect(normaliseCustomer(customer({ ip_mac: ipMac }), context()).devices).toBeUndefined();
    // A customer with no usable MAC has an empty list (the mapping then binds nothing), not none.
    expect(normaliseCustomer(customer({ ip_mac: [] }), context({ devices: true })).devices).toEqual([]);
    expect(normaliseCustomer(customer({ ip_mac: { 1: { ip: 1, mac: '000000000000' } } }), context({ devices: true })).devices).toEqual([]);
  });

  it('marks a subscriber in an unmapped or skip-mapped state as skipped, naming the state', () => {
    const skipped: (number | null)[] = [];
    const ctx = context({ statusMap: buildStatusMap({ 1: 'active', 3: 'skip' }, 'x'), onSkippedState: (id) => skipped.push(id) });
    const repair = normaliseCustomer(customer({ state_id: 7 }), ctx);
    expect(repair.skip).toBe('UserSide state 7 (\'Ремонт "линии"\') has no status in sources.us.status_map (add it there)');
    expect(repair.status).toBe(SKIPPED_STATUS);
    expect(normaliseCustomer(customer({ state_id: 3 }), ctx).skip).toMatch(/state 3 \('Отключен за неуплату'\) is mapped to skip/);
    expect(normaliseCustomer(customer({ state_id: 1 }), ctx).skip).toBeUndefined();
    expect(normaliseCustomer(customer({ state_id: null }), ctx).skip).toMatch(/no work state/);
    expect(skipped).toEqual([7, 3, null]);
  });
});

describe('resolveState', () => {
  it('says when UserSide does not list the state at all', () => {
    const r = resolveState(12, new Map(), STATES, 'sources.us.status_map');
    expect(r).toEqual({ status: SKIPPED_STATUS, skip: 'UserSide state 12 (not in module/get_user_state_list) has no status in sources.us.status_map (add it there)' });
    expect(resolveState(3, new Map([[3, 'blocked_debt']]), STATES, 'p')).toEqual({ status: 'blocked_debt' });
  });
});

describe('a skipped subscriber in a mapping', () => {
  it('is skipped with its reason before the filter, so the target keeps what it has', () => {
    const m = compileMapping(fakeYaml(smartySpec(), 'mappings/hydra-smarty.yaml'), SMARTY_KINDS);
    // status off would be out of scope (deleted) if the filter ran first.
    const r = m.map(aSubscriber({ status: 'off', skip: 'UserSide state 7 has no status' }));
    expect(r).toEqual({ kind: 'skipped', reason: 'UserSide state 7 has no status' });
    expect(m.map(aSubscriber({ status: 'off' }))).toEqual({ kind: 'out_of_scope' });
  });
});
