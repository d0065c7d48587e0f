/**
 * The server's device and door rows ↔ our attributes, both ways. Pure. Values are normalised to
 * the forms the inventory produces, so an unchanged object never shows as drift: numbers for
 * integer fields (the server may answer them as text), `String(Number(v))` for coordinates
 * (Numeric(12,9) comes back as "45.123456780"), null for absent.
 */
import type { AttrValue, Attrs } from '../../model/entity.js';
import { DEVICE_FIELDS } from './kinds.js';

/** A row of `devices_list`, as far as billsync reads it. */
export interface DeviceRow {
  readonly deviceId: number;
  readonly attrs: Readonly<Record<string, AttrValue>>;
}

/** A row of `doors_list`: ids of the lock (`device_id`) and camera (`cam`) devices, plus attributes. */
export interface DoorRow {
  readonly id: number;
  readonly lockId: number | null;
  readonly camId: number | null;
  /** entrance, icon, name, open, open_trait. */
  readonly attrs: Readonly<Record<string, AttrValue>>;
}

/** An id as the server sends it (number or numeric text); undefined when it is not one. */
export function idOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Text, or null for absent. */
export function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** An integer field; null when absent or not a number. */
export function integer(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** A boolean field; the server may store it as 0/1 or text. */
export function flag(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || v === 'true' || v === 't') return true;
  if (v === 0 || v === '0' || v === 'false' || v === 'f') return false;
  return null;
}

/** The canonical text of a coordinate: `String(Number(v))`, so "45.123456780" is "45.12345678". */
export function coordinate(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? String(n) : text(v);
}

const INTEGER_FIELDS = new Set(['device_type', 'record_days', 'domophoneid', 'monitorid', 'paneltype']);
const COORDINATES = new Set(['longitude', 'latitude']);

/** One device field, normalised. */
function deviceField(field: string, v: unknown): AttrValue {
  if (INTEGER_FIELDS.has(field)) return integer(v);
  if (COORDINATES.has(field)) return coordinate(v);
  if (field === 'is_active') return flag(v);
  return text(v);
}

/** A `devices_list` entry; undefined when it has no usable `device_id`. */
export function readDevice(v: unknown): DeviceRow | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const deviceId = idOf(o.device_id);
  if (deviceId === undefined) return undefined;
  const attrs: Record<string, AttrValue> = {};
  for (const f of DEVICE_FIELDS) attrs[f] = deviceField(f, o[f]);
  return { deviceId, attrs };
}

/** A `doors_list` entry; undefined when it has no usable `id`. */
export function readDoor(v: unknown): DoorRow | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const id = idOf(o.id);
  if (id === undefined) return undefined;
  return {
    id,
    lockId: idOf(o.device_id) ?? null,
    camId: idOf(o.cam) ?? null,
    attrs: { entrance: integer(o.entrance), icon: text(o.icon), name: text(o.name), open: text(o.open), open_trait: text(o.open_trait) },
  };
}

/**
 * The body of `devices_add` / `devices_mod` (without `device_id`): all 18 fields, null for the
 * unset ones (the server requires every key), each in the type the server's column takes.
 */
export function deviceBody(attrs: Attrs): Record<string, AttrValue> {
  const body: Record<string, AttrValue> = {};
  for (const f of DEVICE_FIELDS) {
    const v = attrs[f];
    body[f] = v === undefined || v === null ? null : COORDINATES.has(f) ? coordinate(v) : deviceField(f, v);
  }
  return body;
}

/** The body of `doors_add` / `doors_mod` (without `doors_id`), with the resolved device ids. */
export function doorBody(attrs: Attrs, lockId: number, camId: number): Record<string, AttrValue> {
  return {
    device_id: lockId,
    cam: camId,
    entrance: integer(attrs.entrance),
    icon: text(attrs.icon),
    name: text(attrs.name),
    open: text(attrs.open),
    open_trait: text(attrs.open_trait),
  };
}

/** A member key for a device id that no snapshot entity holds, so drift shows it. */
export const unknownDevice = (id: number | string): string => `#${id}`;

/** The device id of an `#<id>` member; undefined for our own keys. */
export function unknownDeviceId(member: string): number | undefined {
  return member.startsWith('#') ? idOf(member.slice(1)) : undefined;
}
