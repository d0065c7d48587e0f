/**
 * Records → UserSide JSON, in whichever of the shapes seen across versions the emulator is set
 * to (shared/api/userside.md §1, §3): `Result`/`ErrorText` or `result`/`error` envelopes,
 * collections keyed by id (PHP arrays) or as JSON arrays, IPs as inet_aton integers, numeric
 * strings or dotted quads, MACs bare or with colons, numbers as numbers or strings. What every
 * version shares is always produced: HTML-escaped names, `dd.mm.yyyy` agreement dates,
 * `0000-00-00` for an unset date, and `[]` for an empty collection (PHP's json_encode of an
 * empty array), even where a filled one is an object.
 */
import { BILLING_ID, type UsCustomerRecord, type UsHouse, type UsIpRecord, type UsStateRecord, type UsTariffRecord } from './model.js';

export interface Quirks {
  /** Envelope keys: `Result`/`ErrorText` (default) or `result`/`error`. */
  readonly envelope: 'Result' | 'result';
  /** Collections keyed by id (default) or JSON arrays. */
  readonly containers: 'keyed' | 'array';
  /** `ip_mac[].ip`: inet_aton integer (default), the integer as a string, or a dotted quad. */
  readonly ip: 'int' | 'string' | 'dotted';
  /** MAC: twelve hex digits (default) or colon-separated. */
  readonly mac: 'bare' | 'colon';
  /** Ids, flags and money as JSON numbers (default) or strings. */
  readonly numbers: 'number' | 'string';
}

export const DEFAULT_QUIRKS: Quirks = { envelope: 'Result', containers: 'keyed', ip: 'int', mac: 'bare', numbers: 'number' };

export interface RenderContext {
  readonly quirks: Quirks;
  readonly houses: ReadonlyMap<number, UsHouse>;
}

/** A successful answer's body. */
export function okBody(q: Quirks, data: unknown): Record<string, unknown> {
  return q.envelope === 'Result' ? { Result: 'OK', data } : { result: 'OK', data };
}

/** An error answer's body. */
export function errorBody(q: Quirks, text: string): Record<string, unknown> {
  return q.envelope === 'Result' ? { Result: 'ERROR', ErrorText: text } : { result: 'ERROR', error: text };
}

/** PHP's htmlspecialchars(ENT_QUOTES): how UserSide stores names typed into its forms. */
export function escapeHtml(text: string): string {
  return text.replace(/[&"'<>]/g, (ch) => ESCAPES[ch] ?? ch);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&#039;', '<': '&lt;', '>': '&gt;' };

/** A keyed collection as the quirks want it; `[]` when empty either way. */
export function collection(q: Quirks, entries: readonly (readonly [number | string, unknown])[]): unknown {
  if (entries.length === 0) return [];
  if (q.containers === 'array') return entries.map(([, v]) => v);
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[String(k)] = v;
  return out;
}

export function num(q: Quirks, v: number): number | string {
  return q.numbers === 'string' ? String(v) : v;
}

export function renderCustomer(c: UsCustomerRecord, ctx: RenderContext): Record<string, unknown> {
  const q = ctx.quirks;
  const flag = (b: boolean): number | string => num(q, b ? 1 : 0);
  return {
    id: num(q, c.id),
    login: c.login,
    full_name: escapeHtml(c.name),
    flag_corporate: flag(c.corporate),
    is_potential: flag(c.potential),
    is_disable: flag(false),
    agreement: c.agreement ? [{ number: c.agreement.number, date: dmy(c.agreement.date) }] : [],
    account_number: c.account,
    balance: num(q, c.balance),
    credit: num(q, c.credit),
    discount: num(q, 0),
    state_id: num(q, c.stateId),
    tariff: {
      current: collection(q, c.tariffs.map((t) => [t.id, { id: num(q, t.id), date_start: t.since === null ? '0000-00-00' : ymd(t.since), date_finish: t.until === null ? '0000-00-00' : ymd(t.until) }])),
      new: c.nextTariff ? collection(q, [[c.nextTariff.id, { id: num(q, c.nextTariff.id), date_start: ymd(c.nextTariff.start) }]]) : [],
    },
    service: [],
    phone: c.phones.map((number, i) => ({ number, flag_main: flag(i === 0) })),
    email: c.emails.map((address, i) => ({ address, flag_main: flag(i === 0) })),
    address: c.address ? [renderAddress(c.address, ctx)] : [],
    ip_mac: collection(q, c.ips.map((r) => [r.ip, renderIp(r, q)])),
    group: [],
    date_create: ymdHis(c.created),
    date_connect: c.connected === null ? '0000-00-00' : ymd(c.connected),
    billing_id: num(q, BILLING_ID),
    comment: escapeHtml(c.comment),
  };
}

function renderAddress(a: NonNullable<UsCustomerRecord['address']>, ctx: RenderContext): Record<string, unknown> {
  const q = ctx.quirks;
  const house = ctx.houses.get(a.houseId);
  const apartment: Record<string, unknown> = { number: String(a.flat) };
  if (house) apartment.full_name = escapeHtml(`${house.address}, кв. ${a.flat}`);
  return { type: 'connect', house_id: num(q, a.houseId), entrance: num(q, a.entrance), floor: num(q, a.floor), apartment };
}

function renderIp(r: UsIpRecord, q: Quirks): Record<string, unknown> {
  const ip = q.ip === 'int' ? r.ip : q.ip === 'string' ? String(r.ip) : dotted(r.ip);
  const mac = q.mac === 'bare' ? r.mac : (r.mac.match(/../g) ?? []).join(':');
  return { ip, mac };
}

export function renderTariff(t: UsTariffRecord, q: Quirks): Record<string, unknown> {
  return {
    id: num(q, t.id),
    name: escapeHtml(t.name),
    amount: num(q, t.amount),
    billing_id: num(q, BILLING_ID),
    billing_uuid: t.billingUuid,
    tariff_group_id: [],
    service_type: num(q, t.serviceType),
  };
}

/** A row of the older `module/get_tariff_list`. */
export function renderTariffListItem(t: UsTariffRecord, q: Quirks): Record<string, unknown> {
  return {
    id: num(q, t.id),
    name: escapeHtml(t.name),
    payment: num(q, t.amount),
    payment_interval: num(q, 30),
    speed: { up: num(q, 0), down: num(q, 0) },
    traffic: num(q, 0),
    service_type: num(q, t.serviceType),
    is_in_billing: num(q, 1),
  };
}

export function renderState(s: UsStateRecord, q: Quirks): Record<string, unknown> {
  return { id: num(q, s.id), name: escapeHtml(s.name), functional: s.functional };
}

export function dotted(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `Y-m-d` of a local wall-clock time. */
export function ymd(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `Y-m-d H:i:s` of a local wall-clock time. */
export function ymdHis(ms: number): string {
  const d = new Date(ms);
  return `${ymd(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `dd.mm.yyyy` of a local wall-clock time (agreement dates). */
export function dmy(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}
