/**
 * The emulated AX SmartYard database as `/bill/api` sees it: device types, devices, doors,
 * per-contract rights arrays and RFID keys. Tests may seed and inspect it directly — including
 * states the API cannot produce cleanly, such as a rights array naming a deleted device.
 */
import { randomUUID } from 'node:crypto';
import { pgNumeric12x9 } from './columns.js';

/** A `devices` row with column values as PostgreSQL returns them to Flask. */
export interface SmartyardDevice {
  readonly device_id: number;
  readonly device_uuid: string;
  device_type: number;
  url: string | null;
  stream: string | null;
  is_active: boolean;
  title: string | null;
  address: string | null;
  /** numeric(12,9) as Python `str(Decimal)`, e.g. `"37.617300000"`. */
  longitude: string | null;
  latitude: string | null;
  record_days: number | null;
  domophoneid: number | null;
  monitorid: number | null;
  sippassword: string | null;
  dtmf: number | null;
  camshot: string | null;
  paneltype: number | null;
  /** inet text, `/32` omitted. */
  panelip: string | null;
  panellogin: string | null;
  panelpasswd: string | null;
}

/** The 18 client-writable device columns, in the order the notes list them. */
export const DEVICE_FIELDS = [
  'device_type',
  'url',
  'stream',
  'is_active',
  'title',
  'address',
  'longitude',
  'latitude',
  'record_days',
  'domophoneid',
  'monitorid',
  'sippassword',
  'dtmf',
  'camshot',
  'paneltype',
  'panelip',
  'panellogin',
  'panelpasswd',
] as const;

export type DeviceFields = Omit<SmartyardDevice, 'device_id' | 'device_uuid'>;

/** A `doors` row: a lock device opened by `open`, shown with the camera `cam`. */
export interface SmartyardDoor {
  readonly id: number;
  open: string;
  device_id: number;
  cam: number;
  icon: string;
  entrance: number;
  name: string;
  open_trait: string | null;
}

export type DoorFields = Omit<SmartyardDoor, 'id'>;

/** A `keys` row: RFID key (bytea, shown as lower-case hex) of a contract. */
export interface SmartyardKey {
  readonly uid: number;
  readonly key: string;
  comment: string | null;
}

/** `types` as dump.sql seeds it. */
export const DEFAULT_TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'cam'],
  [2, 'newcam'],
  [3, 'lock'],
]);

const BLANK_DEVICE: DeviceFields = {
  device_type: 1,
  url: null,
  stream: null,
  is_active: true,
  title: null,
  address: null,
  longitude: null,
  latitude: null,
  record_days: null,
  domophoneid: null,
  monitorid: null,
  sippassword: null,
  dtmf: null,
  camshot: null,
  paneltype: null,
  panelip: null,
  panellogin: null,
  panelpasswd: null,
};

export class SmartyardState {
  readonly types: Map<number, string>;
  /** Devices by `device_id`, in insertion order (the list order). */
  readonly devices = new Map<number, SmartyardDevice>();
  readonly doors = new Map<number, SmartyardDoor>();
  /**
   * `rights.uid_right` by contract uid, raw: duplicates and ids of deleted devices stay, as the
   * real table keeps them. Tests may push any id here.
   */
  readonly rights = new Map<number, number[]>();
  readonly keys: SmartyardKey[] = [];
  /** Serial sequences: never reused, and advanced also by an insert that then fails a constraint. */
  nextDeviceId = 1;
  nextDoorId = 1;

  constructor(types: ReadonlyMap<number, string> = DEFAULT_TYPES) {
    this.types = new Map(types);
  }

  /**
   * Seeds a device (no validation beyond the decimal format); unset fields are null, type 1 and
   * active. Coordinates may be given as numbers.
   */
  addDevice(init: Partial<Omit<DeviceFields, 'longitude' | 'latitude'>> & { longitude?: number | string | null; latitude?: number | string | null; device_id?: number } = {}): SmartyardDevice {
    const id = init.device_id ?? this.nextDeviceId;
    this.nextDeviceId = Math.max(this.nextDeviceId, id + 1);
    const d: SmartyardDevice = {
      ...BLANK_DEVICE,
      ...init,
      device_id: id,
      device_uuid: randomUUID(),
      longitude: pgNumeric12x9(init.longitude ?? null, 'longitude'),
      latitude: pgNumeric12x9(init.latitude ?? null, 'latitude'),
    };
    this.devices.set(id, d);
    return d;
  }

  /** Seeds a door (no foreign-key check, so tests can build broken states too). */
  addDoor(init: Partial<DoorFields> & { device_id: number; cam: number }): SmartyardDoor {
    const door: SmartyardDoor = { open: '', icon: 'entrance', entrance: 1, name: '', open_trait: null, ...init, id: this.nextDoorId++ };
    this.doors.set(door.id, door);
    return door;
  }

  /** Replaces a contract's rights array as given (duplicates and dangling ids allowed). */
  setRights(uid: number, deviceIds: readonly number[]): void {
    this.rights.set(uid, [...deviceIds]);
  }

  /** Deletes a device and, as the `ON DELETE CASCADE` foreign keys do, every door naming it. */
  deleteDevice(id: number): void {
    if (!this.devices.delete(id)) return;
    for (const [doorId, door] of this.doors) {
      if (door.device_id === id || door.cam === id) this.doors.delete(doorId);
    }
  }
}
