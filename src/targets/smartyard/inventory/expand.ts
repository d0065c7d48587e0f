/**
 * Inventory → desired entities: each device declared becomes one `device` entity, a panel two
 * (its camera `<name>` and its lock `<name>:lock`) plus the door `<name>`; each entry of
 * `doors:` one `door`. Every device entity carries all 18 server fields (null where the file
 * gives none), so removing a field from the file clears it on the server. Pure; runs on an
 * inventory the rules accepted.
 */
import type { AttrValue, Entity } from '../../../model/entity.js';
import { normaliseEntrance } from '../../../mapping/access-index.js';
import {
  CAMERA_FIELDS,
  DEFAULT_OPEN_TRAIT,
  DEVICE_FIELDS,
  DEVICE_KIND,
  DEVICE_TYPE,
  DOOR_KIND,
  LOCK_SUFFIX,
  PANEL_FIELDS,
  type DeviceField,
} from './fields.js';
import type { RawDevice, RawDoorFields, RawInventory } from './types.js';

/**
 * The canonical text of a coordinate: `55.750` and `'55.75'` are both "55.75". Rounded to the
 * 9 decimals the server's Numeric(12,9) keeps, so a longer value does not read back as drift.
 */
export function canonicalCoordinate(v: number | string | undefined): string | null {
  if (v === undefined) return null;
  const n = Number(typeof v === 'string' ? v.trim() : v);
  return Number.isFinite(n) ? String(Number(n.toFixed(9))) : null;
}

/** The server keeps `dtmf` as an integer: '01' reads back as 1, so it is declared as "1". */
function canonicalDtmf(v: string | number): string {
  const text = String(v).trim();
  return /^\d+$/.test(text) ? BigInt(text).toString() : text;
}

/** A field's value as the entity attr holds it. */
function fieldValue(d: RawDevice, f: DeviceField): AttrValue {
  switch (f) {
    case 'device_type':
      return null;
    case 'longitude':
    case 'latitude':
      return canonicalCoordinate(d[f]);
    case 'dtmf':
      return d.dtmf === undefined ? null : canonicalDtmf(d.dtmf);
    case 'is_active':
      // A device in the inventory is meant to be in service unless the file says otherwise.
      return d.is_active ?? true;
    default:
      return d[f] ?? null;
  }
}

function deviceEntity(target: string, key: string, d: RawDevice, deviceType: number, keep: (f: DeviceField) => boolean): Entity {
  const attrs: Record<string, AttrValue> = {};
  for (const f of DEVICE_FIELDS) attrs[f] = f === 'device_type' ? deviceType : keep(f) ? fieldValue(d, f) : null;
  return { target, kind: DEVICE_KIND, key, attrs, sets: {} };
}

/** The device entities one inventory entry declares. */
export function devicesOf(target: string, name: string, d: RawDevice): Entity[] {
  const camType = d.device_type ?? DEVICE_TYPE.cam;
  switch (d.type) {
    case 'camera':
      return [deviceEntity(target, name, d, camType, () => true)];
    case 'lock':
      return [deviceEntity(target, name, d, DEVICE_TYPE.lock, () => true)];
    case 'panel':
      return [
        deviceEntity(target, name, d, camType, (f) => !PANEL_FIELDS.has(f)),
        deviceEntity(target, name + LOCK_SUFFIX, d, DEVICE_TYPE.lock, (f) => !CAMERA_FIELDS.has(f)),
      ];
  }
}

/** The only entrance a device serves as a number, else undefined (building-wide, several, text). */
export function onlyEntrance(d: RawDevice | undefined): number | undefined {
  const distinct = new Set((d?.entrances ?? []).map(normaliseEntrance));
  if (distinct.size !== 1) return undefined;
  const n = Number([...distinct][0]);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function doorEntity(target: string, key: string, lock: string, cam: string, f: RawDoorFields, lockDevice: RawDevice | undefined): Entity {
  return {
    target,
    kind: DOOR_KIND,
    key,
    attrs: {
      lock,
      cam,
      entrance: f.entrance ?? onlyEntrance(lockDevice) ?? null,
      icon: f.icon,
      name: f.name,
      open: f.open,
      open_trait: f.open_trait ?? DEFAULT_OPEN_TRAIT,
    },
    sets: {},
  };
}

/** The declared device a device key belongs to (`p1:lock` → panel `p1`). */
export function declaredDevice(inv: RawInventory, key: string): RawDevice | undefined {
  const direct = Object.hasOwn(inv.devices, key) ? inv.devices[key] : undefined;
  if (direct) return direct;
  if (!key.endsWith(LOCK_SUFFIX)) return undefined;
  const panel = inv.devices[key.slice(0, -LOCK_SUFFIX.length)];
  return panel?.type === 'panel' ? panel : undefined;
}

/** All desired entities of the inventory: devices in file order, then panel doors, then doors. */
export function expandInventory(target: string, inv: RawInventory): Entity[] {
  const devices = Object.entries(inv.devices).flatMap(([name, d]) => devicesOf(target, name, d));
  const panelDoors = Object.entries(inv.devices).flatMap(([name, d]) =>
    d.type === 'panel' && d.door ? [doorEntity(target, name, name + LOCK_SUFFIX, name, d.door, d)] : [],
  );
  const doors = Object.entries(inv.doors ?? {}).map(([name, d]) => doorEntity(target, name, d.lock, d.cam, d, declaredDevice(inv, d.lock)));
  return [...devices, ...panelDoors, ...doors];
}
