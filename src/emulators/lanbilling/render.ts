/**
 * Records → the api3 structures LBcore returns, with the field names of the WSDL types quoted
 * in shared/api/lanbilling.md §3 (flat lowercase: `vgid`, `agrmid`, `emailisconfirmed`). Dates
 * are `YYYY-MM-DD HH:MM:SS` in the billing server's local time (Moscow here), an open end is
 * `9999-12-31 23:59:59` and an unset date is empty.
 */
import type { LbAccountRecord, LbCatalogServiceRecord, LbData, LbPaymentRecord, LbServiceRecord, LbVgroupRecord } from './model.js';
import type { XmlObject } from './soap.js';

/** The emulated server's offset from UTC (Moscow, no DST). */
export const SERVER_UTC_OFFSET_MS = 3 * 3_600_000;
export const OPEN_END = '9999-12-31 23:59:59';

/** Epoch ms → `2025-03-01 12:00:00` in server local time; null → ''. */
export function lbDate(ms: number | null): string {
  if (ms === null) return '';
  return new Date(ms + SERVER_UTC_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A `long`/`short` flag (`templ`, `archive`): 0 or 1. */
const flag = (b: boolean): number => (b ? 1 : 0);

/**
 * An `xsd:boolean` (`emailisconfirmed`, `mobileisconfirmed`): gSOAP writes `true`/`false`, never
 * 1/0, so readers that only understand digits meet the real wording here.
 */
const xsdBoolean = (b: boolean): string => (b ? 'true' : 'false');

/**
 * A `soapVgroupBrief`. Strictly the WSDL's elements: the brief type has no `archive` in any of
 * the three public WSDL builds (only the full `soapVgroup` of `getVgroup` has it), so a reader
 * cannot tell from a `getVgroups` answer whether `flt.archive` was honoured.
 */
export function renderVgroupBrief(v: LbVgroupRecord, data: LbData): XmlObject {
  const account = data.accounts.get(v.uid);
  const agreement = account?.agreements.find((a) => a.agrmid === v.agrmid);
  const agent = data.agents.find((a) => a.id === v.agentId);
  const tariff = data.tariffs.find((t) => t.tarid === v.tarid);
  return {
    vgid: v.vgid,
    uid: v.uid,
    agrmid: v.agrmid,
    agrmnum: agreement?.number ?? '',
    username: account?.name ?? '',
    login: v.login,
    descr: v.descr,
    id: v.agentId,
    agenttype: agent?.type ?? 0,
    agentdescr: agent?.descr ?? '',
    tarid: v.tarid,
    tarifdescr: tariff?.descr ?? '',
    blocked: v.blocked,
    blkreq: 0,
    blockdate: '',
    accondate: lbDate(v.accondate),
    accoffdate: '',
    creationdate: lbDate(v.created),
    changedtariffon: '',
    parentvgid: 0,
    templ: flag(v.template),
    balance: agreement?.balance ?? 0,
    rent: 0,
    // One service address per entry: {type, code, address} [inf: element shape not in the notes].
    address: v.address === '' ? [] : [{ type: 0, code: '', address: v.address }],
  };
}

/**
 * A `soapVgroupFull` (`getVgroup`): the full `soapVgroup` — the only vgroup type with `archive` —
 * plus the names the brief type carries flat (`tarname` for the brief's `tarifdescr`).
 * Elements in the WSDL's sequence order.
 */
export function renderVgroupFull(v: LbVgroupRecord, data: LbData): XmlObject {
  const account = data.accounts.get(v.uid);
  const agreement = account?.agreements.find((a) => a.agrmid === v.agrmid);
  const agent = data.agents.find((a) => a.id === v.agentId);
  const tariff = data.tariffs.find((t) => t.tarid === v.tarid);
  return {
    vgroup: {
      vgid: v.vgid,
      parentvgid: 0,
      tarid: v.tarid,
      agrmid: v.agrmid,
      id: v.agentId,
      uid: v.uid,
      blkreq: 0,
      blocked: v.blocked,
      templ: flag(v.template),
      archive: flag(v.archive),
      creationdate: lbDate(v.created),
      accondate: lbDate(v.accondate),
      accoffdate: '',
      blockdate: '',
      descr: v.descr,
      login: v.login,
    },
    // soapMacStaff: macid, recordid, vgid, segment, mac — every element of the WSDL type, in its order.
    macstaff: (v.macstaff ?? []).map((m) => ({ macid: m.recordid, recordid: m.recordid, vgid: v.vgid, segment: m.segment, mac: m.mac })),
    addresses: v.address === '' ? [] : [{ type: 0, code: '', address: v.address }],
    tarname: tariff?.descr ?? '',
    agentname: agent?.descr ?? '',
    agrmnum: agreement?.number ?? '',
    username: account?.name ?? '',
  };
}

/**
 * A `soapAccountFull`: the user, its agreements and addresses. `entriesOn` counts an agreement's
 * entries for `soapAgreement.vgroups`.
 */
export function renderAccountFull(a: LbAccountRecord, entriesOn: (agrmid: number) => number): XmlObject {
  return {
    account: {
      uid: a.uid,
      login: a.login,
      name: a.name,
      type: a.type,
      category: 0,
      email: a.email,
      emailisconfirmed: xsdBoolean(a.emailConfirmed),
      mobile: a.mobile,
      mobileisconfirmed: xsdBoolean(a.mobileConfirmed),
      phone: a.phone,
      descr: '',
      uuid: '',
      archive: flag(a.archive),
      abonentsurname: a.surname,
      abonentname: a.firstname,
      abonentpatronymic: a.patronymic,
      inn: '',
    },
    agreements: a.agreements.map((g) => ({
      agrmid: g.agrmid,
      uid: a.uid,
      operid: 1,
      number: g.number,
      date: lbDate(g.date).slice(0, 10),
      closedon: '',
      archive: 0,
      // Entries (vgroups) on the agreement [inf: the WSDL names the element, not what it counts;
      // here every entry of every agent, archived ones included].
      vgroups: entriesOn(g.agrmid),
      balance: g.balance,
      credit: 0,
      curid: 1,
      symbol: 'руб',
    })),
    addresses: a.address === '' ? [] : [{ type: 0, code: '', address: a.address }],
  };
}

/**
 * A `soapUsboxServiceFull`. `uuid` is copied from the catalog service when `withUuid` (the notes
 * infer that LBcore copies it); otherwise empty, and readers must look it up by `servicecatid`.
 */
export function renderUsboxService(s: LbServiceRecord, v: LbVgroupRecord, data: LbData, withUuid: boolean): XmlObject {
  const tariff = data.tariffs.find((t) => t.tarid === s.tarid);
  const catalog = data.catalogServices.find((c) => c.id === s.servicecatid);
  return {
    service: {
      servid: s.servid,
      vgid: s.vgid,
      tarid: s.tarid,
      catidx: s.catidx,
      mul: 1,
      state: s.state,
      blocked: 0,
      needcalc: s.needcalc,
      timefrom: lbDate(s.timefrom),
      timeto: s.timeto === null ? OPEN_END : lbDate(s.timeto),
      activated: lbDate(s.timefrom),
      created: lbDate(s.created),
      comment: '',
      externaldata: '',
      discount: 0,
      isrenewable: 1,
    },
    agrmid: v.agrmid,
    uid: v.uid,
    vglogin: v.login,
    tardescr: tariff?.descr ?? '',
    catdescr: catalog?.descr ?? '',
    common: 1,
    servicecatid: s.servicecatid,
    uuid: withUuid ? (catalog?.uuid ?? '') : '',
    totalamount: catalog?.above ?? 0,
    tartype: tariff?.type ?? 0,
    accondate: lbDate(v.accondate),
  };
}

/** A `soapCatalogService`; `zoneid` is the service's id in the catalog [inf]. */
export function renderCatalogService(c: LbCatalogServiceRecord): XmlObject {
  return {
    catalogid: c.catid,
    zoneid: c.id,
    descr: c.descr,
    type: 4,
    typecode: 'usbox',
    typedescr: 'Услуги',
    isperiodic: 1,
    isunique: c.kind === 'base' ? 1 : 0,
    promoperiod: 0,
    above: c.above,
    uuid: c.uuid,
  };
}

/**
 * A `soapPaymentFull` (`getPayments`): the payment itself as `pay` (a `soapPayment`), then the
 * joined fields. Only elements of the two WSDL types; amounts are `xsd:double`, written as the
 * number (gSOAP drops trailing zeros: 500 not 500.00).
 */
export function renderPaymentFull(p: LbPaymentRecord, data: LbData): XmlObject {
  let account: LbAccountRecord | undefined;
  for (const a of data.accounts.values()) if (a.agreements.some((g) => g.agrmid === p.agrmid)) account = a;
  const agreement = account?.agreements.find((g) => g.agrmid === p.agrmid);
  return {
    pay: {
      recordid: p.recordid,
      parentrecordid: 0,
      agrmid: p.agrmid,
      modperson: -1,
      currid: 1,
      orderid: 0,
      status: p.status,
      classid: 0,
      amount: p.amount,
      fromagrmid: 0,
      revno: 0,
      revisions: 0,
      cashcode: 1,
      classname: '',
      paydate: lbDate(p.paydate),
      localdate: lbDate(p.paydate),
      canceldate: lbDate(p.canceldate),
      perioddate: '',
      receipt: p.receipt,
      comment: p.comment,
      uuid: '',
      fromagrmnumber: '',
      paymentordernumber: '',
    },
    bsodoc: 0,
    timestamp: Math.floor(p.paydate / 1000),
    localtimestamp: Math.floor(p.paydate / 1000),
    amountcurr: p.amount,
    ordernum: '',
    uid: account?.uid ?? 0,
    operid: 1,
    cardnumber: 0,
    currsymb: 'руб',
    uname: account?.name ?? '',
    agrm: agreement?.number ?? '',
    mgr: '',
    mgrdescr: '',
    mgrlogin: '',
    opername: '',
    login: account?.login ?? '',
    iseps: 'false',
  };
}
