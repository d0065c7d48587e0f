/**
 * Decoding of what `devices` and `payments_days` read from LANBilling, from wire text as the
 * WSDL types shape it: `soapVgroupFull.macstaff[]` (`soapMacStaff`) and `getPayments` →
 * `soapPaymentFull{pay: soapPayment, …}`, in the spellings public clients show.
 */
import { describe, expect, it, vi } from 'vitest';
import { decodePayment, decodeVgroupFull } from '../../../src/sources/lanbilling/decode.js';
import { entryMacs } from '../../../src/sources/lanbilling/devices.js';
import { agreementPayments } from '../../../src/sources/lanbilling/payments.js';
import { parseSoapAnswer, retList, type XmlNode } from '../../../src/sources/lanbilling/soap.js';
import type { LbPayment } from '../../../src/sources/lanbilling/types.js';

const ENV = (op: string, inner: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:api3"><SOAP-ENV:Body><ns1:${op}Response>${inner}</ns1:${op}Response></SOAP-ENV:Body></SOAP-ENV:Envelope>`;

function rets(op: string, inner: string): XmlNode[] {
  const a = parseSoapAnswer(ENV(op, inner), op);
  if (a.kind !== 'response') throw new Error(`not a response: ${JSON.stringify(a)}`);
  return retList(a.body);
}

const VGROUP = '<vgroup><vgid>10042</vgid><uid>5001</uid><agrmid>70001</agrmid><id>2</id><archive>0</archive><templ>0</templ><login>tv10042</login></vgroup>';
const mac = (recordid: number, value: string): string =>
  `<macstaff><macid>${recordid}</macid><recordid>${recordid}</recordid><vgid>10042</vgid><segment></segment><mac>${value}</mac></macstaff>`;

describe('getVgroup macstaff[] (soapMacStaff)', () => {
  it('reads one element as a list, several in order, and none as empty', () => {
    const [one] = rets('getVgroup', `<ret>${VGROUP}${mac(1, '00:1A:79:12:34:56')}<tarname>ТВ</tarname></ret>`);
    expect(decodeVgroupFull(one!)?.macs).toEqual(['00:1A:79:12:34:56']);
    const [two] = rets('getVgroup', `<ret>${VGROUP}${mac(1, '00-1a-79-00-00-01')}${mac(2, '001a79000002')}</ret>`);
    expect(decodeVgroupFull(two!)?.macs).toEqual(['00-1a-79-00-00-01', '001a79000002']);
    const [none] = rets('getVgroup', `<ret>${VGROUP}<tarname>ТВ</tarname></ret>`);
    expect(decodeVgroupFull(none!)?.macs).toEqual([]);
  });

  it('normalises MACs to aa:bb:cc:dd:ee:ff, drops empty and placeholder ones, and de-duplicates', () => {
    expect(entryMacs(['00-1A-79-12-34-56', '001a79123456', ' 00:1a:79:12:34:56 ', '', '00:00:00:00:00:00', 'FF-FF-FF-FF-FF-FF', '001a.7900.00ff'])).toEqual([
      '00:1a:79:00:00:ff',
      '00:1a:79:12:34:56',
    ]);
  });
});

const pay = (fields: string, full = ''): string => `<ret><pay>${fields}</pay><bsodoc>0</bsodoc>${full}<uid>5001</uid><agrm>170001</agrm></ret>`;

describe('getPayments (soapPaymentFull)', () => {
  it('takes pay.recordid as the id and reads xsd:double amounts in their spellings', () => {
    const rows = rets(
      'getPayments',
      [
        pay('<recordid>801</recordid><agrmid>70001</agrmid><status>0</status><amount>500</amount><paydate>2025-02-20 12:00:00</paydate><canceldate></canceldate><comment>Сбербанк</comment>', '<amountcurr>500</amountcurr>'),
        pay('<recordid>802</recordid><agrmid>70001</agrmid><amount>5.0E2</amount><paydate>2025-02-21 12:00:00</paydate>'),
        pay('<recordid>803</recordid><agrmid>70001</agrmid><amount>-120.5</amount><paydate>2025-02-22 12:00:00</paydate>'),
      ].join(''),
    ).map(decodePayment);
    expect(rows.map((p) => [p?.recordid, p?.amount, p?.status, p?.revno])).toEqual([[801, 500, 0, 0], [802, 500, null, 0], [803, -120.5, null, 0]]);
    expect(rows[0]?.comment).toBe('Сбербанк');
  });

  it('refuses a payment without a record id or with amount text that is not a number', () => {
    const [noId, badAmount] = rets('getPayments', pay('<agrmid>70001</agrmid><amount>1</amount>') + pay('<recordid>9</recordid><agrmid>70001</agrmid><amount>много</amount>'));
    expect(decodePayment(noId!)).toBeNull();
    expect(decodePayment(badAmount!)?.amount).toBeNull();
  });
});

const NOW = new Date('2025-03-01T09:00:00Z');
const MSK = 180;

function p(over: Partial<LbPayment>): LbPayment {
  return { recordid: 1, agrmid: 70_001, amount: 100, paydate: '2025-02-25 10:00:00', canceldate: '', status: 0, revno: 0, comment: '', ...over };
}

describe('agreementPayments', () => {
  it('sends accepted payments of the window, oldest first, with ISO dates from server time', () => {
    const out = agreementPayments([p({ recordid: 2, paydate: '2025-02-26 10:00:00', amount: 500 }), p({ recordid: 1, status: 1, comment: 'Касса' })], { now: NOW, days: 30, utcOffsetMinutes: MSK });
    expect(out).toEqual([
      { id: '1', amount: '100.00', date: '2025-02-25T07:00:00.000Z', comment: 'Касса' },
      { id: '2', amount: '500.00', date: '2025-02-26T07:00:00.000Z' },
    ]);
  });

  it('leaves out annulled (status 2 or a cancel date) and superseded versions (status 3, revno ≠ 0) without complaint', () => {
    const onDoubtful = vi.fn();
    const rows = [
      p({ recordid: 1, status: 2, canceldate: '2025-02-27 00:00:00' }),
      p({ recordid: 2, status: 0, canceldate: '2025-02-27 00:00:00' }),
      p({ recordid: 3, status: 2 }),
      p({ recordid: 4, status: 3, revno: 1, amount: 90 }),
      p({ recordid: 4, status: 0, revno: 0, amount: 95 }),
      p({ recordid: 5, canceldate: '0000-00-00 00:00:00' }),
    ];
    const out = agreementPayments(rows, { now: NOW, days: 30, utcOffsetMinutes: MSK, onDoubtful });
    expect(out.map((x) => [x.id, x.amount])).toEqual([['4', '95.00'], ['5', '100.00']]);
    expect(onDoubtful).not.toHaveBeenCalled();
  });

  it('holds back payments it cannot be sure of, and says why', () => {
    const onDoubtful = vi.fn();
    const rows = [p({ recordid: 1, status: 7 }), p({ recordid: 2, status: null }), p({ recordid: 3, amount: null }), p({ recordid: 4, paydate: '' })];
    expect(agreementPayments(rows, { now: NOW, days: 30, utcOffsetMinutes: MSK, onDoubtful })).toEqual([]);
    expect(onDoubtful.mock.calls.map((c) => c[0])).toEqual([1, 2, 3, 4]);
  });

  it('applies the window itself (the server may not)', () => {
    const rows = [p({ recordid: 1, paydate: '2025-01-01 10:00:00' }), p({ recordid: 2, paydate: '2025-03-02 10:00:00' }), p({ recordid: 3, paydate: '2025-02-20 00:00:00' })];
    expect(agreementPayments(rows, { now: NOW, days: 30, utcOffsetMinutes: MSK }).map((x) => x.id)).toEqual(['3']);
  });
});
