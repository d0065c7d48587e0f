/**
 * An emulated UserSide `usm_billing` module: the importer UserSide runs (from cron) against a
 * billing's "universal API", written from the wiki's contract (seed 004, userside.md §3–§6) and
 * never from billsync's server code (test/unit/architecture forbids the import). It calls
 * `$billingUrl` + `request=…` for the API and system information, the state list, the tariff
 * list, the services and the customer list, and imports them into its own UserSide store: the
 * second and later runs change only what changed (wiki: "сверяются изменённые данные и только
 * они будут обновлены"), so a run against unchanged billing data reports no change at all.
 *
 * Strict where the contract is definite: HTTP 200 and a JSON object per request; customers keyed
 * by id, each with that `id`; state ids from get_user_state_list; current tariffs listed by
 * get_tariff_list. Tolerant where billings differ: ids as numbers or text, containers as lists
 * or id-keyed objects, absent fields (kept as they are in UserSide).
 */

/** What UserSide keeps of a customer imported from the billing. */
export interface UsImportedCustomer {
  readonly billingId: string;
  login?: string;
  fullName?: string;
  flagCorporate?: number;
  comment?: string;
  stateId?: number;
  accountNumber?: string;
  agreementNumber?: string;
  agreementDate?: string;
  balance?: number;
  credit?: number;
  discount?: number;
  dateConnect?: string;
  phones?: string[];
  emails?: string[];
  houseId?: string;
  entrance?: string;
  floor?: string;
  apartment?: string;
  tariffs?: string[];
  ips?: number[];
  password?: string;
}

export interface UsImportedTariff {
  readonly billingId: string;
  name?: string;
  payment?: number;
  paymentInterval?: number;
  speedUp?: number;
  speedDown?: number;
  traffic?: number;
  serviceType?: number;
}

/** UserSide's side of the import: what earlier runs stored. */
export class UsImportStore {
  readonly customers = new Map<string, UsImportedCustomer>();
  readonly tariffs = new Map<string, UsImportedTariff>();
  readonly states = new Map<number, { name: string; functional: string }>();
}

export interface ImportReport {
  readonly apiVersion: string;
  readonly created: number;
  readonly updated: number;
  /** Each change, `customer 12: balance 10 → 20`, for test failure messages. */
  readonly changes: readonly string[];
  readonly customers: number;
  readonly tariffs: number;
}

export class UsmImportError extends Error {}

type Json = Record<string, unknown>;

/** The module's `$billingUrl` with `request=` (and any extra parameters) appended. */
export function requestUrl(billingUrl: string, request: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ request, ...extra }).toString();
  return billingUrl + (billingUrl.includes('?') ? '&' : '?') + q;
}

async function call(billingUrl: string, request: string, extra?: Record<string, string>): Promise<Json> {
  const res = await fetch(requestUrl(billingUrl, request, extra));
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UsmImportError(`${request}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (res.status !== 200) {
    const b = (body ?? {}) as Json;
    throw new UsmImportError(`${request}: HTTP ${res.status}: ${String(b.ErrorText ?? b.error ?? b.Error ?? text.slice(0, 200))}`);
  }
  if (typeof body !== 'object' || body === null) throw new UsmImportError(`${request}: expected a JSON object, got ${text.slice(0, 100)}`);
  // An empty PHP array serialises as [] — an empty collection.
  if (Array.isArray(body)) {
    if (body.length === 0) return {};
    throw new UsmImportError(`${request}: expected an id-keyed object, got a non-empty list`);
  }
  return body as Json;
}

const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? (v === '' ? undefined : v) : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

/** Runs one import (php usm_billing.php) into `store`. */
export async function runUsmImport(billingUrl: string, store: UsImportStore): Promise<ImportReport> {
  const changes: string[] = [];
  let created = 0;
  let updated = 0;
  const api = await call(billingUrl, 'get_api_information');
  const apiVersion = str(api.version);
  if (apiVersion === undefined) throw new UsmImportError('get_api_information: no version');
  await call(billingUrl, 'get_system_information');

  const states = await call(billingUrl, 'get_user_state_list');
  for (const [key, s] of Object.entries(states)) {
    const o = (s ?? {}) as Json;
    const id = num(o.id ?? key);
    if (id === undefined || str(o.name) === undefined) throw new UsmImportError(`get_user_state_list: state ${key} has no id or name`);
    store.states.set(id, { name: str(o.name)!, functional: str(o.functional) ?? '' });
  }

  const tariffs = await call(billingUrl, 'get_tariff_list');
  for (const [key, t] of Object.entries(tariffs)) {
    const o = (t ?? {}) as Json;
    const id = str(o.id) ?? key;
    if (id !== key) throw new UsmImportError(`get_tariff_list: tariff under key ${key} says id ${id}`);
    const speed = (o.speed ?? {}) as Json;
    const incoming: Omit<UsImportedTariff, 'billingId'> = { name: str(o.name), payment: num(o.payment), paymentInterval: num(o.payment_interval), speedUp: num(speed.up), speedDown: num(speed.down), traffic: num(o.traffic), serviceType: num(o.service_type) };
    let have = store.tariffs.get(id);
    if (!have) {
      have = { billingId: id };
      store.tariffs.set(id, have);
      created++;
      changes.push(`tariff ${id}: created`);
    }
    updated += merge(`tariff ${id}`, have as unknown as Json, incoming as Json, changes);
  }
  await call(billingUrl, 'get_services_list');

  const users = await call(billingUrl, 'get_user_list');
  for (const [key, u] of Object.entries(users)) {
    if (typeof u !== 'object' || u === null) throw new UsmImportError(`get_user_list: customer ${key} is not an object`);
    const o = u as Json;
    const id = str(o.id);
    if (id !== key) throw new UsmImportError(`get_user_list: customer under key ${key} says id ${String(o.id)}`);
    const stateId = num(o.state_id);
    if (stateId !== undefined && !store.states.has(stateId)) throw new UsmImportError(`get_user_list: customer ${id} has state_id ${stateId}, which get_user_state_list does not list`);
    const tariff = (o.tariff ?? {}) as Json;
    const current = items(tariff.current).map((t) => str((t as Json | null)?.id)).filter((t): t is string => t !== undefined);
    for (const t of current) if (!store.tariffs.has(t)) throw new UsmImportError(`get_user_list: customer ${id} is on tariff ${t}, which get_tariff_list does not list`);
    const agreement = items(o.agreement)[0] as Json | undefined;
    const address = (items(o.address) as Json[]).find((a) => a.type === undefined || a.type === 'connect');
    const apartment = address?.apartment as Json | undefined;
    const incoming: Omit<UsImportedCustomer, 'billingId'> = {
      login: str(o.login),
      fullName: str(o.full_name),
      flagCorporate: num(o.flag_corporate),
      comment: str(o.comment),
      stateId,
      accountNumber: str(o.account_number),
      agreementNumber: str(agreement?.number),
      agreementDate: str(agreement?.date),
      balance: num(o.balance),
      credit: num(o.credit),
      discount: num(o.discount),
      dateConnect: str(o.date_connect),
      // UserSide keeps two phone numbers (wiki: "2 номера телефона").
      phones: o.phone === undefined ? undefined : items(o.phone).map((p) => str((p as Json).number)).filter((p): p is string => p !== undefined).slice(0, 2),
      emails: o.email === undefined ? undefined : items(o.email).map((e) => str((e as Json).address)).filter((e): e is string => e !== undefined),
      houseId: str(address?.house_id),
      entrance: str(address?.entrance),
      floor: str(address?.floor),
      apartment: str(apartment?.number),
      tariffs: o.tariff === undefined ? undefined : current.sort(),
      ips: o.ip_mac === undefined ? undefined : items(o.ip_mac).map((i) => num((i as Json).ip)).filter((i): i is number => i !== undefined).sort((a, b) => a - b),
      password: str(o.password),
    };
    let have = store.customers.get(id);
    if (!have) {
      have = { billingId: id };
      store.customers.set(id, have);
      created++;
      changes.push(`customer ${id}: created`);
    }
    updated += merge(`customer ${id}`, have as unknown as Json, incoming as Json, changes);
  }
  return { apiVersion, created, updated, changes, customers: store.customers.size, tariffs: store.tariffs.size };
}

/** Copies every field the billing sent that differs from UserSide's; returns how many changed. */
function merge(what: string, have: Json, incoming: Json, changes: string[]): number {
  let n = 0;
  for (const [k, v] of Object.entries(incoming)) {
    if (v === undefined) continue;
    if (JSON.stringify(have[k]) === JSON.stringify(v)) continue;
    changes.push(`${what}: ${k} ${JSON.stringify(have[k])} → ${JSON.stringify(v)}`);
    have[k] = v;
    n++;
  }
  return n;
}
