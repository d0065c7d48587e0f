/**
 * The api3 read calls the source makes, typed: the `flt` each sends (fields in the WSDL's
 * sequence order, which strict gSOAP builds enforce) and the decoding of what comes back. An
 * answer that does not decode fails the read; it never reads as "empty".
 */
import { SourceReadError } from '../../model/errors.js';
import { LanbillingFault, type LanbillingClient } from './client.js';
import { decodeAccount, decodeCatalogService, decodePayment, decodeUsboxService, decodeVgroup, decodeVgroupFull, intOf } from './decode.js';
import { nodes, retList, type XmlNode } from './soap.js';
import type { LbAccount, LbCatalogService, LbPayment, LbUsboxService, LbVgroup } from './types.js';
import { CATALOG_TYPE_SERVICES } from './types.js';

/** Page size for catalog services (a catalog holds tens of entries, not thousands). */
const CATALOG_PAGE = 500;
/** Page size for one agreement's payments or entries: a window holds a handful, so one page. */
const AGREEMENT_PAGE = 1000;

export class LanbillingApi {
  constructor(private readonly client: LanbillingClient) {}

  /**
   * One 1-based page of an agent's entries with `flt.archive` = `archive`, asked in vgid order
   * (`ord` vgid, `ascdesc` 0). Whether the server honours `archive` and `ord` is checked by the
   * caller: neither is documented per method. `priority` as for `LanbillingClient.call`.
   */
  async vgroupsPage(agentId: number, archive: 0 | 1, pgnum: number, pgsize: number, signal?: AbortSignal, priority = 0): Promise<LbVgroup[]> {
    const body = await this.client.call(
      'getVgroups',
      { flt: { agentid: agentId, archive, pgnum, pgsize }, ord: { name: 'vgid', ascdesc: 0 } },
      signal,
      priority,
    );
    return decodeAll(retList(body), decodeVgroup, 'getVgroups', 'an entry without vgid');
  }

  /**
   * How many entries `getVgroups` has for the agent with `flt.archive` 0 (`Count(flt,
   * 'getVgroups')`), or null when this LBcore refuses Count for it with a Client fault (the
   * procname convention is inferred). A Server fault is LBcore in trouble and fails the read.
   */
  async countVgroups(agentId: number, signal?: AbortSignal): Promise<number | null> {
    let body: XmlNode;
    try {
      body = await this.client.call('Count', { flt: { agentid: agentId, archive: 0 }, procname: 'getVgroups' }, signal);
    } catch (err) {
      if (err instanceof LanbillingFault && err.op === 'Count' && !/Server$/.test(err.fault.faultcode)) return null;
      throw err;
    }
    const count = intOf(body, 'ret');
    if (count === null || count < 0) throw shapeError('Count', 'no count in ret');
    return count;
  }

  /**
   * One entry by id with `getVgroup` (the id is a required, documented argument: one request
   * whatever the base size), archived entries and templates included — the full type says
   * which they are. null when LANBilling does not know the id ("… not found" fault or no `ret`).
   */
  async vgroupFull(vgid: number, signal?: AbortSignal): Promise<LbVgroup | null> {
    let body: XmlNode;
    try {
      body = await this.client.call('getVgroup', { id: vgid }, signal);
    } catch (err) {
      if (err instanceof LanbillingFault && err.op === 'getVgroup' && /not found/i.test(`${err.fault.faultstring} ${err.fault.detail}`)) return null;
      throw err;
    }
    const found = decodeAll(retList(body), decodeVgroupFull, 'getVgroup', 'an entry without vgroup.vgid');
    if (found.length > 0 && !found.some((v) => v.vgid === vgid)) throw shapeError('getVgroup', `another entry than ${vgid}`);
    return found.find((v) => v.vgid === vgid) ?? null;
  }

  /** A user by uid, or null when LANBilling answers "… not found". */
  async account(uid: number, signal?: AbortSignal): Promise<LbAccount | null> {
    let body: XmlNode;
    try {
      body = await this.client.call('getAccount', { id: uid }, signal);
    } catch (err) {
      if (err instanceof LanbillingFault && err.op === 'getAccount' && /not found/i.test(`${err.fault.faultstring} ${err.fault.detail}`)) return null;
      throw err;
    }
    const [first] = retList(body);
    if (!first) return null;
    const account = decodeAccount(first);
    if (!account) throw shapeError('getAccount', 'a user without account.uid');
    return account;
  }

  /** Every service assigned to the entry (history and future ones included). */
  async usboxServices(vgid: number, signal?: AbortSignal): Promise<LbUsboxService[]> {
    const body = await this.client.call('getUsboxServices', { flt: { vgid } }, signal);
    const services = decodeAll(retList(body), decodeUsboxService, 'getUsboxServices', 'a service without service.vgid');
    // A server that ignored the filter would hand one entry everybody's services.
    if (services.some((s) => s.vgid !== vgid)) throw shapeError('getUsboxServices', `services of other entries for vgid ${vgid}`);
    return services;
  }

  /**
   * One 1-based page of every entry's services (`getUsboxServices` with paging only), for the
   * change listing: their `created`, `timefrom` and `timeto` dates say what started or ended.
   */
  async usboxServicesPage(pgnum: number, pgsize: number, signal?: AbortSignal): Promise<LbUsboxService[]> {
    const body = await this.client.call('getUsboxServices', { flt: { pgnum, pgsize } }, signal);
    return decodeAll(retList(body), decodeUsboxService, 'getUsboxServices', 'a service without service.vgid');
  }

  /**
   * The entries on one agreement (`getVgroups` with `flt.agrmid`, a filter public clients use,
   * and `flt.archive` 0). Entries of other agreements in the answer (a server that ignored the
   * filter) are left out here; whether archived ones are is the server's word, which the caller
   * must not build a removal on.
   */
  async agreementEntries(agrmid: number, signal?: AbortSignal): Promise<LbVgroup[]> {
    const out = new Map<number, LbVgroup>();
    for (let pgnum = 1; ; pgnum++) {
      const body = await this.client.call('getVgroups', { flt: { agrmid, archive: 0, pgnum, pgsize: AGREEMENT_PAGE }, ord: { name: 'vgid', ascdesc: 0 } }, signal);
      const page = decodeAll(retList(body), decodeVgroup, 'getVgroups', 'an entry without vgid');
      const fresh = page.filter((v) => !out.has(v.vgid));
      for (const v of fresh) if (v.agrmid === agrmid) out.set(v.vgid, v);
      if (page.length < AGREEMENT_PAGE || fresh.length === 0) return [...out.values()];
    }
  }

  /**
   * The agreement's payments booked from `dtfrom` to `dtto` (`getPayments`, `flt.agrmid`,
   * `dtfrom`, `dtto` as `YYYY-MM-DD HH:MM:SS` server time — what the vendor's own clients
   * filter an agreement's payment history by). Every row is returned, annulled and superseded
   * ones included; payments.ts decides. A row of another agreement means the server ignored the
   * filter, and fails the read rather than hand one subscriber another's money.
   */
  async payments(agrmid: number, dtfrom: string, dtto: string, signal?: AbortSignal): Promise<LbPayment[]> {
    const out = new Map<string, LbPayment>();
    for (let pgnum = 1; ; pgnum++) {
      // soapFilter's sequence order: agrmid, pgnum, pgsize (longs) before dtfrom, dtto (strings).
      const body = await this.client.call('getPayments', { flt: { agrmid, pgnum, pgsize: AGREEMENT_PAGE, dtfrom, dtto } }, signal);
      const page = decodeAll(retList(body), decodePayment, 'getPayments', 'a payment without pay.recordid');
      if (page.some((p) => p.agrmid !== agrmid)) throw shapeError('getPayments', `payments of other agreements for agrmid ${agrmid}`);
      // Versions of one corrected payment share its recordid: keyed by both.
      const fresh = page.filter((p) => !out.has(`${p.recordid}:${p.revno}`));
      for (const p of fresh) out.set(`${p.recordid}:${p.revno}`, p);
      if (page.length < AGREEMENT_PAGE || fresh.length === 0) return [...out.values()];
    }
  }

  /** Services of every services catalog (cattype 4), by catalog service id. */
  async serviceCatalog(signal?: AbortSignal): Promise<Map<number, LbCatalogService>> {
    const catalogs = retList(await this.client.call('getCatalogs', {}, signal));
    const out = new Map<number, LbCatalogService>();
    for (const catalog of catalogs) {
      const catid = intOf(catalog, 'catid');
      if (catid === null || intOf(catalog, 'cattype') !== CATALOG_TYPE_SERVICES) continue;
      for (const s of await this.catalogServices(catid, signal)) out.set(s.id, s);
    }
    return out;
  }

  private async catalogServices(catid: number, signal?: AbortSignal): Promise<LbCatalogService[]> {
    const out: LbCatalogService[] = [];
    const seen = new Set<number>();
    for (let pgnum = 1; ; pgnum++) {
      const body = await this.client.call('getCatalogServices', { flt: { catid, pgnum, pgsize: CATALOG_PAGE } }, signal);
      const ret = retList(body)[0];
      const total = ret ? intOf(ret, 'total') : 0;
      const page = decodeAll(nodes(ret?.data), decodeCatalogService, 'getCatalogServices', 'a service without zoneid');
      const fresh = page.filter((s) => !seen.has(s.id));
      if (page.length > 0 && fresh.length === 0) throw shapeError('getCatalogServices', `page ${pgnum} repeats earlier ones`);
      for (const s of fresh) {
        seen.add(s.id);
        out.push(s);
      }
      if (page.length === 0 || total === null || out.length >= total) return out;
    }
  }
}

function decodeAll<T>(items: readonly XmlNode[], decode: (n: XmlNode) => T | null, op: string, what: string): T[] {
  return items.map((n) => {
    const v = decode(n);
    if (v === null) throw shapeError(op, what);
    return v;
  });
}

function shapeError(op: string, what: string): SourceReadError {
  return new SourceReadError(`LANBilling ${op}: unexpected answer (${what})`, {
    retryable: false,
    fix: "check that the source's url points at LBcore's SOAP api3 and that the LANBilling version is 2.0 or later",
  });
}
