/** What the SmartYard ops share: the client, the listings, and the guard against double adoption. */
import { TargetRequestError } from '../../model/errors.js';
import type { Logger } from '../../util/logger.js';
import type { ExecuteContext } from '../target.js';
import type { SmartyardClient } from './client.js';
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
