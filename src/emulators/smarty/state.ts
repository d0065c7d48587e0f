/**
 * The emulated Smarty database of one operator (client_id): customers, their accounts and the
 * customer↔tariff M2M, held in maps with secondary indexes so 100,000 customers stay cheap.
 * Tests may seed and inspect it directly.
 */
import { DeviceTable, type SmartyDeviceType } from './device-state.js';
import { TransactionTable } from './transaction-state.js';

/** A tariff plan. `ext_id` is what `tariffs_info` shows; it cannot be set through the API. */
export interface SmartyTariff {
  readonly id: number;
  readonly name: string;
  readonly ext_id?: string;
}

export interface SmartyCustomer {
  readonly id: number;
  ext_id: string;
  /** Profile form fields as last written (strings, '' = cleared). */
  readonly profile: Record<string, string>;
  readonly tariffs: Set<number>;
  readonly accounts: Set<number>;
}

/** Login flags of an account, named as the API's form fields. */
export const ACCOUNT_FLAGS = [
  'active',
  'allow_multiple_login',
  'allow_login_by_abonement',
  'allow_login_by_device_uid',
  'allow_login_by_ip',
  'use_timeshift',
] as const;
export type AccountFlag = (typeof ACCOUNT_FLAGS)[number];

/** Flag defaults on account/create, per the docs. */
export const CREATE_FLAG_DEFAULTS: Readonly<Record<AccountFlag, boolean>> = {
  active: true,
  allow_multiple_login: false,
  allow_login_by_abonement: false,
  allow_login_by_device_uid: true,
  allow_login_by_ip: false,
  use_timeshift: false,
};

/**
 * Flag defaults the docs list for account/modify. The notes warn an omitted flag may be reset to
 * these; the emulator does reset them (the pessimistic reading), so a client that does not send
 * the full flag set is caught in tests.
 */
export const MODIFY_FLAG_DEFAULTS: Readonly<Record<AccountFlag, boolean>> = {
  ...CREATE_FLAG_DEFAULTS,
  allow_login_by_device_uid: false,
};

export interface SmartyAccount {
  readonly id: number;
  abonement: number;
  customer_id: number;
  password: string;
  flags: Record<AccountFlag, boolean>;
  status_reason: string;
  account_ext_id: string;
  /** Other text/date fields (dates yyyy-mm-dd or null). */
  readonly extra: Record<string, string | null>;
  allowed_device_groups: number[];
  readonly created_at: string;
}

const DEFAULT_TARIFFS: readonly SmartyTariff[] = [
  { id: 1, name: 'Basic', ext_id: 'basic' },
  { id: 2, name: 'HD', ext_id: 'hd' },
  { id: 3, name: 'Kids', ext_id: 'kids' },
];

export class SmartyState {
  readonly tariffs = new Map<number, SmartyTariff>();
  readonly customers = new Map<number, SmartyCustomer>();
  readonly accounts = new Map<number, SmartyAccount>();
  /** Devices bound to accounts (account/device/*). */
  readonly devices: DeviceTable;
  /** Transactions an external billing sent (transaction/*). */
  readonly transactions = new TransactionTable();
  private readonly customerByExtId = new Map<string, number>();
  private readonly accountByAbonement = new Map<number, number>();
  private nextCustomerId = 1;
  private nextAccountId = 1;

  constructor(tariffs: readonly SmartyTariff[] = DEFAULT_TARIFFS, deviceTypes?: readonly SmartyDeviceType[]) {
    for (const t of tariffs) this.tariffs.set(t.id, t);
    this.devices = new DeviceTable(deviceTypes);
  }

  customerByExt(extId: string): SmartyCustomer | undefined {
    const id = this.customerByExtId.get(extId);
    return id === undefined ? undefined : this.customers.get(id);
  }

  accountByAbon(abonement: number): SmartyAccount | undefined {
    const id = this.accountByAbonement.get(abonement);
    return id === undefined ? undefined : this.accounts.get(id);
  }

  /** Creates a customer; the caller has checked ext_id uniqueness. */
  addCustomer(init: { ext_id?: string; profile?: Record<string, string>; tariffs?: readonly number[] }): SmartyCustomer {
    const c: SmartyCustomer = {
      id: this.nextCustomerId++,
      ext_id: init.ext_id ?? '',
      profile: { ...(init.profile ?? {}) },
      tariffs: new Set(init.tariffs ?? []),
      accounts: new Set(),
    };
    this.customers.set(c.id, c);
    if (c.ext_id !== '') this.customerByExtId.set(c.ext_id, c.id);
    return c;
  }

  /** Changes a customer's ext_id, keeping the index right. */
  setExtId(c: SmartyCustomer, extId: string): void {
    if (c.ext_id !== '') this.customerByExtId.delete(c.ext_id);
    c.ext_id = extId;
    if (extId !== '') this.customerByExtId.set(extId, c.id);
  }

  /** Deletes a customer and (INFERRED: undocumented) cascades to its accounts, as a Django FK would. */
  deleteCustomer(c: SmartyCustomer): void {
    for (const aid of c.accounts) {
      const a = this.accounts.get(aid);
      if (a) this.deleteAccount(a);
    }
    this.transactions.deleteOfCustomer(c.id);
    this.customers.delete(c.id);
    if (c.ext_id !== '') this.customerByExtId.delete(c.ext_id);
  }

  /** Creates an account for a customer; the caller has checked abonement uniqueness. */
  addAccount(init: {
    customer_id: number;
    abonement?: number;
    password?: string;
    flags?: Partial<Record<AccountFlag, boolean>>;
    status_reason?: string;
    account_ext_id?: string;
  }): SmartyAccount {
    const owner = this.customers.get(init.customer_id);
    if (!owner) throw new Error(`emulator: no customer ${init.customer_id}`);
    const a: SmartyAccount = {
      id: this.nextAccountId++,
      abonement: init.abonement ?? this.freeAbonement(),
      customer_id: init.customer_id,
      password: init.password ?? String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0'),
      flags: { ...CREATE_FLAG_DEFAULTS, ...(init.flags ?? {}) },
      status_reason: init.status_reason ?? '',
      account_ext_id: init.account_ext_id ?? '',
      extra: {},
      allowed_device_groups: [0, 1, 2, 3],
      created_at: new Date().toISOString(),
    };
    this.accounts.set(a.id, a);
    this.accountByAbonement.set(a.abonement, a.id);
    owner.accounts.add(a.id);
    return a;
  }

  deleteAccount(a: SmartyAccount): void {
    this.devices.deleteOfAccount(a.id);
    this.accounts.delete(a.id);
    this.accountByAbonement.delete(a.abonement);
    this.customers.get(a.customer_id)?.accounts.delete(a.id);
  }

  /** Changes an account's abonement, keeping the index right; the caller checked uniqueness. */
  setAbonement(a: SmartyAccount, abonement: number): void {
    this.accountByAbonement.delete(a.abonement);
    a.abonement = abonement;
    this.accountByAbonement.set(abonement, a.id);
  }

  /** An unused abonement for an account created without one (Smarty generates it). */
  private freeAbonement(): number {
    let n = 100_000 + this.nextAccountId;
    while (this.accountByAbonement.has(n)) n++;
    return n;
  }
}
