/**
 * The parts of the api3 types the source reads (shared/api/lanbilling.md §3), decoded from the
 * XML's strings into numbers and flags. Field names follow the WSDL (`agrmnum`, `servicecatid`)
 * except where a clearer name costs nothing (`agentId` for the brief's `id`).
 */

/** A `soapVgroupBrief`: one account entry. */
export interface LbVgroup {
  readonly vgid: number;
  /** 0 for templates. */
  readonly uid: number;
  readonly agrmid: number;
  readonly agrmnum: string;
  readonly username: string;
  /** '' = no login. */
  readonly login: string;
  readonly agentId: number;
  readonly tarid: number;
  readonly tarifdescr: string;
  /** `vgroups.blocked`; null when missing or not a number. */
  readonly blocked: number | null;
  readonly template: boolean;
  /**
   * null when the answer did not say: the brief type of `getVgroups` has no `archive` in any
   * public WSDL; only the full type of `getVgroup` has it.
   */
  readonly archive: boolean | null;
  /** Address lines of the entry, first = main. */
  readonly addresses: readonly string[];
  /**
   * `mac` of each `macstaff[]` element as sent (a `getVgroup` answer only; undefined when the
   * entry came from `getVgroups`, whose brief type has no MACs).
   */
  readonly macs?: readonly string[];
}

/** One agreement of a `soapAccountFull`: its id and `vgroups` (its number of entries; null = not sent). */
export interface LbAgreementBrief {
  readonly agrmid: number;
  readonly vgroups: number | null;
}

/** The parts of a `soapAccountFull` used for a subscriber. */
export interface LbAccount {
  readonly uid: number;
  readonly login: string;
  readonly name: string;
  /** 1 legal entity, 2 person; null unknown. */
  readonly type: number | null;
  readonly surname: string;
  readonly firstname: string;
  readonly patronymic: string;
  readonly email: string;
  readonly emailConfirmed: boolean;
  readonly mobile: string;
  readonly mobileConfirmed: boolean;
  readonly phone: string;
  readonly addresses: readonly string[];
  readonly agreements: readonly LbAgreementBrief[];
}

/** A `soapPaymentFull` (`getPayments`), its `pay` part flattened in. */
export interface LbPayment {
  /** `pay.recordid`: the payment's record id, unique in the billing. */
  readonly recordid: number;
  readonly agrmid: number;
  /** `pay.amount` (`xsd:double`); null when missing or not a number. */
  readonly amount: number | null;
  /** `YYYY-MM-DD HH:MM:SS` server local time, as sent. */
  readonly paydate: string;
  /** Non-empty (and not the zero date) for an annulled payment. */
  readonly canceldate: string;
  /** 0, 1 accepted; 2 cancelled; 3 corrected (the vendor's self-care client); null when missing. */
  readonly status: number | null;
  /** 0 = the current version of a payment; other numbers are earlier versions of a corrected one. */
  readonly revno: number;
  readonly comment: string;
}

/** A `soapUsboxServiceFull` (its `service` part flattened in). */
export interface LbUsboxService {
  readonly servid: number;
  readonly vgid: number;
  readonly tarid: number;
  readonly catidx: number;
  /** Catalog service the tariff category came from; 0 when the answer has none. */
  readonly servicecatid: number;
  /** `services.state`: 3 active; 0 planned, 2 off; null when missing. */
  readonly state: number | null;
  /** `YYYY-MM-DD HH:MM:SS` server local time, as sent. */
  readonly timefrom: string;
  readonly timeto: string;
  /** When the service was assigned, same format; '' when the answer has none. */
  readonly created: string;
  /** External id; '' = none on the service itself. */
  readonly uuid: string;
  readonly catdescr: string;
  readonly common: number | null;
}

/** A `soapCatalogService`; `id` is its `zoneid` [inf]. */
export interface LbCatalogService {
  readonly id: number;
  readonly catid: number;
  readonly descr: string;
  readonly uuid: string;
}

/** Everything read for one vgroup, the input of normalisation. */
export interface LbVgroupBundle {
  readonly vgroup: LbVgroup;
  /** null when LANBilling does not know the entry's user (or it is a template). */
  readonly account: LbAccount | null;
  readonly services: readonly LbUsboxService[];
}

/** `services.state` for a running service (KT joins only these). */
export const SERVICE_STATE_ACTIVE = 3;
/** Service states the notes label "off"/"planned": not running. */
export const SERVICE_STATES_INACTIVE: ReadonlySet<number> = new Set([0, 2]);
/** Catalog type of services catalogs (ADM `js/catalogues.js`). */
export const CATALOG_TYPE_SERVICES = 4;
