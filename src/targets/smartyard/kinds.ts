/**
 * What billsync manages on a SmartYard (`/bill/api/`) server: the device and door inventory,
 * keyed by OUR names from the inventory YAML, and the access rights of each billing contract
 * (keyed by its uid) as the set of our device keys it may see and open. The server's ids
 * (`device_id`, door `id`) are remote ids in the snapshot.
 *
 * Attribute names are the server's own JSON fields, except a door's `lock`/`cam`, which hold our
 * device keys (the adapter resolves them to `device_id`/`cam`).
 */
import type { KindSpec } from '../../model/kind.js';

/**
 * Bounds from the AX schema (the newest published `smartyard_db.py` model with the panel
 * fields): varchar(64) url/stream/title/open, varchar(110) address, varchar(14) icon, and
 * PostgreSQL `integer` (int4) for every whole number, the contract `uid` included. Columns the
 * model leaves as `text` get 255, a sensible bound for a login, a password or a snapshot URL.
 */
const INT4 = { min: -2_147_483_648, max: 2_147_483_647 } as const;
const TEXT = 255;
const str = { type: 'string', maxLength: TEXT } as const;
const str64 = { type: 'string', maxLength: 64 } as const;
const int = { type: 'integer', ...INT4 } as const;
const secret = { type: 'string', secret: true, maxLength: TEXT } as const;
const secret64 = { type: 'string', secret: true, maxLength: 64 } as const;

/** The server's device types (`types` table): 1 cam, 2 newcam, 3 lock. */
export const DEVICE_TYPES = { cam: 1, newcam: 2, lock: 3 } as const;

export const SMARTYARD_DEVICE: KindSpec = {
  kind: 'device',
  keyType: 'string',
  // Our name from the inventory file.
  keyLimits: { maxLength: TEXT },
  attrs: {
    device_type: { type: 'integer', required: true, ...INT4 },
    url: str64,
    // RTSP URL with credentials.
    stream: secret64,
    is_active: { type: 'boolean' },
    title: str64,
    address: { type: 'string', maxLength: 110 },
    // Canonical text form String(Number(v)): the server answers Numeric(12,9) as "45.123456780".
    longitude: str,
    latitude: str,
    record_days: int,
    domophoneid: int,
    monitorid: int,
    sippassword: secret,
    dtmf: str,
    // Snapshot URL, often with credentials.
    camshot: secret,
    paneltype: int,
    panelip: str,
    panellogin: str,
    panelpasswd: secret,
  },
  sets: {},
};

export const SMARTYARD_DOOR: KindSpec = {
  kind: 'door',
  keyType: 'string',
  keyLimits: { maxLength: TEXT },
  attrs: {
    // Our device key of the lock (device_type 3).
    lock: { type: 'string', required: true, ref: 'device', maxLength: TEXT },
    // Our device key of the camera (device_type 1 or 2).
    cam: { type: 'string', required: true, ref: 'device', maxLength: TEXT },
    entrance: int,
    // entrance | wicket | gate
    icon: { type: 'string', maxLength: 14 },
    name: str,
    // Full open URL, may hold credentials.
    open: secret64,
    open_trait: str,
  },
  sets: {},
};

export const SMARTYARD_RIGHTS: KindSpec = {
  kind: 'rights',
  keyType: 'integer',
  // The billing contract uid: the `rights` primary key, an int4 (`int()` applied by the server).
  keyLimits: { min: 0, max: INT4.max },
  attrs: {},
  sets: { devices: { memberType: 'string', memberKind: 'device' } },
};

export const SMARTYARD_KINDS: readonly KindSpec[] = [SMARTYARD_DEVICE, SMARTYARD_DOOR, SMARTYARD_RIGHTS];

/** The 18 fields of `devices_add`/`devices_mod`, in the server's order. */
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
