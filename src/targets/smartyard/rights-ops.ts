/**
 * Rights ops: a contract's `devices` set over `rights_list/`, `rights_add/` and `rights_del/`.
 *
 * The server's quirks shape every call:
 * - `rights_add/` appends without a working dedup, so an add first reads `rights_list/` and
 *   skips a device already there; `device_id` is always an array.
 * - `rights_del/` keeps each id whose text is not "in" the value sent: only an array of STRINGS
 *   removes exactly those ids (an int array removes nothing, a plain string matches substrings:
 *   "1" would also take 11).
 * - `rights_list/` stops at the first deleted device's id, so a read may be short; an add may
 *   then append a duplicate, which is harmless (a remove takes every copy).
 */
import type { Entity } from '../../model/entity.js';
import { TargetRequestError } from '../../model/errors.js';
import type { ExecuteContext, OpResult } from '../target.js';
import type { OpsDeps } from './deps.js';
import { rightsIds } from './observe.js';
import { idOf, unknownDeviceId } from './wire.js';

/** The contract uid of a rights key (the server applies int()). */
export function uidOf(key: string): number {
  const uid = idOf(key);
  if (uid === undefined) {
    throw new TargetRequestError(`smartyard rights key '${key}' is not a contract uid (a non-negative integer); check the access mapping`, { retryable: false });
  }
  return uid;
}

/** The device ids `rights_list/` shows for the contract (possibly short, see above). */
export async function listRights(d: OpsDeps, uid: number): Promise<number[]> {
  return rightsIds(await d.client.json('rights_list', { uid }));
}

/** The device id of a member: our device key through the snapshot, or an `#<id>` member as is. */
function memberId(member: string, ctx: ExecuteContext): number | undefined {
  return unknownDeviceId(member) ?? idOf(ctx.remoteIdOf('device', member));
}

/** `rights_del/` with the ids as an array of strings (the only form that removes exactly them). */
async function removeIds(d: OpsDeps, uid: number, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await d.client.empty('rights_del', { uid, device_id: ids.map(String) });
}

/**
 * Nothing to create (the server makes the row with the first `rights_add/`), but the contract
 * may already have devices (given by hand, or before billsync's snapshot): those of ours are
 * reported as adopted, so the snapshot holds the truth and the planned adds skip them. Ids no
 * snapshot entity holds stay out — billsync never takes away access it did not give; a live
 * plan lists them.
 */
export async function createRights(d: OpsDeps, key: string, ctx: ExecuteContext): Promise<OpResult> {
  const ids = await listRights(d, uidOf(key));
  const ours = [...new Set(ids.map((id) => ctx.keyOf?.('device', String(id)) ?? null).filter((k): k is string => k !== null))].sort();
  if (ours.length === 0) return { remoteId: key };
  return { remoteId: key, adopted: { attrs: {}, sets: { devices: ours } } };
}

/** Gives the contract one device, unless `rights_list/` already shows it. */
export async function addRight(d: OpsDeps, key: string, member: string, ctx: ExecuteContext): Promise<OpResult> {
  const uid = uidOf(key);
  const id = memberId(member, ctx);
  if (id === undefined) {
    // Retryable: the device's create may still be running or waiting for a retry of its own.
    throw new TargetRequestError(`smartyard device '${member}' has no device_id yet, so contract ${uid} cannot be given it; check that the inventory declares it`, {
      retryable: true,
    });
  }
  if ((await listRights(d, uid)).includes(id)) return {};
  await d.client.empty('rights_add', { uid, device_id: [id] });
  return {};
}

/**
 * Takes one device from the contract. A device billsync has no id for cannot be named to the
 * server; it is treated as already gone (its own delete, if any, has the id).
 */
export async function removeRight(d: OpsDeps, key: string, member: string, ctx: ExecuteContext): Promise<OpResult> {
  const uid = uidOf(key);
  const id = memberId(member, ctx);
  if (id === undefined) {
    d.logger.info({ kind: 'rights', key, member }, 'no device_id known for a SmartYard device being removed from rights; nothing to do');
    return {};
  }
  await removeIds(d, uid, [id]);
  return {};
}

/**
 * Takes billsync's devices from the contract: the snapshot's members, plus any device of ours
 * `rights_list/` shows (the list may stop short at a deleted device's id, the snapshot may lag).
 * Devices no snapshot entity holds — given by hand in SmartYard — stay, as in createRights:
 * billsync never takes away access it did not give. The row itself stays; the API cannot
 * delete it and an empty row grants nothing.
 */
export async function deleteRights(d: OpsDeps, key: string, before: Entity, ctx: ExecuteContext): Promise<OpResult> {
  const uid = uidOf(key);
  const ids = new Set<number>();
  for (const id of await listRights(d, uid)) if (ctx.keyOf?.('device', String(id))) ids.add(id);
  for (const m of before.sets.devices ?? []) {
    const id = memberId(m, ctx);
    if (id !== undefined) ids.add(id);
  }
  await removeIds(d, uid, [...ids].sort((a, b) => a - b));
  return {};
}
