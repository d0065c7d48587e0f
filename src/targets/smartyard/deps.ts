/** What the SmartYard ops share: the client, the listings, and the guard against double adoption. */
import { TargetRequestError } from '../../model/errors.js';
import type { Logger } from '../../util/logger.js';
import type { ExecuteContext } from '../target.js';
import type { SmartyardClient } from './client.js';
import type { InventoryMode } from './options.js';
import { readDevice, readDoor, type DeviceRow, type DoorRow } from './wire.js';

export interface OpsDeps {
  readonly client: SmartyardClient;
  readonly logger: Logger;
  /** Target name in sync.yaml. */
  readonly target: string;
  /**
   * Runs device and door creates one at a time: each lists, then adds (or adopts), and two
   * creates interleaving could adopt the same object or take each other's new door.
   */
  readonly serial: Serial;
  /**
   * Remote ids this process assigned or adopted, per kind, with the key of the entity that
   * holds each. The snapshot learns an id only when the op commits, so these cover the gap
   * before that (and a commit that failed: the re-run create finds its own object again).
   */
  readonly claimed: ReadonlyMap<'device' | 'door', Map<number, string>>;
  /** Whether creates may add devices and doors, or only adopt hand-made ones. */
  readonly inventoryMode: InventoryMode;
}

/** A one-at-a-time queue. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/** The rows of `devices_list/`. */
export async function listDevices(d: OpsDeps): Promise<DeviceRow[]> {
  const answer = await d.client.json('devices_list');
  if (!Array.isArray(answer.devices)) throw unexpected('devices_list', 'devices');
  return answer.devices.map(readDevice).filter((r): r is DeviceRow => r !== undefined);
}

/** The rows of `doors_list/`. */
export async function listDoors(d: OpsDeps): Promise<DoorRow[]> {
  const answer = await d.client.json('doors_list');
  if (!Array.isArray(answer.doors)) throw unexpected('doors_list', 'doors');
  return answer.doors.map(readDoor).filter((r): r is DoorRow => r !== undefined);
}

/**
 * Whether the server's database answers: `types_list/` is never empty on a working server (the
 * types table is seeded), and like `devices_list/` it answers a database error with an empty list.
 */
async function databaseAnswers(d: OpsDeps): Promise<boolean> {
  const types = await d.client.json('types_list');
  return Array.isArray(types.types) && types.types.length > 0;
}

/**
 * `devices_list/` for a create, which adds a device when the list holds no match. The server
 * answers a database error with an empty list, so an empty answer is taken at its word only when
 * nothing contradicts it: this process has made no device, `types_list/` shows the database
 * answering, and a second `devices_list/` is empty as well. Otherwise the create fails,
 * retryable, and adds nothing: a duplicate camera is worse than a late one.
 */
export async function listDevicesForCreate(d: OpsDeps): Promise<DeviceRow[]> {
  const rows = await listDevices(d);
  if (rows.length > 0) return rows;
  if (d.claimed.get('device')!.size > 0 || !(await databaseAnswers(d))) throw suspectEmpty('devices_list');
  // A second answer with devices in it is real data (the first was the error); empty again, believed.
  return listDevices(d);
}

/**
 * `doors_list/` for a create, which adds a door when the list holds no match. An empty door list
 * is believed when the database shows it answers: `devices_list/` has devices, or `types_list/`
 * has types. Otherwise the create fails, retryable, adding nothing.
 */
export async function listDoorsForCreate(d: OpsDeps): Promise<DoorRow[]> {
  const rows = await listDoors(d);
  if (rows.length > 0) return rows;
  if ((await listDevices(d)).length === 0 && !(await databaseAnswers(d))) throw suspectEmpty('doors_list');
  return rows;
}

function suspectEmpty(route: string): TargetRequestError {
  return new TargetRequestError(
    `smartyard ${route}/ answered an empty list that the server's other answers contradict; it hides database errors behind empty lists, so nothing was added (a duplicate would follow) — check the server's database and log; the op is retried`,
    { retryable: true },
  );
}

function unexpected(route: string, field: string): TargetRequestError {
  return new TargetRequestError(`smartyard ${route}/: the answer has no '${field}' list`, { retryable: false, status: 200 });
}

/** Whether another entity holds `id`: in the snapshot (when `keyOf` can tell) or in this process. */
export function heldByOther(d: OpsDeps, ctx: ExecuteContext, kind: 'device' | 'door', id: number, key: string): boolean {
  const claimant = d.claimed.get(kind)!.get(id);
  if (claimant !== undefined && claimant !== key) return true;
  const holder = ctx.keyOf?.(kind, String(id)) ?? null;
  return holder !== null && holder !== key;
}

/**
 * Whether an object that was already there may be adopted for entity `key`: no other entity
 * holds it. Without `keyOf` nobody can tell, so nothing is free: a duplicate is easier to clean
 * up than two entities sharing one object (deleting one would delete the other's).
 */
export function isFree(d: OpsDeps, ctx: ExecuteContext, kind: 'device' | 'door', id: number, key: string): boolean {
  return ctx.keyOf !== undefined && !heldByOther(d, ctx, kind, id, key);
}

/** Records that `id` is now held by this process's entity `key`. */
export function claim(d: OpsDeps, kind: 'device' | 'door', id: number, key: string): void {
  d.claimed.get(kind)!.set(id, key);
}

/** The device id of our device key; a retryable failure when it has none yet. */
export function deviceIdOf(ctx: ExecuteContext, deviceKey: unknown, what: string): number {
  const id = typeof deviceKey === 'string' && deviceKey !== '' ? ctx.remoteIdOf('device', deviceKey) : null;
  const n = id !== null ? Number(id) : NaN;
  if (!Number.isSafeInteger(n)) {
    // Retryable: the device's create may still be running or waiting for a retry of its own.
    throw new TargetRequestError(
      `smartyard device '${String(deviceKey)}' (${what}) has no device_id yet: its create has not run or failed; check that the inventory declares it`,
      { retryable: true },
    );
  }
  return n;
}
