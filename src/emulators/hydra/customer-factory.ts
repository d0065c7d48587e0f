/**
 * Makes one plausible Hydra customer from a PRNG: Cyrillic FIO, a personal account, phones, a
 * flat in a generated building, and subscriptions with the awkward cases a sync engine must get
 * right (closed, not yet started, already ended, ending later). Used by the bulk generator and
 * by `state.addCustomer()`, so added customers look like generated ones.
 */
import { CATALOG, FEMALE_NAMES, MALE_NAMES, PATRONYMICS, SURNAMES, femaleSurname, type CatalogRole } from './dictionary.js';
import type { HydraCustomerRecord, HydraData, HydraSubscriptionRecord } from './model.js';
import { SUBJ_STATE } from './model.js';
import { intBetween, pick, type Rng } from '../kit/prng.js';

export const DAY_MS = 86_400_000;
/** First generated `n_subject_id`. */
export const FIRST_CUSTOMER_ID = 100001;

/** What a caller may fix when adding a customer; everything else is drawn. */
export interface CustomerOverrides {
  readonly name?: string;
  readonly female?: boolean;
  readonly stateId?: number;
  readonly account?: string;
  readonly phones?: readonly string[];
  /** Catalog service ids to open (replaces the drawn subscriptions). */
  readonly services?: readonly number[];
  /** When the customer and its subscriptions start (default: a minute before the factory's now). */
  readonly at?: Date;
}

export interface FactoryOptions {
  /** Share of customers whose account number is not numeric ('ЛС-123'); default 0. */
  readonly nonNumericAccountShare?: number;
}

const NO_TAGS: readonly string[] = Object.freeze([]);
const TEST_TAGS: readonly string[] = Object.freeze(['тестовый_абонент']);
const VIP_TAGS: readonly string[] = Object.freeze(['vip']);

function idsOf(role: CatalogRole): number[] {
  return CATALOG.filter((c) => c.role === role).map((c) => c.id);
}
const TV_BASE = idsOf('tv_base');
const TV_ADDONS = idsOf('tv_addon');

export class CustomerFactory {
  constructor(
    private readonly rng: Rng,
    private readonly data: HydraData,
    private readonly opts: FactoryOptions = {},
  ) {}

  /** A generated customer with id `id`; `now` (epoch ms) anchors future/ended subscriptions. */
  make(id: number, now: number = this.data.now, overrides: CustomerOverrides = {}): HydraCustomerRecord {
    const rng = this.rng;
    const female = overrides.female ?? rng() < 0.5;
    const name = overrides.name ?? this.fio(female);
    const stateId = overrides.stateId ?? this.state();
    const created = overrides.at ? floorSecond(overrides.at.getTime()) - 60_000 : now - intBetween(rng, 30, 3650) * DAY_MS;
    const house = pick(rng, this.data.houses);
    const entrance = intBetween(rng, 1, house.entrances);
    const floor = intBetween(rng, 1, house.floors);
    const flat = ((entrance - 1) * house.floors + (floor - 1)) * 4 + intBetween(rng, 1, 4);
    const nonNumeric = rng() < (this.opts.nonNumericAccountShare ?? 0);
    const account = overrides.account ?? (nonNumeric ? `ЛС-${id}` : `7${String(id).padStart(7, '0')}`);
    const balance = stateId === SUBJ_STATE.paymentsLocked ? -intBetween(rng, 1, 3000) : intBetween(rng, 0, 150_000) / 100;
    const phones = overrides.phones ?? this.phones();
    const tagDraw = rng();
    const tags = tagDraw < 0.02 ? TEST_TAGS : tagDraw < 0.05 ? VIP_TAGS : NO_TAGS;
    const subscriptions = overrides.services
      ? overrides.services.map((s) => this.subscription(s, created + 60_000))
      : this.subscriptions(created, now);
    return {
      id, name, female, stateId, created, accountId: 40_000_000 + id, account, balance, phones,
      house, entrance, floor, flat, tags, subscriptions,
    };
  }

  /** A new open subscription record with the next free id. */
  subscription(serviceId: number, begin: number, parentId: number | null = null): HydraSubscriptionRecord {
    const id = this.data.nextSubscriptionId++;
    return { id, serviceId, begin, end: null, closed: false, parentId, prevId: null };
  }

  private fio(female: boolean): string {
    const rng = this.rng;
    const surname = pick(rng, SURNAMES);
    const first = pick(rng, female ? FEMALE_NAMES : MALE_NAMES);
    const patronymic = pick(rng, PATRONYMICS)[female ? 1 : 0];
    const last = female ? femaleSurname(surname) : surname;
    // A few people are registered without a patronymic (foreign nationals, old records).
    // join() yields a flat string; template literals leave rope nodes that cost ~3x the memory.
    return (rng() < 0.02 ? [last, first] : [last, first, patronymic]).join(' ');
  }

  private state(): number {
    const r = this.rng();
    if (r < 0.85) return SUBJ_STATE.on;
    if (r < 0.91) return SUBJ_STATE.paymentsLocked;
    if (r < 0.94) return SUBJ_STATE.locked;
    if (r < 0.97) return SUBJ_STATE.manuallySuspended;
    return SUBJ_STATE.off;
  }

  private phones(): readonly string[] {
    const rng = this.rng;
    if (rng() >= 0.9) return NO_TAGS;
    const phone = (): string => {
      const d = (n: number): string => String(intBetween(rng, 0, 10 ** n - 1)).padStart(n, '0');
      return ['+7 (9', d(2), ') ', d(3), '-', d(2), '-', d(2)].join('');
    };
    return rng() < 0.05 ? [phone(), phone()] : [phone()];
  }

  private subscriptions(created: number, now: number): HydraSubscriptionRecord[] {
    const rng = this.rng;
    const start = created + intBetween(rng, 0, 5) * DAY_MS;
    const subs: HydraSubscriptionRecord[] = [];
    if (rng() < 0.95) subs.push(this.subscription(100, start));
    if (rng() < 0.75) {
      const base = this.subscription(pick(rng, TV_BASE), start);
      subs.push(base);
      if (rng() < 0.3) {
        const first = pick(rng, TV_ADDONS);
        subs.push(this.subscription(first, start, base.id));
        const second = pick(rng, TV_ADDONS);
        if (rng() < 0.3 && second !== first) subs.push(this.subscription(second, start, base.id));
      }
    }
    if (rng() < 0.08) subs.push(this.subscription(102, start));
    for (const s of subs) this.perturb(s, now);
    if (rng() < 0.06) {
      // History: an earlier tariff, properly closed.
      const old = this.subscription(pick(rng, [...TV_BASE, 101]), created);
      old.end = Math.min(now - DAY_MS, created + 30 * DAY_MS);
      old.closed = true;
      subs.unshift(old);
    }
    // Exact-size copy: a grown array keeps spare capacity, which adds up over 100k customers.
    return subs.slice();
  }

  /** The awkward cases: not started yet, ended without the closed flag, ending later, closed. */
  private perturb(s: HydraSubscriptionRecord, now: number): void {
    const rng = this.rng;
    const r = rng();
    if (r < 0.02) {
      s.begin = now + intBetween(rng, 1, 30) * DAY_MS;
    } else if (r < 0.05) {
      s.end = now - intBetween(rng, 1, 20) * DAY_MS;
    } else if (r < 0.08) {
      s.end = now + intBetween(rng, 1, 60) * DAY_MS;
    } else if (r < 0.1) {
      s.end = now - intBetween(rng, 1, 20) * DAY_MS;
      s.closed = true;
    }
  }
}

/** Truncates epoch ms to whole seconds: the API's dates have no fractions. */
export function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
