/**
 * The LANBilling emulator's in-memory data (shared/api/lanbilling.md §1): users (`accounts`),
 * their agreements, account entries (`vgroups`) on agents, and the usbox services assigned to
 * vgroups, plus the tariffs and the service catalog those services come from. Records are
 * compact (numbers, short strings, times as epoch ms); the SOAP XML is rendered per request.
 */

/** An agent (network or services agent) vgroups live on. */
export interface LbAgentRecord {
  readonly id: number;
  /** 6 RADIUS, 13 USBox (services), … (JRPC `types/agent_type.go`). */
  readonly type: number;
  readonly descr: string;
}

/** A catalog of the given type; 4 = services (ADM `js/catalogues.js`). */
export interface LbCatalogRecord {
  readonly catid: number;
  readonly cattype: number;
  readonly catname: string;
}

/** One service of a services catalog; `uuid` is the external id ('' = none). */
export interface LbCatalogServiceRecord {
  /** The service's own id inside the catalog (`zoneid`) [inf]; usbox services point at it. */
  readonly id: number;
  readonly catid: number;
  readonly descr: string;
  readonly uuid: string;
  /** Smotreshka subscriptions are base or additional (DOC smotreshka). */
  readonly kind: 'base' | 'additional' | 'other';
  readonly above: number;
}

/** A tariff's service category: a catalog service copied into the tariff at `catidx`. */
export interface LbTarCategoryRecord {
  readonly catidx: number;
  readonly servcatid: number;
}

export interface LbTariffRecord {
  readonly tarid: number;
  readonly descr: string;
  /** 0 leased line, 5 services (ADM `js/tarifs.js`). */
  readonly type: number;
  readonly categories: readonly LbTarCategoryRecord[];
}

export interface LbAgreementRecord {
  readonly agrmid: number;
  readonly number: string;
  /** Epoch ms. */
  readonly date: number;
  balance: number;
}

export interface LbAccountRecord {
  readonly uid: number;
  readonly login: string;
  /** 1 legal entity, 2 person. */
  readonly type: number;
  /** Full name (persons: "Фамилия Имя Отчество") or company name. */
  name: string;
  /** Name parts; empty for legal entities. */
  surname: string;
  firstname: string;
  patronymic: string;
  email: string;
  emailConfirmed: boolean;
  mobile: string;
  mobileConfirmed: boolean;
  phone: string;
  /** Registration address line. */
  address: string;
  readonly agreements: LbAgreementRecord[];
  archive: boolean;
}

export interface LbServiceRecord {
  readonly servid: number;
  readonly vgid: number;
  readonly tarid: number;
  readonly catidx: number;
  /** Catalog service id, or 0 when the category has no catalog link. */
  readonly servicecatid: number;
  /** 3 = active (KT); 0 planned, 2 off. */
  state: number;
  needcalc: number;
  /** Epoch ms. */
  timefrom: number;
  /** Epoch ms; null = open end (`9999-12-31 23:59:59`). */
  timeto: number | null;
  readonly created: number;
}

/**
 * A MAC address bound to an entry (`soapMacStaff` of `getVgroup`'s `macstaff[]`): the set-top
 * box or router the entry authorises. `mac` is kept as the test or demo wrote it, so readers
 * meet the spellings a real base holds.
 */
export interface LbMacRecord {
  /** `recordid` (and `macid` [inf: the WSDL does not say how the two differ]). */
  readonly recordid: number;
  readonly mac: string;
  readonly segment: string;
}

/**
 * A payment onto an agreement (`soapPayment`). `status` is what the vendor's self-care client
 * labels: 0 and 1 accepted, 2 cancelled, 3 corrected; an annulled payment also has a `canceldate`.
 */
export interface LbPaymentRecord {
  readonly recordid: number;
  readonly agrmid: number;
  readonly amount: number;
  /** Epoch ms. */
  readonly paydate: number;
  readonly receipt: string;
  readonly comment: string;
  status: number;
  /** Epoch ms; null = not cancelled. */
  canceldate: number | null;
}

export interface LbVgroupRecord {
  readonly vgid: number;
  readonly agentId: number;
  /** 0 for templates, which belong to nobody. */
  readonly uid: number;
  readonly agrmid: number;
  /** '' = no login (the entry exists but nothing can log in with it). */
  login: string;
  descr: string;
  tarid: number;
  /** `vgroups.blocked`: 0 active, 1/4 balance, 2 user, 3 manager, 5 traffic, 10 off. */
  blocked: number;
  /** Epoch ms. */
  readonly created: number;
  accondate: number;
  archive: boolean;
  readonly template: boolean;
  /** Service address line ('' = none). */
  address: string;
  services: LbServiceRecord[];
  /** MAC addresses bound to the entry; absent = none. */
  macstaff?: LbMacRecord[];
}

/** Everything the emulator serves. */
export interface LbData {
  readonly agents: readonly LbAgentRecord[];
  readonly catalogs: readonly LbCatalogRecord[];
  readonly catalogServices: readonly LbCatalogServiceRecord[];
  readonly tariffs: readonly LbTariffRecord[];
  readonly accounts: Map<number, LbAccountRecord>;
  /** Ordered by vgid. */
  readonly vgroups: LbVgroupRecord[];
  /** The "now" the data was generated around (epoch ms, whole seconds). */
  readonly now: number;
  nextVgid: number;
  nextUid: number;
  nextAgrmid: number;
  nextServid: number;
}

/** `vgroups.blocked` codes (shared/api/lanbilling.md §4). */
export const BLOCKED = {
  active: 0,
  balance: 1,
  user: 2,
  manager: 3,
  balance2: 4,
  traffic: 5,
  off: 10,
} as const;

/** `services.state` 3 = active (KT joins only these). */
export const SERVICE_STATE_ACTIVE = 3;
