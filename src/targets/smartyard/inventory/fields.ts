/**
 * The SmartYard server's device and door fields as the inventory names them, and which of them
 * go where: a panel's camera half, its lock half, or both; which are credentials. The names are
 * the server's own (`devices_add`, `doors_add`), so an operator can read them against its docs.
 */
import { DEVICE_FIELDS, DEVICE_TYPES, SMARTYARD_DEVICE, SMARTYARD_DOOR } from '../kinds.js';

export { DEVICE_FIELDS };

/** Kind names of the SmartYard target. */
export const DEVICE_KIND = SMARTYARD_DEVICE.kind;
export const DOOR_KIND = SMARTYARD_DOOR.kind;

/** A panel `<name>` is registered as the camera `<name>` and the lock `<name>:lock`. */
export const LOCK_SUFFIX = ':lock';

/** The server's device types (`types` table). */
export const DEVICE_TYPE = DEVICE_TYPES;

export type DeviceField = (typeof DEVICE_FIELDS)[number];

/**
 * What a panel's camera half carries: what the app plays and records. The public material
 * does not say which half the server reads the SIP and panel fields from; the lock half is the
 * "passage point" the doc registers for opening, and `domophoneid`/`monitorid` are unique per
 * server, so they cannot be on both halves — the lock half gets them (PANEL_FIELDS).
 */
export const CAMERA_FIELDS: ReadonlySet<DeviceField> = new Set(['url', 'stream', 'camshot', 'record_days']);

/** What a panel's lock half carries: calling and opening. */
export const PANEL_FIELDS: ReadonlySet<DeviceField> = new Set([
  'domophoneid',
  'monitorid',
  'sippassword',
  'dtmf',
  'paneltype',
  'panelip',
  'panellogin',
  'panelpasswd',
]);

/** Device fields whose whole value is a credential: the kind's `secret` attrs, redacted everywhere. */
export const SECRET_DEVICE_FIELDS: ReadonlySet<string> = secretAttrs(SMARTYARD_DEVICE.attrs);

/** Door fields whose whole value is a credential. */
export const SECRET_DOOR_FIELDS: ReadonlySet<string> = secretAttrs(SMARTYARD_DOOR.attrs);

/** Passwords: never written literally in the file, only as `${ENV}` or `${file:…}`. */
export const PASSWORD_FIELDS: ReadonlySet<string> = new Set(['sippassword', 'panelpasswd']);

/** What the server does with an empty `open_trait`; written explicitly so diffs stay quiet. */
export const DEFAULT_OPEN_TRAIT = 'GET';

function secretAttrs(attrs: Readonly<Record<string, { readonly secret?: boolean }>>): ReadonlySet<string> {
  return new Set(Object.entries(attrs).flatMap(([name, a]) => (a.secret === true ? [name] : [])));
}
