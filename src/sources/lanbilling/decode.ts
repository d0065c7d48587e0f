/**
 * Parsed api3 elements (strings) → the typed records of types.ts. Pure. A record without the
 * id it is keyed by is an unexpected answer (returns null; the client fails the read), never
 * something to guess around.
 */
import { nodes, textOf, type XmlNode } from './soap.js';
import type { LbAccount, LbAgreementBrief, LbCatalogService, LbPayment, LbUsboxService, LbVgroup } from './types.js';

/** An integer field; null when missing, empty or not an integer. */
export function intOf(node: XmlNode, key: string): number | null {
  const text = textOf(node[key]).trim();
  if (!/^-?\d+$/.test(text)) return null;
  return Number(text);
}

const str = (node: XmlNode, key: string): string => textOf(node[key]).trim();

/**
 * A flag, whichever way it is typed: `xsd:boolean` fields (`emailisconfirmed`) arrive as
 * `true`/`false` from gSOAP (XML Schema also allows `1`/`0`), `long`/`short` ones (`templ`,
 * `archive`) as digits. null when missing or anything else.
 */
export function boolOf(node: XmlNode, key: string): boolean | null {
  const text = textOf(node[key]).trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return null;
}

/** A flag that reads as false unless the answer clearly says true. */
const flag = (node: XmlNode, key: string): boolean => boolOf(node, key) === true;

/** Address lines of an `address[]` / `addresses[]` list, main (type 0) first. */
function addressLines(list: unknown): string[] {
  const rows = nodes(list).map((a) => ({ type: intOf(a, 'type'), text: str(a, 'address') })).filter((a) => a.text !== '');
  return [...rows.filter((a) => a.type === 0), ...rows.filter((a) => a.type !== 0)].map((a) => a.text);
}

/**
 * A `soapVgroupBrief` (`getVgroups`). The brief type has no `archive` in any public WSDL build, so
 * `archive` is normally null here; a build that does send it is believed when it says 1.
 */
export function decodeVgroup(node: XmlNode): LbVgroup | null {
  const vgid = intOf(node, 'vgid');
  if (vgid === null) return null;
  const archive = boolOf(node, 'archive');
  return {
    vgid,
    uid: intOf(node, 'uid') ?? 0,
    agrmid: intOf(node, 'agrmid') ?? 0,
    agrmnum: str(node, 'agrmnum'),
    username: str(node, 'username'),
    login: str(node, 'login'),
    agentId: intOf(node, 'id') ?? 0,
    tarid: intOf(node, 'tarid') ?? 0,
    tarifdescr: str(node, 'tarifdescr'),
    blocked: intOf(node, 'blocked'),
    // The brief type spells it `templ`; JSON-RPC and the DB say `template`.
    template: flag(node, 'templ') || flag(node, 'template'),
    archive,
    addresses: addressLines(node.address),
  };
}

/**
 * A `soapVgroupFull` (`getVgroup`): `vgroup` is the full `soapVgroup`, the only vgroup type that
 * documents `archive`; the names the brief has flat sit next to it (`tarname` = `tarifdescr`).
 */
export function decodeVgroupFull(node: XmlNode): LbVgroup | null {
  const v = nodes(node.vgroup)[0];
  const vgid = v ? intOf(v, 'vgid') : null;
  if (!v || vgid === null) return null;
  return {
    vgid,
    uid: intOf(v, 'uid') ?? 0,
    agrmid: intOf(v, 'agrmid') ?? 0,
    agrmnum: str(node, 'agrmnum'),
    username: str(node, 'username'),
    login: str(v, 'login'),
    agentId: intOf(v, 'id') ?? 0,
    tarid: intOf(v, 'tarid') ?? 0,
    tarifdescr: str(node, 'tarname'),
    blocked: intOf(v, 'blocked'),
    template: flag(v, 'templ'),
    archive: boolOf(v, 'archive'),
    addresses: addressLines(node.addresses),
    // soapMacStaff {macid, recordid, vgid, segment, mac}: only `mac` matters; empty ones are dropped later.
    macs: nodes(node.macstaff).map((m) => str(m, 'mac')),
  };
}

/** A `soapAccountFull` (`{account, agreements[], addresses[]}`). */
export function decodeAccount(node: XmlNode): LbAccount | null {
  const account = nodes(node.account)[0];
  const uid = account ? intOf(account, 'uid') : null;
  if (!account || uid === null) return null;
  return {
    uid,
    login: str(account, 'login'),
    name: str(account, 'name').replace(/\s+/g, ' '),
    type: intOf(account, 'type'),
    surname: str(account, 'abonentsurname'),
    firstname: str(account, 'abonentname'),
    patronymic: str(account, 'abonentpatronymic'),
    email: str(account, 'email'),
    emailConfirmed: flag(account, 'emailisconfirmed'),
    mobile: str(account, 'mobile'),
    mobileConfirmed: flag(account, 'mobileisconfirmed'),
    phone: str(account, 'phone'),
    addresses: addressLines(node.addresses),
    agreements: nodes(node.agreements)
      .map((g): LbAgreementBrief | null => {
        const agrmid = intOf(g, 'agrmid');
        return agrmid === null ? null : { agrmid, vgroups: intOf(g, 'vgroups') };
      })
      .filter((g): g is LbAgreementBrief => g !== null),
  };
}

/**
 * A `soapPaymentFull`: `pay{…}` (a `soapPayment`) plus joined fields. `amount` is an
 * `xsd:double`: `500`, `500.5`, `5.0E2` and `-100` all read as numbers.
 */
export function decodePayment(node: XmlNode): LbPayment | null {
  const pay = nodes(node.pay)[0];
  const recordid = pay ? intOf(pay, 'recordid') : null;
  if (!pay || recordid === null || recordid <= 0) return null;
  const amountText = str(pay, 'amount');
  const amount = amountText === '' ? Number.NaN : Number(amountText);
  return {
    recordid,
    agrmid: intOf(pay, 'agrmid') ?? 0,
    amount: Number.isFinite(amount) ? amount : null,
    paydate: str(pay, 'paydate'),
    canceldate: str(pay, 'canceldate'),
    status: intOf(pay, 'status'),
    revno: intOf(pay, 'revno') ?? 0,
    comment: str(pay, 'comment'),
  };
}

/** A `soapUsboxServiceFull`: `service{…}` plus the joined fields next to it. */
export function decodeUsboxService(node: XmlNode): LbUsboxService | null {
  const service = nodes(node.service)[0];
  const vgid = service ? intOf(service, 'vgid') : null;
  if (!service || vgid === null) return null;
  return {
    servid: intOf(service, 'servid') ?? 0,
    vgid,
    tarid: intOf(service, 'tarid') ?? 0,
    catidx: intOf(service, 'catidx') ?? 0,
    servicecatid: intOf(node, 'servicecatid') ?? 0,
    state: intOf(service, 'state'),
    timefrom: str(service, 'timefrom'),
    timeto: str(service, 'timeto'),
    created: str(service, 'created'),
    uuid: str(node, 'uuid'),
    catdescr: str(node, 'catdescr'),
    common: intOf(node, 'common'),
  };
}

export function decodeCatalogService(node: XmlNode): LbCatalogService | null {
  const id = intOf(node, 'zoneid');
  if (id === null) return null;
  return { id, catid: intOf(node, 'catalogid') ?? 0, descr: str(node, 'descr'), uuid: str(node, 'uuid') };
}
