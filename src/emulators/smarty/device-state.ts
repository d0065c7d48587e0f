/**
 * Devices bound to accounts (MySQL `tvmiddleware_accountdevice`: account, device type,
 * device_uid) and the device types they are created with. A device_uid is unique per operator
 * (account/device/create error 4). Smarty runs on MySQL, whose default collation compares text
 * case-insensitively, so `00:1A:…` and `00:1a:…` are the same uid here (the strict reading:
 * more collisions, never fewer).
 */

/** A device type (`system_name`; `client_play_device_id` is its id). */
export interface SmartyDeviceType {
  readonly id: number;
  readonly system_name: string;
}

export interface SmartyDevice {
  readonly id: number;
  account_id: number;
  readonly device_uid: string;
  readonly type_id: number;
  readonly fields: Record<string, string>;
  readonly created_at: string;
}

/**
 * Default types. HMIG binds Hydra MACs with type id 3 = MAG; two types share the system_name
 * `android` so a client meets error 5 ("several device types with this system_name").
 */
export const DEFAULT_DEVICE_TYPES: readonly SmartyDeviceType[] = [
  { id: 1, system_name: 'mag200' },
  { id: 2, system_name: 'mag250' },
  { id: 3, system_name: 'mag' },
  { id: 4, system_name: 'android' },
  { id: 5, system_name: 'android' },
  { id: 6, system_name: 'smarttv' },
];

/** The devices table with its uid index. */
export class DeviceTable {
  readonly types: readonly SmartyDeviceType[];
  readonly byId = new Map<number, SmartyDevice>();
  private readonly byUid = new Map<string, number>();
  private nextId = 1;

  constructor(types: readonly SmartyDeviceType[] = DEFAULT_DEVICE_TYPES) {
    this.types = types;
  }

  byDeviceUid(uid: string): SmartyDevice | undefined {
    const id = this.byUid.get(uid.toLowerCase());
    return id === undefined ? undefined : this.byId.get(id);
  }

  ofAccount(accountId: number): SmartyDevice[] {
    return [...this.byId.values()].filter((d) => d.account_id === accountId);
  }

  /** Binds a device; the caller checked that the uid is free. */
  add(init: { account_id: number; device_uid: string; type_id: number; fields?: Record<string, string> }): SmartyDevice {
    const d: SmartyDevice = { id: this.nextId++, ...init, fields: { ...(init.fields ?? {}) }, created_at: new Date().toISOString() };
    this.byId.set(d.id, d);
    this.byUid.set(d.device_uid.toLowerCase(), d.id);
    return d;
  }

  delete(d: SmartyDevice): void {
    this.byId.delete(d.id);
    this.byUid.delete(d.device_uid.toLowerCase());
  }

  /** INFERRED (a Django FK): an account's devices go with it. */
  deleteOfAccount(accountId: number): void {
    for (const d of this.ofAccount(accountId)) this.delete(d);
  }
}
