/**
 * The SmartYard inventory file (schemas/smartyard-inventory.schema.json) as plain data after
 * schema validation and `${…}` resolution, and what loading it yields.
 */
import type { Entity } from '../../../model/entity.js';
import type { AccessIndex } from '../../../mapping/access-index.js';
import type { DeclaredState } from '../../../config/adapter-descriptor.js';

export type DeviceType = 'camera' | 'panel' | 'lock';

export interface RawDoorFields {
  readonly icon: string;
  readonly name: string;
  readonly open: string;
  readonly open_trait?: string;
  readonly entrance?: number;
}

export interface RawDevice {
  readonly type: DeviceType;
  readonly device_type?: number;
  readonly house: string | number | readonly (string | number)[];
  readonly entrances?: readonly (string | number)[];
  readonly title: string;
  readonly address?: string;
  readonly url?: string;
  readonly stream?: string;
  readonly camshot?: string;
  readonly is_active?: boolean;
  readonly longitude?: number | string;
  readonly latitude?: number | string;
  readonly record_days?: number;
  readonly domophoneid?: number;
  readonly monitorid?: number;
  readonly sippassword?: string;
  readonly dtmf?: string | number;
  readonly paneltype?: number;
  readonly panelip?: string;
  readonly panellogin?: string;
  readonly panelpasswd?: string;
  readonly door?: RawDoorFields;
}

export interface RawDoor extends RawDoorFields {
  readonly lock: string;
  readonly cam: string;
}

export interface RawInventory {
  readonly devices: Readonly<Record<string, RawDevice>>;
  readonly doors?: Readonly<Record<string, RawDoor>>;
}

/** A loaded, checked inventory of one target: the state it declares (config/adapter-descriptor.ts). */
export interface Inventory extends DeclaredState {
  /** Desired devices then doors, with no origin: no subscriber owns them. */
  readonly entities: readonly Entity[];
  /** Devices by the house and entrance they serve, for `access:` mappings. */
  readonly access: AccessIndex;
}
