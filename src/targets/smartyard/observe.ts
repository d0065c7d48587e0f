/**
 * Server rows → live entities (what observe/observeAll return and what adoption records). Device
 * keys are ours, so every id is mapped back through the snapshot: a device id no snapshot entity
 * holds becomes the member / reference `#<id>`, which never equals one of our keys and so shows
 * as drift.
 */
import type { AttrValue, Entity } from '../../model/entity.js';
import type { ExecuteContext } from '../target.js';
import { idOf, unknownDevice, type DeviceRow, type DoorRow } from './wire.js';

/** Our key of a device id, else `#<id>`. */
export function deviceKeyOf(ctx: ExecuteContext | undefined, id: number): string {
  return ctx?.keyOf?.('device', String(id)) ?? unknownDevice(id);
}

export function deviceEntity(target: string, key: string, row: DeviceRow): Entity {
  return { target, kind: 'device', key, attrs: { ...row.attrs }, sets: {} };
}

/** A door's attributes with its lock and camera as our device keys. */
export function doorAttrs(row: DoorRow, ctx: ExecuteContext | undefined): Record<string, AttrValue> {
  return {
    lock: row.lockId === null ? null : deviceKeyOf(ctx, row.lockId),
    cam: row.camId === null ? null : deviceKeyOf(ctx, row.camId),
    ...row.attrs,
  };
}

export function doorEntity(target: string, key: string, row: DoorRow, ctx: ExecuteContext | undefined): Entity {
  return { target, kind: 'door', key, attrs: doorAttrs(row, ctx), sets: {} };
}

/**
 * The device ids of a `rights_list/` answer, in order, without repeats (`rights_add/` lets
 * duplicates pile up). The server stops its loop at the first id whose device was deleted and
 * answers the part before it as if it were all: the list can be incomplete, and nothing in the
 * answer says so.
 */
export function rightsIds(answer: Readonly<Record<string, unknown>>): number[] {
  const list = Array.isArray(answer.rights) ? answer.rights : [];
  const ids: number[] = [];
  for (const r of list) {
    const id = typeof r === 'object' && r !== null ? idOf((r as { device_id?: unknown }).device_id) : undefined;
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * A contract's rights as an entity: members are our device keys (`#<id>` for others), sorted
 * as text like the mapping's string members. A contract with no row reads as an empty set:
 * the server cannot tell "no row" from "no devices", and neither matters to access.
 */
export function rightsEntity(target: string, uid: string, ids: readonly number[], ctx: ExecuteContext | undefined): Entity {
  const members = [...new Set(ids.map((id) => deviceKeyOf(ctx, id)))].sort();
  return { target, kind: 'rights', key: uid, attrs: {}, sets: { devices: members } };
}
