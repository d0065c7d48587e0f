/**
 * UserSide JSON → typed records, whatever the version's shape: customers from `get_data`
 * (one object, or several keyed by id, or an array) and `get_user_list` (keyed by id), tariffs
 * and states from their catalogues. A record without a usable id decodes to null; unknown
 * fields are ignored (structures grew across 3.12 → 3.21).
 */
import { parseUsDate } from './dates.js';
import { entriesOf, field, flagOf, intOf, ipOf, isObject, itemsOf, macOf, numOf, textOf, type Json } from './decode.js';
import type { UsAddress, UsContact, UsCustomer, UsState, UsTariff, UsTariffRef } from './types.js';

/**
 * The customer objects in a `data` payload with the key each came under: an array, an id-keyed
 * object, or — for a single-id `get_data` — the customer object itself. null when `data` is
 * none of these (a string, a number).
 */
export function customerEntries(data: unknown): [string | undefined, unknown][] | null {
  if (isObject(data) && looksLikeCustomer(data)) return [[undefined, data]];
  return entriesOf(data);
}

/** A customer object has scalar fields of its own; an id-keyed map holds only objects. */
function looksLikeCustomer(obj: Json): boolean {
  for (const key of ['id', 'login', 'full_name', 'state_id']) {
    const v = field(obj, key);
    if (v !== undefined && (typeof v !== 'object' || v === null)) return true;
  }
  return false;
}

/** A customer; `key` is the id it was keyed by, used when the object lacks its own `id`. */
export function decodeCustomer(raw: unknown, key?: string): UsCustomer | null {
  if (!isObject(raw)) return null;
  const id = intOf(field(raw, 'id')) ?? intOf(key);
  if (id === null || id <= 0) return null;
  const tariff = field(raw, 'tariff');
  return {
    id,
    login: textOf(field(raw, 'login')),
    fullName: textOf(field(raw, 'full_name')),
    corporate: flagOf(field(raw, 'flag_corporate')),
    potential: flagOf(field(raw, 'is_potential')),
    disabled: flagOf(field(raw, 'is_disable')),
    agreements: itemsOf(field(raw, 'agreement')).filter(isObject).map((a) => ({
      number: textOf(field(a, 'number')),
      date: parseUsDate(field(a, 'date')),
    })),
    accountNumber: textOf(field(raw, 'account_number')),
    balance: numOf(field(raw, 'balance')),
    credit: numOf(field(raw, 'credit')),
    stateId: intOf(field(raw, 'state_id')),
    currentTariffs: tariffRefs(isObject(tariff) ? field(tariff, 'current') : undefined),
    nextTariffs: tariffRefs(isObject(tariff) ? field(tariff, 'new') : undefined),
    phones: contacts(field(raw, 'phone'), 'number'),
    emails: contacts(field(raw, 'email'), 'address'),
    addresses: itemsOf(field(raw, 'address')).filter(isObject).map(address),
    ipMac: ipMac(field(raw, 'ip_mac')),
    dateCreate: parseUsDate(field(raw, 'date_create')),
    dateConnect: parseUsDate(field(raw, 'date_connect')),
    groups: groups(field(raw, 'group')),
    comment: textOf(field(raw, 'comment')),
  };
}

/**
 * Tariff references of `tariff.current` / `tariff.new`: `{id, date_start, date_finish}` items
 * in a list or keyed by tariff id, or bare ids. Items without an id > 0 are dropped (FA skips
 * empty ids too).
 */
function tariffRefs(v: unknown): UsTariffRef[] {
  const out: UsTariffRef[] = [];
  for (const [key, item] of entriesOf(v) ?? []) {
    const obj = isObject(item) ? item : undefined;
    const id = obj ? intOf(field(obj, 'id')) ?? intOf(key) : intOf(item);
    if (id === null || id <= 0) continue;
    out.push({ id, start: obj ? parseUsDate(field(obj, 'date_start')) : null, finish: obj ? parseUsDate(field(obj, 'date_finish')) : null });
  }
  return out;
}

function contacts(v: unknown, valueKey: string): UsContact[] {
  const out: UsContact[] = [];
  for (const item of itemsOf(v)) {
    // Older answers list plain strings.
    const value = isObject(item) ? textOf(field(item, valueKey)) : textOf(item);
    if (value !== '') out.push({ value, main: isObject(item) && flagOf(field(item, 'flag_main')) });
  }
  return out;
}

function address(a: Json): UsAddress {
  const apartment = field(a, 'apartment');
  const flat = isObject(apartment) ? textOf(field(apartment, 'number')) : textOf(apartment);
  const text = (isObject(apartment) ? textOf(field(apartment, 'full_name')) : '') || textOf(field(a, 'full_name'));
  return {
    type: textOf(field(a, 'type')),
    houseId: intOf(field(a, 'house_id')),
    entrance: zeroless(textOf(field(a, 'entrance'))),
    floor: zeroless(textOf(field(a, 'floor'))),
    flat,
    text,
  };
}

/** UserSide writes 0 for an entrance or floor nobody filled in. */
function zeroless(v: string): string {
  return v === '0' ? '' : v;
}

/** `ip_mac`: keyed by inet_aton(ip) (or a counter) or a list; `ip` may be missing and only the key hold it. */
function ipMac(v: unknown): { ip: string | null; mac: string | null }[] {
  const out: { ip: string | null; mac: string | null }[] = [];
  for (const [key, item] of entriesOf(v) ?? []) {
    if (!isObject(item)) continue;
    const rawIp = field(item, 'ip');
    const ip = ipOf(rawIp) ?? (rawIp === undefined && key !== undefined ? ipOf(key) : null);
    const mac = macOf(field(item, 'mac'));
    if (ip !== null || mac !== null) out.push({ ip, mac });
  }
  return out;
}

/** Group ids: `{gid: {id}}`, a list of `{id}`, or bare ids. */
function groups(v: unknown): number[] {
  const ids = (entriesOf(v) ?? []).map(([key, item]) => (isObject(item) ? intOf(field(item, 'id')) ?? intOf(key) : intOf(item)));
  return [...new Set(ids.filter((id): id is number => id !== null))];
}

export function decodeTariff(raw: unknown, key?: string): UsTariff | null {
  if (!isObject(raw)) return null;
  const id = intOf(field(raw, 'id')) ?? intOf(key);
  return id === null ? null : { id, name: textOf(field(raw, 'name')) };
}

export function decodeState(raw: unknown, key?: string): UsState | null {
  if (!isObject(raw)) return null;
  const id = intOf(field(raw, 'id')) ?? intOf(key);
  return id === null ? null : { id, name: textOf(field(raw, 'name')), functional: textOf(field(raw, 'functional')) };
}
