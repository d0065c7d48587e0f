/**
 * A decoded UserSide customer → canonical Subscriber. Pure: the catalogues, the status map and
 * the server's UTC offset are passed in, so every rule here is unit-tested with literal records.
 */
import type { Subscriber, SubscriberAddress, SubscriberName, SubscriberService } from '../../model/subscriber.js';
import { isPlaceholderMac, normaliseUid } from '../../util/mac.js';
import { isoDate, isoInstant, type UsDate } from './dates.js';
import { decodeHtml } from './html.js';
import { resolveState, type StateRule } from './status.js';
import type { UsAddress, UsContact, UsCustomer, UsState, UsTariff } from './types.js';

export interface NormaliseContext {
  /** Source name in sync.yaml. */
  readonly source: string;
  readonly statusMap: ReadonlyMap<number, StateRule>;
  readonly states: ReadonlyMap<number, UsState>;
  readonly tariffs: ReadonlyMap<number, UsTariff>;
  readonly utcOffsetMinutes: number;
  /** Config path of the status map, for skip reasons (`sources.us.status_map`). */
  readonly statusMapPath: string;
  /** Told about a state that made the subscriber skipped (the caller logs it once). */
  readonly onSkippedState?: (stateId: number | null, reason: string) => void;
  /** Told about a current tariff id the catalogue does not have. */
  readonly onUnknownTariff?: (tariffId: number) => void;
  /** Fill `devices` from `ip_mac` (`sources.<name>.devices`). */
  readonly devices?: boolean;
}

export function normaliseCustomer(c: UsCustomer, ctx: NormaliseContext): Subscriber {
  const state = resolveState(c.stateId, ctx.statusMap, ctx.states, ctx.statusMapPath);
  if (state.skip !== undefined) ctx.onSkippedState?.(c.stateId, state.skip);
  const subscriber: Subscriber = {
    source: ctx.source,
    id: String(c.id),
    account: accountOf(c),
    name: nameOf(c),
    status: state.status,
    services: servicesOf(c, ctx),
    contacts: { phones: contactValues(c.phones), emails: contactValues(c.emails) },
    address: addressOf(c.addresses),
    raw: rawOf(c, ctx),
    ...(ctx.devices ? { devices: devicesOf(c) } : {}),
  };
  return state.skip === undefined ? subscriber : { ...subscriber, skip: state.skip };
}

/** The agreement (contract) number; the personal account number when there is no agreement. */
export function accountOf(c: UsCustomer): string | null {
  const agreement = c.agreements.find((a) => a.number !== '');
  return agreement?.number ?? (c.accountNumber !== '' ? c.accountNumber : null);
}

/**
 * `full_name` with HTML entities decoded and spaces collapsed; a person's name (not
 * `flag_corporate`) is split "Фамилия Имя Отчество", the rest of the words kept as patronymic.
 */
export function nameOf(c: UsCustomer): SubscriberName {
  const full = decodeHtml(c.fullName).replace(/\s+/g, ' ').trim();
  const words = full.split(' ').filter((w) => w !== '');
  if (c.corporate || words.length < 2) return { full };
  const [last, first, ...rest] = words;
  return rest.length > 0 ? { full, last, first, middle: rest.join(' ') } : { full, last, first };
}

/**
 * `tariff.current` as services: what UserSide calls current is active, whatever its dates say
 * (a past `date_finish` is the ERP's business; dropping a paid service on a date guess is worse).
 * `tariff.new` is a scheduled change and not active yet. Ids are distinct and in numeric order.
 */
function servicesOf(c: UsCustomer, ctx: NormaliseContext): SubscriberService[] {
  const byId = new Map<number, SubscriberService>();
  for (const t of c.currentTariffs) {
    if (byId.has(t.id)) continue;
    const tariff = ctx.tariffs.get(t.id);
    if (!tariff) ctx.onUnknownTariff?.(t.id);
    const name = tariff ? decodeHtml(tariff.name).trim() : '';
    byId.set(t.id, {
      id: String(t.id),
      ...(name === '' ? {} : { name }),
      ...(t.start === null ? {} : { since: isoInstant(t.start, ctx.utcOffsetMinutes) }),
      until: t.finish === null ? null : isoInstant(t.finish, ctx.utcOffsetMinutes),
    });
  }
  return [...byId.entries()].sort(([a], [b]) => a - b).map(([, s]) => s);
}

/**
 * The MACs of `ip_mac`, normalised (`aa:bb:cc:dd:ee:ff`), sorted, each once. Records without a
 * MAC (an IP only) and the all-zero / all-one placeholders some installs store are left out:
 * binding one would claim a device nobody has. These are the MACs UserSide knows for the
 * connection — a CPE or router as often as a set-top box — so mappings choose among them.
 */
function devicesOf(c: UsCustomer): string[] {
  const macs = new Set<string>();
  for (const { mac } of c.ipMac) {
    if (mac === null) continue;
    const uid = normaliseUid(mac);
    if (uid !== '' && !isPlaceholderMac(uid)) macs.add(uid);
  }
  return [...macs].sort();
}

/** Main contact first, then the others in the order sent; duplicates once. */
function contactValues(list: readonly UsContact[]): string[] {
  const ordered = [...list.filter((c) => c.main), ...list.filter((c) => !c.main)];
  return [...new Set(ordered.map((c) => decodeHtml(c.value).trim()).filter((v) => v !== ''))];
}

/** The connection address (`type` connect), else the first one; null when there is none. */
export function addressOf(addresses: readonly UsAddress[]): SubscriberAddress | null {
  const a = addresses.find((x) => x.type === 'connect') ?? addresses[0];
  if (!a) return null;
  const fields: Record<string, string | undefined> = {
    text: a.text === '' ? undefined : decodeHtml(a.text).replace(/\s+/g, ' ').trim(),
    houseId: a.houseId === null || a.houseId <= 0 ? undefined : String(a.houseId),
    entrance: a.entrance || undefined,
    floor: a.floor || undefined,
    flat: a.flat === '' ? undefined : decodeHtml(a.flat),
  };
  const present = Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined);
  return present.length === 0 ? null : (Object.fromEntries(present) as SubscriberAddress);
}

/** Fields for mappings' `raw.*`: JSON values, dates as ISO, IPs dotted, MACs `aa:bb:…`. */
function rawOf(c: UsCustomer, ctx: NormaliseContext): Record<string, unknown> {
  const agreement = c.agreements.find((a) => a.number !== '') ?? c.agreements[0];
  const ips = c.ipMac.map((x) => x.ip).filter((ip): ip is string => ip !== null);
  const macs = c.ipMac.map((x) => x.mac).filter((mac): mac is string => mac !== null);
  const state = c.stateId === null ? undefined : ctx.states.get(c.stateId);
  return {
    login: c.login === '' ? null : c.login,
    account_number: c.accountNumber === '' ? null : c.accountNumber,
    agreement_number: agreement?.number || null,
    agreement_date: date(agreement?.date ?? null),
    state_id: c.stateId,
    state_name: state ? decodeHtml(state.name) : null,
    flag_corporate: c.corporate,
    is_disable: c.disabled,
    balance: c.balance,
    credit: c.credit,
    ip: ips[0] ?? null,
    ips,
    mac: macs[0] ?? null,
    macs,
    date_create: c.dateCreate === null ? null : isoInstant(c.dateCreate, ctx.utcOffsetMinutes),
    date_connect: date(c.dateConnect),
    groups: [...c.groups],
    next_tariffs: c.nextTariffs.map((t) => ({ id: String(t.id), date_start: date(t.start) })),
    comment: c.comment === '' ? null : decodeHtml(c.comment),
  };
}

/** A calendar date as `YYYY-MM-DD` (these fields are days; a time, if sent, is dropped). */
function date(d: UsDate | null): string | null {
  return d === null ? null : isoDate(d);
}
