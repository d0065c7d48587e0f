/**
 * Makes one plausible UserSide customer from a PRNG: a Cyrillic FIO (or a company whose name
 * carries quotes and ampersands, which UserSide stores HTML-escaped), an agreement, phones and
 * e-mails, a flat in one of the houses, IP/MAC pairs, tariffs (internet for most, intercom for
 * about half, cameras for some) and a work state. Used by the bulk generator and by
 * `state.addCustomer()`, so added customers look like generated ones.
 */
import { FEMALE_NAMES, MALE_NAMES, PATRONYMICS, SURNAMES, femaleSurname } from '../kit/dictionary.js';
import { intBetween, pick, type Rng } from '../kit/prng.js';
import {
  INTERNET_TARIFFS, STATE_ACTIVE, STATE_DEBT, STATE_DISCONNECTED, STATE_PAUSE, TARIFF_CAMERAS, TARIFF_INTERCOM,
} from './catalog.js';
import { flatLocation, flatNumber } from './houses.js';
import type { UsAddressRecord, UsCustomerRecord, UsData, UsIpRecord, UsTariffAssignment } from './model.js';

export const DAY_MS = 86_400_000;
/** First generated customer id. */
export const FIRST_CUSTOMER_ID = 1;

/** What a caller may fix when adding a customer; everything else is drawn. */
export interface CustomerOverrides {
  readonly name?: string;
  readonly corporate?: boolean;
  readonly stateId?: number;
  /** Agreement number; null = no agreement. */
  readonly agreement?: string | null;
  /** Tariff ids of `tariff.current` (replaces the drawn ones). */
  readonly tariffs?: readonly number[];
  /** `{houseId, flat}` (entrance and floor follow from the flat), or null for no address. */
  readonly address?: { readonly houseId: number; readonly flat: number } | null;
  readonly phones?: readonly string[];
  readonly emails?: readonly string[];
  readonly potential?: boolean;
  readonly former?: boolean;
}

const COMPANIES: readonly string[] = [
  'ООО "Ромашка"', 'ООО "Рога & Копыта"', 'АО "Вектор"', 'ООО «Северный ветер»', 'ИП Петров & сыновья',
  'ООО "Д\'Артаньян и К"', 'ТСЖ "Ленина 1"',
];
const MAIL_DOMAINS: readonly string[] = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru'];
const NONE: readonly string[] = Object.freeze([]);

export class CustomerFactory {
  constructor(
    private readonly rng: Rng,
    private readonly data: UsData,
  ) {}

  /** A customer with id `id`, created before `now` (epoch ms). */
  make(id: number, now: number = this.data.now, o: CustomerOverrides = {}): UsCustomerRecord {
    const rng = this.rng;
    const corporate = o.corporate ?? rng() < 0.04;
    const name = o.name ?? (corporate ? pick(rng, COMPANIES) : this.fio());
    const former = o.former ?? rng() < 0.02;
    const potential = o.potential ?? (!former && rng() < 0.01);
    const stateId = o.stateId ?? (former ? STATE_DISCONNECTED : this.state());
    const created = localMidnight(now - intBetween(rng, 30, 2500) * DAY_MS) + intBetween(rng, 8 * 3600, 20 * 3600) * 1000;
    const connected = potential ? null : localMidnight(created) + DAY_MS * intBetween(rng, 0, 3);
    const number = o.agreement === undefined ? (rng() < 0.02 ? null : String(100_000 + id)) : o.agreement;
    const tariffs = o.tariffs ? o.tariffs.map((t) => assignment(t, connected)) : potential ? [] : this.tariffs(connected, now);
    const internet = tariffs.some((t) => INTERNET_TARIFFS.includes(t.id));
    const nextTariff = internet && rng() < 0.03 ? { id: pick(rng, INTERNET_TARIFFS), start: localMidnight(now) + intBetween(rng, 1, 20) * DAY_MS } : null;
    return {
      id,
      login: `us${id}`,
      name,
      corporate,
      potential,
      former,
      agreement: number === null ? null : { number, date: localMidnight(connected ?? created) },
      account: String(id).padStart(8, '0'),
      balance: stateId === STATE_DEBT ? -intBetween(rng, 1, 3000) : intBetween(rng, 0, 300_000) / 100,
      credit: rng() < 0.1 ? 500 : 0,
      stateId,
      tariffs,
      nextTariff,
      phones: o.phones ? [...o.phones] : this.phones(),
      emails: o.emails ? [...o.emails] : rng() < 0.4 ? [`us${id}@${pick(rng, MAIL_DOMAINS)}`] : [...NONE],
      address: o.address === undefined ? this.address() : o.address === null ? null : this.placed(o.address.houseId, o.address.flat),
      ips: internet ? this.ips(id) : [],
      created,
      connected,
      comment: rng() < 0.05 ? 'Ключ от подъезда у консьержа' : '',
    };
  }

  /** An address record for a flat of a known house (entrance and floor from the layout). */
  placed(houseId: number, flat: number): UsAddressRecord {
    const house = this.data.houses.find((h) => h.id === houseId);
    if (!house) throw new Error(`userside emulator: no house ${houseId}`);
    const at = flatLocation(house, flat);
    if (!at) throw new Error(`userside emulator: house ${houseId} has no flat ${flat}`);
    return { houseId, entrance: at.entrance, floor: at.floor, flat };
  }

  private fio(): string {
    const rng = this.rng;
    const female = rng() < 0.5;
    const surname = pick(rng, SURNAMES);
    const last = female ? femaleSurname(surname) : surname;
    const first = pick(rng, female ? FEMALE_NAMES : MALE_NAMES);
    const patronymic = pick(rng, PATRONYMICS)[female ? 1 : 0];
    return (rng() < 0.02 ? [last, first] : [last, first, patronymic]).join(' ');
  }

  private state(): number {
    const r = this.rng();
    if (r < 0.86) return STATE_ACTIVE;
    if (r < 0.9) return STATE_PAUSE;
    if (r < 0.97) return STATE_DEBT;
    return STATE_DISCONNECTED;
  }

  private tariffs(connected: number | null, now: number): UsTariffAssignment[] {
    const rng = this.rng;
    const out: UsTariffAssignment[] = [];
    if (rng() < 0.92) {
      const t = assignment(pick(rng, INTERNET_TARIFFS), connected);
      // A few tariffs carry a planned end date; they are still current.
      if (rng() < 0.05) t.until = localMidnight(now) + intBetween(rng, 5, 60) * DAY_MS;
      out.push(t);
    }
    if (rng() < 0.5) out.push(assignment(TARIFF_INTERCOM, connected));
    if (rng() < 0.2) out.push(assignment(TARIFF_CAMERAS, connected));
    return out;
  }

  private phones(): string[] {
    const rng = this.rng;
    if (rng() < 0.08) return [...NONE];
    const phone = (): string => `+79${String(intBetween(rng, 0, 999_999_999)).padStart(9, '0')}`;
    return rng() < 0.1 ? [phone(), phone()] : [phone()];
  }

  private address(): UsAddressRecord | null {
    const rng = this.rng;
    if (rng() < 0.02) return null;
    const house = pick(rng, this.data.houses);
    const entrance = intBetween(rng, 1, house.entrances);
    const floor = intBetween(rng, 1, house.floors);
    const flat = flatNumber(house, entrance, floor, intBetween(rng, 1, house.flatsPerFloor));
    return { houseId: house.id, entrance, floor, flat };
  }

  private ips(id: number): UsIpRecord[] {
    const rng = this.rng;
    // 10.0.0.0/8 + id: unique per customer; some have a second address in 100.64.0.0/10.
    const first: UsIpRecord = { ip: (0x0a000000 + id) >>> 0, mac: this.mac() };
    return rng() < 0.03 ? [first, { ip: (0x64400000 + id) >>> 0, mac: this.mac() }] : [first];
  }

  private mac(): string {
    const rng = this.rng;
    let out = '';
    for (let i = 0; i < 6; i++) out += intBetween(rng, 0, 255).toString(16).padStart(2, '0');
    return out;
  }
}

function assignment(id: number, since: number | null): UsTariffAssignment {
  return { id, since: since === null ? null : localMidnight(since), until: null };
}

/** Midnight of the (local wall-clock) day of `ms`. */
export function localMidnight(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
