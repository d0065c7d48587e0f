import { describe, expect, it } from 'vitest';
import {
  customerEntries, decodeCustomer, decodeHtml, decodeState, decodeTariff, entriesOf, intOf, ipOf, isoDate, isoInstant, macOf,
  numOf, parseAnswer, parseUsDate,
} from '../../../src/sources/userside/index.js';

describe('decodeHtml', () => {
  it('decodes the entities htmlspecialchars writes, named and numeric ones', () => {
    expect(decodeHtml('ООО &quot;Ромашка&quot;')).toBe('ООО "Ромашка"');
    expect(decodeHtml('Рога &amp; Копыта')).toBe('Рога & Копыта');
    expect(decodeHtml('Д&#039;Артаньян &lt;VIP&gt;')).toBe("Д'Артаньян <VIP>");
    expect(decodeHtml('&laquo;Вектор&raquo; &#x2116;1 &mdash; &nbsp;')).toBe('«Вектор» №1 — \u00a0');
    expect(decodeHtml('&#1048;ван')).toBe('Иван');
  });

  it('leaves unknown entities, bare ampersands and invalid code points as written', () => {
    expect(decodeHtml('A & B &unknown; &#0; &#xD800;')).toBe('A & B &unknown; &#0; &#xD800;');
    expect(decodeHtml('plain')).toBe('plain');
  });

  it('decodes once, and twice only for text escaped twice', () => {
    expect(decodeHtml('ООО &amp;quot;Ромашка&amp;quot;')).toBe('ООО "Ромашка"');
    expect(decodeHtml('&amp;amp;')).toBe('&');
    expect(decodeHtml('AT&amp;T')).toBe('AT&T');
  });
});

describe('parseUsDate', () => {
  it('reads dd.mm.yyyy, Y-m-d and Y-m-d H:i:s', () => {
    expect(parseUsDate('14.05.2021')).toEqual({ year: 2021, month: 5, day: 14, time: null });
    expect(parseUsDate('2021-05-14')).toEqual({ year: 2021, month: 5, day: 14, time: null });
    expect(parseUsDate('2021-05-14 07:08:09')).toEqual({ year: 2021, month: 5, day: 14, time: { hour: 7, minute: 8, second: 9 } });
    expect(parseUsDate('1.2.2020 10:30')).toEqual({ year: 2020, month: 2, day: 1, time: { hour: 10, minute: 30, second: 0 } });
  });

  it('reads zero, empty and impossible dates as none', () => {
    for (const v of ['0000-00-00', '0000-00-00 00:00:00', '00.00.0000', '', '31.02.2021', '2021-13-01', '2021-01-01 25:00', 'вчера', null, 20210514]) {
      expect(parseUsDate(v)).toBeNull();
    }
  });

  it('gives calendar dates as written and instants through the server offset', () => {
    const d = parseUsDate('01.01.2024')!;
    expect(isoDate(d)).toBe('2024-01-01');
    expect(isoInstant(d, 180)).toBe('2023-12-31T21:00:00.000Z');
    expect(isoInstant(parseUsDate('2024-06-01 12:00:00')!, -150)).toBe('2024-06-01T14:30:00.000Z');
  });
});

describe('scalars and collections', () => {
  it('reads ids and money from numbers or strings', () => {
    expect([intOf(12), intOf('12'), intOf(' 7 '), intOf('1.5'), intOf(1.5), intOf(''), intOf(null)]).toEqual([12, 12, 7, null, null, null, null]);
    expect([numOf('-12.50'), numOf('3,5'), numOf(4), numOf('abc'), numOf(Number.NaN)]).toEqual([-12.5, 3.5, 4, null, null]);
  });

  it('reads id-keyed objects and arrays alike, and [] where an empty object was meant', () => {
    expect(entriesOf({ 5: { id: 5 }, 7: { id: 7 } })).toEqual([['5', { id: 5 }], ['7', { id: 7 }]]);
    expect(entriesOf([{ id: 5 }])).toEqual([[undefined, { id: 5 }]]);
    expect(entriesOf([])).toEqual([]);
    expect(entriesOf(null)).toEqual([]);
    expect(entriesOf('1,2')).toBeNull();
  });

  it('turns IPs in every shape into dotted quads', () => {
    expect(ipOf(167772161)).toBe('10.0.0.1');
    expect(ipOf('167772161')).toBe('10.0.0.1');
    expect(ipOf(3232235777)).toBe('192.168.1.1');
    // ip2long on a 32-bit PHP is signed.
    expect(ipOf(-1062731519)).toBe('192.168.1.1');
    expect(ipOf('192.168.001.010')).toBe('192.168.1.10');
    for (const bad of ['300.1.1.1', 4294967296, 1.5, 'x', '', null]) expect(ipOf(bad)).toBeNull();
  });

  it('normalises MACs with any separators or none', () => {
    for (const v of ['001122AABBCC', '00:11:22:aa:bb:cc', '00-11-22-AA-BB-CC', '0011.22aa.bbcc']) expect(macOf(v)).toBe('00:11:22:aa:bb:cc');
    for (const bad of ['0011', '00112233445g', '', 12]) expect(macOf(bad)).toBeNull();
  });
});

describe('parseAnswer', () => {
  it('reads the envelope whatever the case of its keys', () => {
    expect(parseAnswer('{"Result":"OK","data":[1]}')).toMatchObject({ result: 'ok', data: [1], errorText: '' });
    expect(parseAnswer('{"result":"OK","Data":{"a":1}}')).toMatchObject({ result: 'ok', data: { a: 1 } });
    expect(parseAnswer('{"Result":"ERROR","ErrorText":"Unknown request"}')).toMatchObject({ result: 'error', errorText: 'Unknown request' });
    expect(parseAnswer('{"result":"error","error":"bad"}')).toMatchObject({ result: 'error', errorText: 'bad' });
    expect(parseAnswer('{"Result":"ERROR","Error":{"code":5}}')).toMatchObject({ result: 'error', errorText: '{"code":5}' });
    expect(parseAnswer('{"data":[]}')).toMatchObject({ result: 'absent', data: [] });
  });

  it('returns null for what is not a JSON object', () => {
    for (const body of ['<html>502 Bad Gateway</html>', '', '[1,2]', '"OK"']) expect(parseAnswer(body)).toBeNull();
  });
});

const CARD = {
  id: '42', login: 'us42', full_name: 'ООО &quot;Ромашка&quot;', flag_corporate: '1', is_potential: 0, is_disable: '0',
  agreement: [{ number: '100042', date: '14.05.2021' }], account_number: '00000042', balance: '-12.5', credit: 0, state_id: '3',
  tariff: { current: { 2: { id: 2, date_start: '2021-05-14', date_finish: '0000-00-00' }, 501: { id: '501' } }, new: [{ id: 3, date_start: '2025-04-01' }] },
  phone: [{ number: '+79990000001', flag_main: 0 }, { number: '+79990000002', flag_main: '1' }],
  email: ['a@example.com'],
  address: [{ type: 'connect', house_id: '1001', entrance: 2, floor: 0, apartment: { number: '27', full_name: 'ул. Ленина, д. 1, кв. 27' } }],
  ip_mac: { 167772161: { ip: 167772161, mac: '001122aabbcc' }, 167772162: { mac: '00:11:22:aa:bb:cd' } },
  group: { 4: { id: 4 } },
  date_create: '2021-05-14 10:00:00', date_connect: '0000-00-00', extra_field_from_3_21: { anything: true },
};

describe('decodeCustomer', () => {
  it('decodes a card in the id-keyed, string-typed shape', () => {
    expect(decodeCustomer(CARD)).toEqual({
      id: 42, login: 'us42', fullName: 'ООО &quot;Ромашка&quot;', corporate: true, potential: false, disabled: false,
      agreements: [{ number: '100042', date: { year: 2021, month: 5, day: 14, time: null } }],
      accountNumber: '00000042', balance: -12.5, credit: 0, stateId: 3,
      currentTariffs: [
        { id: 2, start: { year: 2021, month: 5, day: 14, time: null }, finish: null },
        { id: 501, start: null, finish: null },
      ],
      nextTariffs: [{ id: 3, start: { year: 2025, month: 4, day: 1, time: null }, finish: null }],
      phones: [{ value: '+79990000001', main: false }, { value: '+79990000002', main: true }],
      emails: [{ value: 'a@example.com', main: false }],
      addresses: [{ type: 'connect', houseId: 1001, entrance: '2', floor: '', flat: '27', text: 'ул. Ленина, д. 1, кв. 27' }],
      // The second entry has no ip of its own: the key is its inet_aton.
      ipMac: [{ ip: '10.0.0.1', mac: '00:11:22:aa:bb:cc' }, { ip: '10.0.0.2', mac: '00:11:22:aa:bb:cd' }],
      dateCreate: { year: 2021, month: 5, day: 14, time: { hour: 10, minute: 0, second: 0 } },
      dateConnect: null, groups: [4], comment: '',
    });
  });

  it('decodes the same card in the array shape to the same record', () => {
    const arrays = {
      ...CARD,
      id: 42, state_id: 3, balance: -12.5,
      tariff: { current: [{ id: 2, date_start: '2021-05-14', date_finish: '0000-00-00' }, { id: 501 }, { id: '' }], new: [{ id: 3, date_start: '2025-04-01' }] },
      ip_mac: [{ ip: '10.0.0.1', mac: '00-11-22-AA-BB-CC' }, { ip: 167772162, mac: '001122aabbcd' }],
      group: [{ id: 4 }],
    };
    expect(decodeCustomer(arrays)).toEqual(decodeCustomer(CARD));
  });

  it('takes the id from the key a bulk row came under, and refuses a record without one', () => {
    const { id: _id, ...noId } = CARD;
    expect(decodeCustomer(noId, '42')?.id).toBe(42);
    expect(decodeCustomer(noId)).toBeNull();
    expect(decodeCustomer('42')).toBeNull();
  });

  it('reads empty collections sent as [] or missing', () => {
    const bare = decodeCustomer({ id: 1, tariff: [], ip_mac: [], address: [], agreement: [], group: [] })!;
    expect(bare).toMatchObject({ currentTariffs: [], ipMac: [], addresses: [], agreements: [], groups: [], phones: [], stateId: null, fullName: '' });
  });
});

describe('customerEntries', () => {
  it('tells one card from a map of cards and a list of them', () => {
    expect(customerEntries(CARD)).toEqual([[undefined, CARD]]);
    expect(customerEntries({ 42: CARD, 43: { ...CARD, id: 43 } })?.map(([k]) => k)).toEqual(['42', '43']);
    expect(customerEntries([CARD])).toEqual([[undefined, CARD]]);
    expect(customerEntries([])).toEqual([]);
    expect(customerEntries('none')).toBeNull();
  });
});

describe('catalogues', () => {
  it('decodes tariffs and states, keyed or not', () => {
    expect(decodeTariff({ id: '501', name: 'Домофон', amount: '60' })).toEqual({ id: 501, name: 'Домофон' });
    expect(decodeTariff({ name: 'x' }, '7')).toEqual({ id: 7, name: 'x' });
    expect(decodeState({ id: 1, name: 'Активен', functional: 'work' })).toEqual({ id: 1, name: 'Активен', functional: 'work' });
    expect(decodeState({ name: 'без id' })).toBeNull();
  });
});
