/**
 * The emulator's mutable data with the helpers tests and demos use to make things happen in
 * the ERP: change a customer's state, move them to another flat, change their tariffs, rename
 * them, add or remove customers, states and tariffs. Customers stay ordered by id.
 */
import { mulberry32 } from '../kit/prng.js';
import { CustomerFactory, FIRST_CUSTOMER_ID, type CustomerOverrides } from './factory.js';
import { flatLocation } from './houses.js';
import { BILLING_ID } from './model.js';
import type { UsCustomerRecord, UsData, UsHouse, UsIpRecord, UsStateRecord, UsTariffRecord } from './model.js';

/** Conditions of `get_customers_id` the emulator understands (undefined = no condition). */
export interface CustomerQuery {
  /** 0 = current customers, 1 = former ones. */
  readonly isEx?: number;
  readonly stateId?: number;
  readonly houseId?: number;
  readonly tariffId?: number;
  readonly isCorporate?: number;
  /** Every emulated customer is in billing BILLING_ID. */
  readonly billingId?: number;
}

export class UsersideState {
  private readonly byId = new Map<number, UsCustomerRecord>();
  private readonly factory: CustomerFactory;
  readonly houses: ReadonlyMap<number, UsHouse>;

  constructor(
    readonly data: UsData,
    opts: { seed?: number } = {},
  ) {
    for (const c of data.customers) this.byId.set(c.id, c);
    this.houses = new Map(data.houses.map((h) => [h.id, h]));
    // A separate stream from the generator's, so adding customers never changes existing ones.
    this.factory = new CustomerFactory(mulberry32((opts.seed ?? 1) ^ 0x1b873593), data);
  }

  get size(): number {
    return this.data.customers.length;
  }

  /** All customers, ordered by id. Do not mutate the array; use the helpers. */
  all(): readonly UsCustomerRecord[] {
    return this.data.customers;
  }

  get(id: number): UsCustomerRecord | undefined {
    return this.byId.get(id);
  }

  /** Ids of the customers matching every given condition, ascending. */
  query(q: CustomerQuery): number[] {
    const out: number[] = [];
    for (const c of this.data.customers) {
      if (q.isEx !== undefined && c.former !== (q.isEx === 1)) continue;
      if (q.stateId !== undefined && c.stateId !== q.stateId) continue;
      if (q.houseId !== undefined && c.address?.houseId !== q.houseId) continue;
      if (q.tariffId !== undefined && !c.tariffs.some((t) => t.id === q.tariffId)) continue;
      if (q.isCorporate !== undefined && c.corporate !== (q.isCorporate === 1)) continue;
      if (q.billingId !== undefined && q.billingId !== BILLING_ID) continue;
      out.push(c.id);
    }
    return out;
  }

  /** Makes the customer a former one (`is_ex`), or current again. */
  setFormer(id: number, former: boolean): void {
    this.mustGet(id).former = former;
  }

  /** Sets the customer's work state (see `STATES`). */
  setState(id: number, stateId: number): void {
    this.mustGet(id).stateId = stateId;
  }

  /** Moves the customer to `flat` of `houseId` (entrance and floor follow), or clears the address. */
  moveCustomer(id: number, to: { readonly houseId: number; readonly flat: number } | null): void {
    const c = this.mustGet(id);
    if (to === null) {
      c.address = null;
      return;
    }
    const house = this.houses.get(to.houseId);
    const at = house ? flatLocation(house, to.flat) : null;
    if (!at) throw new Error(`userside emulator: no flat ${to.flat} in house ${to.houseId}`);
    c.address = { houseId: to.houseId, entrance: at.entrance, floor: at.floor, flat: to.flat };
  }

  /** Replaces `tariff.current`; tariffs kept keep their dates, new ones start at `since`. */
  setTariffs(id: number, tariffIds: readonly number[], since: number = this.data.now): void {
    const c = this.mustGet(id);
    for (const t of tariffIds) if (!this.data.tariffs.has(t)) throw new Error(`userside emulator: no tariff ${t}`);
    const kept = new Map(c.tariffs.map((t) => [t.id, t]));
    c.tariffs = [...new Set(tariffIds)].map((t) => kept.get(t) ?? { id: t, since, until: null });
  }

  /** Replaces the customer's `ip_mac` records (IP as inet_aton, MAC as UserSide writes it). */
  setIpMac(id: number, records: readonly UsIpRecord[]): void {
    this.mustGet(id).ips = records.map((r) => ({ ...r }));
  }

  setName(id: number, name: string): void {
    this.mustGet(id).name = name;
  }

  /** Adds a customer after the highest id; fields not given are drawn like generated ones. */
  addCustomer(o: CustomerOverrides = {}): number {
    const last = this.data.customers[this.data.customers.length - 1];
    const id = last ? last.id + 1 : FIRST_CUSTOMER_ID;
    const record = this.factory.make(id, this.data.now, o);
    this.data.customers.push(record);
    this.byId.set(id, record);
    return id;
  }

  /** Deletes a customer (UserSide's API never shows deleted ones); false when unknown. */
  removeCustomer(id: number): boolean {
    if (!this.byId.delete(id)) return false;
    const list = this.data.customers;
    list.splice(list.findIndex((c) => c.id === id), 1);
    return true;
  }

  /** Adds or replaces a work state of the status configurator. */
  putState(s: UsStateRecord): void {
    this.data.states.set(s.id, s);
  }

  /** Adds or replaces a tariff of the catalogue. */
  putTariff(t: UsTariffRecord): void {
    this.data.tariffs.set(t.id, t);
  }

  private mustGet(id: number): UsCustomerRecord {
    const c = this.byId.get(id);
    if (!c) throw new Error(`userside emulator: no customer ${id}`);
    return c;
  }
}
