/**
 * Hydra JSON → canonical Subscriber. Pure: no I/O, no clock (`now` is passed in), so every rule
 * here is unit-tested with literal Hydra objects.
 */
import type {
  Subscriber, SubscriberAddress, SubscriberName, SubscriberService, SubscriberStatus,
} from '../../model/subscriber.js';
import type { HydraAccount, HydraCustomer, HydraCustomerBundle, HydraSubjectAddress, HydraSubscription } from './types.js';
import { ACCOUNT_TYPE_PERSONAL, ADDR_TYPE_EMAIL, ADDR_TYPE_FACT, ADDR_TYPE_PHONE, SUBJ_TYPE_PERSON } from './types.js';
import { UNKNOWN_STATE_STATUS } from './status.js';

export interface NormaliseContext {
  /** Source name in sync.yaml. */
  readonly source: string;
  readonly now: Date;
  readonly statusMap: ReadonlyMap<number, SubscriberStatus>;
  /** Catalog name of a service, when known. */
  readonly serviceName: (serviceId: number) => string | undefined;
  /** Called when the customer's state is not in the map (the caller logs it). */
  readonly onUnknownState?: (stateId: unknown) => void;
}

export function normaliseCustomer(bundle: HydraCustomerBundle, ctx: NormaliseContext): Subscriber {
  const { customer, accounts, subscriptions, addresses } = bundle;
  const now = ctx.now.getTime();
  return {
    source: ctx.source,
    id: String(customer.n_subject_id),
    account: personalAccount(accounts),
    name: nameOf(customer),
    status: statusOf(customer.n_subj_state_id, ctx),
    services: activeServices(subscriptions, now, ctx.serviceName),
    contacts: {
      phones: contactValues(addresses, ADDR_TYPE_PHONE, now),
      emails: contactValues(addresses, ADDR_TYPE_EMAIL, now),
    },
    address: addressOf(addresses, now),
    raw: rawOf(customer, accounts),
  };
}

function statusOf(stateId: unknown, ctx: NormaliseContext): SubscriberStatus {
  const status = typeof stateId === 'number' ? ctx.statusMap.get(stateId) : undefined;
  if (status !== undefined) return status;
  ctx.onUnknownState?.(stateId);
  return UNKNOWN_STATE_STATUS;
}

/**
 * `vc_account` of the first personal account (type 2042). Rows without a type count too, after
 * typed ones: the vendor's account model does not always carry `n_account_type_id`, and losing
 * the account number would break every mapping keyed on it. Rows of another type never count.
 */
export function personalAccount(accounts: readonly HydraAccount[]): string | null {
  const typed = accounts.find((a) => a.n_account_type_id === ACCOUNT_TYPE_PERSONAL && nonEmpty(a.vc_account));
  const untyped = accounts.find((a) => (a.n_account_type_id ?? null) === null && nonEmpty(a.vc_account));
  return (typed ?? untyped)?.vc_account?.trim() ?? null;
}

/**
 * Splits `vc_base_subject_name` by the Russian convention "Фамилия Имя Отчество": first word =
 * last name, second = first name, the rest = patronymic (so "Алиев Руслан Магомед оглы" keeps
 * "Магомед оглы"). Only for persons (type 18001 or unknown); companies keep just `full`. The
 * persons endpoint has the parts separately but costs one more call per customer.
 */
export function splitFio(full: string, subjTypeId?: number | null): Omit<SubscriberName, 'full'> {
  const words = full.split(/\s+/).filter((w) => w !== '');
  const person = subjTypeId === undefined || subjTypeId === null || subjTypeId === SUBJ_TYPE_PERSON;
  if (!person || words.length < 2) return {};
  const [last, first, ...rest] = words;
  return rest.length > 0 ? { last, first, middle: rest.join(' ') } : { last, first };
}

function nameOf(c: HydraCustomer): SubscriberName {
  const full = [c.vc_base_subject_name, c.vc_name, c.vc_code].find(nonEmpty)?.trim().replace(/\s+/g, ' ') ?? '';
  const parts = nonEmpty(c.vc_base_subject_name) ? splitFio(full, c.n_base_subj_type_id) : {};
  return { full, ...parts };
}

/**
 * Hydra's "current" rule: not closed and `d_begin ≤ now < d_end` (null end = open-ended).
 * A date that does not parse counts as absent: keeping a paid service beats dropping it.
 */
export function isActiveSubscription(s: HydraSubscription, now: number): boolean {
  if (s.c_fl_closed === 'Y') return false;
  const begin = parseDate(s.d_begin);
  const end = parseDate(s.d_end);
  return (begin === null || begin <= now) && (end === null || now < end);
}

/** Distinct service ids of the subscriptions active at `now`, ascending. */
export function activeServiceIds(subscriptions: readonly HydraSubscription[], now: number): number[] {
  const ids = new Set<number>();
  for (const s of subscriptions) if (isActiveSubscription(s, now)) ids.add(s.n_service_id);
  return [...ids].sort((a, b) => a - b);
}

function activeServices(
  subscriptions: readonly HydraSubscription[],
  now: number,
  serviceName: (id: number) => string | undefined,
): SubscriberService[] {
  const byId = new Map<number, SubscriberService>();
  for (const s of subscriptions) {
    // One service subscribed twice (e.g. on two devices) is still one service; keep the earliest.
    if (!isActiveSubscription(s, now) || byId.has(s.n_service_id)) continue;
    const name = serviceName(s.n_service_id);
    const since = parseDate(s.d_begin);
    const until = parseDate(s.d_end);
    byId.set(s.n_service_id, {
      id: String(s.n_service_id),
      ...(name === undefined ? {} : { name }),
      ...(since === null ? {} : { since: new Date(since).toISOString() }),
      until: until === null ? null : new Date(until).toISOString(),
    });
  }
  return [...byId.entries()].sort(([a], [b]) => a - b).map(([, s]) => s);
}

/** Rows of one address type still valid at `now`, main ones first. */
function current(addresses: readonly HydraSubjectAddress[], type: number, now: number): HydraSubjectAddress[] {
  const rows = addresses.filter((a) => a.n_addr_type_id === type && !endedBy(a.d_end, now));
  return [...rows.filter((a) => a.c_fl_main === 'Y'), ...rows.filter((a) => a.c_fl_main !== 'Y')];
}

function contactValues(addresses: readonly HydraSubjectAddress[], type: number, now: number): string[] {
  const values = current(addresses, type, now)
    .map((a) => [a.vc_visual_code, a.vc_address, a.vc_code].find(nonEmpty)?.trim())
    .filter((v): v is string => v !== undefined);
  return [...new Set(values)];
}

function addressOf(addresses: readonly HydraSubjectAddress[], now: number): SubscriberAddress | null {
  const row = current(addresses, ADDR_TYPE_FACT, now)[0];
  if (!row) return null;
  const text = [row.vc_visual_code, row.vc_address].find(nonEmpty)?.trim();
  const fields: Record<string, string | undefined> = {
    text,
    houseId: textOf(row.n_house_id),
    entrance: textOf(row.vc_entrance_no),
    floor: textOf(row.n_floor_no),
    flat: textOf(row.vc_flat),
  };
  const present = Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined);
  return Object.fromEntries(present) as SubscriberAddress;
}

const RAW_KEY = /^(n|vc|d|c_fl)_/;

/** Customer's own fields (no link maps) plus its accounts, for mappings' `raw.*`. */
function rawOf(customer: HydraCustomer, accounts: readonly HydraAccount[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(customer)) {
    if (RAW_KEY.test(key) || key === 't_tags' || key === 'additional_values') raw[key] = value;
  }
  raw.accounts = accounts.map(({ actions: _a, navigation: _n, ...fields }) => fields);
  return raw;
}

function parseDate(v: unknown): number | null {
  if (typeof v !== 'string' || v === '') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

function endedBy(v: unknown, now: number): boolean {
  const end = parseDate(v);
  return end !== null && end <= now;
}

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function textOf(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return nonEmpty(v) ? v.trim() : undefined;
}
