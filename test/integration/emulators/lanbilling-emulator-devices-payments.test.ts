/**
 * The LANBilling emulator's MACs and payments over HTTP: `getVgroup` → `macstaff[]` and
 * `getPayments` → `soapPaymentFull[]` carry only elements of their WSDL types (api3.wsdl, newest
 * public build), filters work as the vendor's clients use them, and the control helpers
 * (bindMac, moveMac, addPayment, cancelPayment) change what the API answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TV, createLanbillingEmulator, type LanbillingEmulator } from '../../../src/emulators/lanbilling/index.js';
import { buildSoapRequest, nodes, parseSoapAnswer, retList, textOf, type XmlArgs, type XmlNode } from '../../../src/sources/lanbilling/soap.js';

const NOW = new Date('2025-03-01T09:00:00Z');

/** Element names of the WSDL types, in the WSDL's order. */
const SOAP_MAC_STAFF = ['macid', 'recordid', 'vgid', 'segment', 'mac'];
const SOAP_PAYMENT = [
  'recordid', 'parentrecordid', 'agrmid', 'modperson', 'currid', 'orderid', 'status', 'classid', 'amount', 'fromagrmid', 'revno', 'revisions',
  'cashcode', 'classname', 'paydate', 'localdate', 'canceldate', 'perioddate', 'receipt', 'comment', 'uuid', 'fromagrmnumber', 'paymentordernumber', 'uprs',
];
const SOAP_PAYMENT_FULL = [
  'pay', 'bsodoc', 'timestamp', 'localtimestamp', 'amountcurr', 'ordernum', 'uid', 'operid', 'cardnumber', 'currsymb', 'uname', 'agrm', 'mgr',
  'mgrdescr', 'mgrlogin', 'opername', 'login', 'iseps',
];

let emu: LanbillingEmulator;
let url: string;
let cookie: string;

async function call(op: string, args: XmlArgs): Promise<{ body?: XmlNode; fault?: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""', cookie }, body: buildSoapRequest(op, args) });
  const a = parseSoapAnswer(await res.text(), op);
  if (a.kind === 'fault') return { fault: a.fault.detail };
  if (a.kind === 'response') return { body: a.body };
  throw new Error(a.reason);
}

/** Keys of an element in document order (fast-xml-parser keeps it). */
const keysOf = (n: XmlNode): string[] => Object.keys(n);
const inOrder = (keys: string[], wsdl: string[]): boolean => keys.every((k, i) => i === 0 || wsdl.indexOf(keys[i - 1]!) < wsdl.indexOf(k));

beforeAll(async () => {
  emu = createLanbillingEmulator({ login: 'op', password: 'secret', vgroups: 60, seed: 3, generate: { now: NOW } });
  url = await emu.start();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: buildSoapRequest('Login', { login: 'op', pass: 'secret' }) });
  cookie = /^(sessnum=[0-9a-f]+);/.exec(res.headers.get('set-cookie') ?? '')![1]!;
});
afterAll(() => emu.stop());

const tvEntries = () => emu.state.all().filter((v) => v.agentId === AGENT_TV && !v.archive && !v.template && v.agrmid > 0);

describe('getVgroup macstaff[]', () => {
  it('lists the bound MACs as soapMacStaff elements (WSDL fields only, in order), and moves one', async () => {
    const [a, b] = tvEntries();
    emu.state.bindMac(a!.vgid, '00-1A-79-12-34-56');
    emu.state.bindMac(a!.vgid, '00:1a:79:ab:cd:ef', 'seg1');
    const ret = retList((await call('getVgroup', { id: a!.vgid })).body!)[0]!;
    const staff = nodes(ret.macstaff);
    expect(staff.map((m) => textOf(m.mac))).toEqual(['00-1A-79-12-34-56', '00:1a:79:ab:cd:ef']);
    for (const m of staff) {
      expect(keysOf(m)).toEqual(SOAP_MAC_STAFF);
      expect(textOf(m.vgid)).toBe(String(a!.vgid));
    }
    // soapVgroupFull: macstaff comes after vgroup and before addresses/tarname.
    const order = keysOf(ret);
    expect(order.indexOf('macstaff')).toBeGreaterThan(order.indexOf('vgroup'));
    expect(order.indexOf('macstaff')).toBeLessThan(order.indexOf('tarname'));

    emu.state.moveMac('001A79123456', b!.vgid);
    const after = retList((await call('getVgroup', { id: a!.vgid })).body!)[0]!;
    expect(nodes(after.macstaff).map((m) => textOf(m.mac))).toEqual(['00:1a:79:ab:cd:ef']);
    const moved = retList((await call('getVgroup', { id: b!.vgid })).body!)[0]!;
    expect(nodes(moved.macstaff).map((m) => [textOf(m.mac), textOf(m.vgid)])).toEqual([['00-1A-79-12-34-56', String(b!.vgid)]]);
  });

  it('has no macstaff element for an entry without MACs', async () => {
    const [, , c] = tvEntries();
    const ret = retList((await call('getVgroup', { id: c!.vgid })).body!)[0]!;
    expect(ret.macstaff).toBeUndefined();
  });
});

describe('getPayments', () => {
  it('answers soapPaymentFull rows with pay{soapPayment} (WSDL fields only, in order), filtered by agrmid and pay date', async () => {
    const a = tvEntries()[0]!;
    const other = tvEntries().find((v) => v.agrmid !== a.agrmid)!;
    const first = emu.state.addPayment(a.agrmid, 500, new Date('2025-02-20T09:00:00Z'), 'Сбербанк');
    const second = emu.state.addPayment(a.agrmid, 250.5, new Date('2025-02-28T09:00:00Z'));
    emu.state.addPayment(other.agrmid, 1, new Date('2025-02-28T09:00:00Z'));
    emu.state.addPayment(a.agrmid, 2, new Date('2025-01-20T09:00:00Z'));
    const rows = retList((await call('getPayments', { flt: { agrmid: a.agrmid, pgnum: 1, pgsize: 100, dtfrom: '2025-02-01 00:00:00', dtto: '2025-03-02 00:00:00' } })).body!);
    expect(rows.map((r) => textOf((r.pay as XmlNode).recordid))).toEqual([String(first), String(second)]);
    for (const r of rows) {
      expect(keysOf(r).every((k) => SOAP_PAYMENT_FULL.includes(k)) && inOrder(keysOf(r), SOAP_PAYMENT_FULL)).toBe(true);
      const p = r.pay as XmlNode;
      expect(keysOf(p).every((k) => SOAP_PAYMENT.includes(k)) && inOrder(keysOf(p), SOAP_PAYMENT)).toBe(true);
      expect(textOf(p.agrmid)).toBe(String(a.agrmid));
    }
    const p0 = rows[0]!.pay as XmlNode;
    // Moscow time, as LBcore writes dates; the amount as an xsd:double.
    expect([textOf(p0.paydate), textOf(p0.amount), textOf(p0.comment), textOf(p0.status), textOf(p0.canceldate)]).toEqual(['2025-02-20 12:00:00', '500', 'Сбербанк', '0', '']);
    expect(textOf((rows[1]!.pay as XmlNode).amount)).toBe('250.5');
  }, 20_000);

  it('takes dates as YYYY-MM-DD, YYYY-MM-DD HH:MM:SS and YYYYMMDDHHMMSS, dtto exclusive, and faults on others', async () => {
    const [, , , d] = tvEntries();
    const id = emu.state.addPayment(d!.agrmid, 100, new Date('2025-02-10T21:00:00Z')); // 2025-02-11 00:00:00 in Moscow
    const got = async (dtfrom: string, dtto: string) =>
      retList((await call('getPayments', { flt: { agrmid: d!.agrmid, dtfrom, dtto } })).body ?? {}).map((r) => Number(textOf((r.pay as XmlNode).recordid)));
    expect(await got('2025-02-11', '2025-02-12')).toEqual([id]);
    expect(await got('20250211000000', '20250211000001')).toEqual([id]);
    expect(await got('2025-02-10 00:00:00', '2025-02-11 00:00:00')).toEqual([]);
    expect((await call('getPayments', { flt: { agrmid: d!.agrmid, dtfrom: '11.02.2025' } })).fault).toBe('Wrong date format');
  });

  it('keeps an annulled payment in the list with status 2 and its cancel date, and takes it off the balance', async () => {
    const [, , , , e] = tvEntries();
    const agreement = emu.state.agreement(e!.agrmid)!;
    const before = agreement.balance;
    const id = emu.state.addPayment(e!.agrmid, 300, new Date('2025-02-25T09:00:00Z'));
    expect(agreement.balance).toBe(before + 300);
    emu.state.cancelPayment(id, new Date('2025-02-26T09:00:00Z'));
    expect(agreement.balance).toBe(before);
    const [row] = retList((await call('getPayments', { flt: { recordid: id } })).body!);
    const p = row!.pay as XmlNode;
    expect([textOf(p.status), textOf(p.canceldate)]).toEqual(['2', '2025-02-26 12:00:00']);
  });
});

describe('getAccount agreements', () => {
  it('counts the entries on each agreement in soapAgreement.vgroups', async () => {
    const v = tvEntries()[0]!;
    const ret = retList((await call('getAccount', { id: v.uid })).body!)[0]!;
    const agreements = nodes(ret.agreements);
    const mine = agreements.find((g) => textOf(g.agrmid) === String(v.agrmid))!;
    expect(Number(textOf(mine.vgroups))).toBe(emu.state.all().filter((x) => x.agrmid === v.agrmid).length);
  });
});
