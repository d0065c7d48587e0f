/**
 * One subscriber as a universal API customer (get_user_list), the shape billings that feed
 * UserSide serve (userside.md §3, §6): id-keyed containers, state_id 2/1/0, ip as the integer
 * inet_aton form. Fields the mapping leaves empty are left out, so UserSide keeps what it has.
 */
import type { Subscriber } from '../../model/subscriber.js';
import { dateOf, numberOf, textOf, textsOf } from '../fields.js';
import type { UsmMapping } from './mapping.js';

export interface UsmRow {
  /** The customer object, serialised once (get_user_list joins these). */
  readonly json: string;
  /** Service ids the customer holds, for get_tariff_list's tariffs seen in the read. */
  readonly services: readonly { readonly id: string; readonly name?: string }[];
}

/** `a.b.c.d` → unsigned 32-bit integer; null when not an IPv4 address. */
export function ipToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

export function usmRowBuilder(m: UsmMapping, scrub: (v: unknown) => unknown): (sub: Subscriber) => UsmRow {
  const f = m.fields;
  const text = (fn: (s: Subscriber) => unknown, s: Subscriber): string | null => textOf(scrub(fn(s)));
  return (sub) => {
    const row: Record<string, unknown> = { id: sub.id };
    const put = (k: string, v: unknown): void => {
      if (v !== null && v !== undefined) row[k] = v;
    };
    put('login', text(f.login, sub));
    put('full_name', text(f.full_name, sub));
    const corp = numberOf(f.flag_corporate(sub));
    put('flag_corporate', corp === null ? null : corp ? 1 : 0);
    put('comment', text(f.comment, sub));
    // A subscriber the source could not classify (Subscriber.skip) gets no state: UserSide keeps
    // the one it has rather than stopping (or starting) the customer on a guess.
    put('state_id', sub.skip === undefined ? m.states[sub.status] : null);
    put('account_number', text(f.account_number, sub));
    put('balance', numberOf(f.balance(sub)));
    put('credit', numberOf(f.credit(sub)));
    const discount = numberOf(f.discount(sub));
    put('discount', discount === null ? null : Math.floor(discount));
    put('date_connect', dateOf(f.date_connect(sub)));
    put('date_create', textOf(f.date_create(sub)));
    put('date_activity', textOf(f.date_activity(sub)));
    const agreement = text(f.agreement_number, sub);
    if (agreement !== null) row.agreement = [{ number: agreement, ...(dateOf(f.agreement_date(sub)) ? { date: dateOf(f.agreement_date(sub)) } : {}) }];
    const house = text(f.house_id, sub);
    if (house !== null) {
      const flat = text(f.apartment, sub);
      row.address = [{ type: 'connect', house_id: house, ...(text(f.entrance, sub) ? { entrance: text(f.entrance, sub) } : {}), ...(text(f.floor, sub) ? { floor: text(f.floor, sub) } : {}), ...(flat ? { apartment: { number: flat } } : {}) }];
    }
    const phones = textsOf(scrub(f.phones(sub)));
    if (phones.length > 0) row.phone = phones.map((number, i) => (i === 0 ? { number, flag_main: 1 } : { number }));
    const emails = textsOf(scrub(f.emails(sub)));
    if (emails.length > 0) row.email = emails.map((address, i) => (i === 0 ? { address, flag_main: 1 } : { address }));
    const current: Record<string, { id: string }> = {};
    const services: { id: string; name?: string }[] = [];
    for (const s of sub.services) {
      if (!m.tariffsFromRead && !m.tariffs.has(s.id)) continue;
      current[s.id] = { id: s.id };
      services.push(s.name !== undefined ? { id: s.id, name: s.name } : { id: s.id });
    }
    row.tariff = { current };
    const ips: Record<string, { ip: number }> = {};
    for (const ip of textsOf(f.ips(sub))) {
      const n = ipToInt(ip);
      if (n !== null) ips[String(n)] = { ip: n };
    }
    if (Object.keys(ips).length > 0) row.ip_mac = ips;
    // Only when the mapping names it: the contract's one secret field.
    if (m.hasPassword) put('password', textOf(f.password(sub)));
    return { json: JSON.stringify(row), services };
  };
}
