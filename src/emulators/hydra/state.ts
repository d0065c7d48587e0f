/**
 * The emulator's mutable data with the helpers demos and tests use to make things happen in
 * "billing": block a customer, switch a tariff, add or remove a customer. Customers stay ordered
 * by id, which is the order the list endpoint pages in.
 */
import { CustomerFactory, FIRST_CUSTOMER_ID, floorSecond, type CustomerOverrides, type FactoryOptions } from './customer-factory.js';
import type { HydraCatalogItem, HydraCustomerRecord, HydraEquipmentRecord, HydraData } from './model.js';
import { mulberry32 } from '../kit/prng.js';

export class HydraState {
  private readonly byId = new Map<number, HydraCustomerRecord>();
  private readonly factory: CustomerFactory;
  private readonly clock: () => number;

  /**
   * @param data generated (or hand-built) data; customers must be ordered by id.
   * @param clock current time for mutations that default to "now".
   */
  constructor(
    readonly data: HydraData,
    opts: FactoryOptions & { seed?: number; clock?: () => number } = {},
  ) {
    for (const c of data.customers) this.byId.set(c.id, c);
    // A separate stream from the generator's, so adding customers never changes existing ones.
    this.factory = new CustomerFactory(mulberry32((opts.seed ?? 1) ^ 0x5bd1e995), data, opts);
    this.clock = opts.clock ?? Date.now;
  }

  /** Number of customers. */
  get customers(): number {
    return this.data.customers.length;
  }

  /** All customers, ordered by id. Do not mutate the array; use the helpers. */
  all(): readonly HydraCustomerRecord[] {
    return this.data.customers;
  }

  get(id: number): HydraCustomerRecord | undefined {
    return this.byId.get(id);
  }

  /** One 1-based page of customers ordered by id. */
  page(page: number, perPage: number): readonly HydraCustomerRecord[] {
    const from = (page - 1) * perPage;
    return this.data.customers.slice(from, from + perPage);
  }

  catalogItem(id: number): HydraCatalogItem | undefined {
    return this.data.catalog.get(id);
  }

  /** Adds (or renames) a catalog service, e.g. a new tariff for a demo. */
  addCatalogItem(item: HydraCatalogItem): void {
    this.data.catalog.set(item.id, item);
  }

  /** Sets `n_subj_state_id` (2011 on, 6011 debt lock, …). */
  setState(customerId: number, stateId: number): void {
    this.mustGet(customerId).stateId = stateId;
  }

  /**
   * Closes the customer's open subscriptions of `fromServiceId` at `at` (d_end = at,
   * c_fl_closed 'Y') and opens `toServiceId` from `at`, as an operator's tariff change would.
   * Add-ons hanging off a closed base package move to the new one.
   */
  switchService(customerId: number, fromServiceId: number, toServiceId: number, at: Date): void {
    const customer = this.mustGet(customerId);
    if (!this.data.catalog.has(toServiceId)) throw new Error(`hydra emulator: no catalog service ${toServiceId}`);
    const when = floorSecond(at.getTime());
    const open = customer.subscriptions.filter(
      (s) => s.serviceId === fromServiceId && !s.closed && (s.end === null || s.end > when),
    );
    const first = open[0];
    if (!first) throw new Error(`hydra emulator: customer ${customerId} has no open subscription to ${fromServiceId}`);
    const next = this.factory.subscription(toServiceId, when, first.parentId);
    next.prevId = first.id;
    for (const s of open) {
      s.end = when;
      s.closed = true;
    }
    for (const s of customer.subscriptions) {
      if (s.parentId !== null && open.some((o) => o.id === s.parentId)) s.parentId = next.id;
    }
    customer.subscriptions.push(next);
  }

  /** Adds a customer after the highest id; fields not given are drawn like generated ones. */
  addCustomer(partial: CustomerOverrides = {}): number {
    const last = this.data.customers[this.data.customers.length - 1];
    const id = last ? last.id + 1 : FIRST_CUSTOMER_ID;
    const record = this.factory.make(id, floorSecond(this.clock()), partial);
    this.data.customers.push(record);
    this.byId.set(id, record);
    return id;
  }

  /** Removes a customer; false when it did not exist. */
  removeCustomer(id: number): boolean {
    if (!this.byId.delete(id)) return false;
    const list = this.data.customers;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = list[mid]!.id;
      if (at === id) {
        list.splice(mid, 1);
        break;
      }
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return true;
  }

  /** Gives a customer a set-top box with this MAC (any spelling; stored as Hydra writes it). */
  bindEquipment(customerId: number, mac: string, serial = ''): number {
    const c = this.mustGet(customerId);
    const hex = mac.replace(/[^0-9a-f]/gi, '').toUpperCase();
    const objectId = this.nextObjectId++;
    (c.equipment ??= []).push({ objectId, entryId: objectId + 500_000, addressId: objectId + 900_000, mac: hex.match(/../g)!.join('-'), serial, stateId: 1040 });
    return objectId;
  }

  /** Moves the equipment holding `mac` to another customer (a box handed over). */
  moveEquipment(mac: string, toCustomerId: number): void {
    const hex = mac.replace(/[^0-9a-f]/gi, '').toUpperCase();
    for (const c of this.data.customers) {
      const i = (c.equipment ?? []).findIndex((e) => e.mac.replace(/-/g, '') === hex);
      if (i < 0) continue;
      const [e] = c.equipment!.splice(i, 1);
      (this.mustGet(toCustomerId).equipment ??= []).push(e!);
      return;
    }
    throw new Error(`hydra emulator: no equipment with MAC ${mac}`);
  }

  /** Books a payment onto the customer's account (and its balance). */
  addPayment(customerId: number, sum: number, at: Date, rem = 'Оплата'): number {
    const c = this.mustGet(customerId);
    const docId = this.nextDocId++;
    (c.payments ??= []).push({ docId, sum, at: at.getTime(), rem });
    c.balance = Math.round((c.balance + sum) * 100) / 100;
    return docId;
  }

  /** Customer and account of an account id. */
  byAccountId(accountId: number): HydraCustomerRecord | undefined {
    return this.data.customers.find((c) => c.accountId === accountId);
  }

  /** Equipment (and its customer) by object id. */
  equipmentById(objectId: number): HydraEquipmentRecord | undefined {
    for (const c of this.data.customers) for (const e of c.equipment ?? []) if (e.objectId === objectId) return e;
    return undefined;
  }

  private nextObjectId = 7_000_001;
  private nextDocId = 90_000_001;

  private mustGet(id: number): HydraCustomerRecord {
    const c = this.byId.get(id);
    if (!c) throw new Error(`hydra emulator: no customer ${id}`);
    return c;
  }
}
