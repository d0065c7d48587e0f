/**
 * Device ops: create (adopting a device a lost answer left behind), full-overwrite update, delete.
 *
 * The server has no idempotency: `devices_add/` always inserts. When an answer is lost (timeout,
 * dropped connection) and the create is retried, a second device would appear. So before adding,
 * the create lists the devices and adopts one that is plainly the same object and free:
 *
 * - it has our `domophoneid` or `monitorid` (when set; both are unique on the server), or
 * - it has our `device_type`, `title` and `address` (not both of the latter empty);
 *
 * and no other snapshot entity holds its id (nor did this process hand it to another). Several
 * candidates: the lowest id (the oldest). The adopted device's live fields are reported, so the
 * next plan overwrites whatever differs.
 *
 * With `inventory_mode: adopt_only` that adoption is the only way a device comes to exist in
 * billsync's eyes: nothing is ever added (the published HEAD cannot add), and a device with no
 * match fails with what to make by hand.
 */
import type { Attrs, Entity } from '../../model/entity.js';
import { TargetRequestError } from '../../model/errors.js';
import type { ExecuteContext, OpResult } from '../target.js';
import { SmartyardApiError } from './client.js';
import { claim, isFree, listDevicesForCreate, type OpsDeps } from './deps.js';
import { deviceBody, idOf, type DeviceRow } from './wire.js';

/** Whether a listed device is the one `want` describes (see the module comment). */
export function deviceMatches(row: DeviceRow, want: Attrs): boolean {
  const has = (f: string) => want[f] !== undefined && want[f] !== null;
  if (has('domophoneid') && row.attrs.domophoneid === Number(want.domophoneid)) return true;
  if (has('monitorid') && row.attrs.monitorid === Number(want.monitorid)) return true;
  if (!has('title') && !has('address')) return false;
  return (
    row.attrs.device_type === Number(want.device_type) &&
    (row.attrs.title ?? null) === (want.title ?? null) &&
    (row.attrs.address ?? null) === (want.address ?? null)
  );
}

function checkType(key: string, attrs: Attrs): void {
  const t = attrs.device_type;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 1) {
    throw new TargetRequestError(`smartyard device '${key}' needs an integer device_type (1 cam, 2 newcam, 3 lock), not ${JSON.stringify(t ?? null)}`, {
      retryable: false,
    });
  }
}

/** `devices_add/` with all 18 fields, after looking for a device to adopt. */
export async function createDevice(d: OpsDeps, key: string, entity: Entity, ctx: ExecuteContext): Promise<OpResult> {
  checkType(key, entity.attrs);
  return d.serial.run(async () => {
    const candidates = (await listDevicesForCreate(d))
      .filter((row) => deviceMatches(row, entity.attrs) && isFree(d, ctx, 'device', row.deviceId, key))
      .sort((a, b) => a.deviceId - b.deviceId);
    const found = candidates[0];
    if (found) {
      claim(d, 'device', found.deviceId, key);
      d.logger.info({ kind: 'device', key, remoteId: found.deviceId }, 'adopted an existing SmartYard device');
      return { remoteId: String(found.deviceId), adopted: { attrs: found.attrs, sets: {} } };
    }
    if (d.inventoryMode === 'adopt_only') throw notMadeByHand(d, key, entity.attrs);
    const answer = await d.client.json('devices_add', deviceBody(entity.attrs)).catch((err: unknown) => {
      throw addRefused(d, 'devices_add', err);
    });
    const id = idOf(answer.device_id);
    if (id === undefined) {
      // The device may well exist now; the next apply finds and adopts it.
      throw new TargetRequestError(`smartyard devices_add/ for device '${key}': the answer has no device_id`, { retryable: false, status: 200 });
    }
    claim(d, 'device', id, key);
    return { remoteId: String(id) };
  });
}

/** adopt_only found no device to adopt: say which one to make by hand, and how it is matched. */
function notMadeByHand(d: OpsDeps, key: string, a: Attrs): TargetRequestError {
  const show = (f: string) => `${f} ${JSON.stringify(a[f] ?? null)}`;
  return new TargetRequestError(
    `smartyard device '${key}' is not on the server, and targets.${d.target}.inventory_mode is adopt_only (billsync adds nothing): make it by hand in SmartYard with ${show('device_type')}, ${show('title')}, ${show('address')}${a.domophoneid != null ? `, ${show('domophoneid')}` : ''}${a.monitorid != null ? `, ${show('monitorid')}` : ''} — billsync adopts it on the next run`,
    { retryable: false },
  );
}

/**
 * A 422 from an add route: the published HEAD answers so to every call (its models need columns
 * the route does not pass), so the message says what to do if that is the case.
 */
export function addRefused(d: OpsDeps, route: 'devices_add' | 'doors_add', err: unknown): unknown {
  if (!(err instanceof SmartyardApiError) || err.status !== 422) return err;
  return new TargetRequestError(
    `${err.message}. If every ${route}/ fails like this, the server may be the published SmartYard HEAD, which cannot add devices or doors at all: make them by hand in SmartYard and set targets.${d.target}.inventory_mode: adopt_only`,
    { retryable: false, status: 422, cause: err },
  );
}

/** The device id of an entity from the snapshot; a clear failure when there is none. */
function requireId(key: string, ctx: ExecuteContext): number {
  const id = idOf(ctx.remoteIdOf('device', key));
  if (id === undefined) {
    throw new TargetRequestError(`smartyard device '${key}' has no device_id in the snapshot; a live plan (plan --refresh) re-creates it`, {
      retryable: false,
    });
  }
  return id;
}

/**
 * `devices_mod/` with the whole entity: the route overwrites every field, so one changed field
 * still sends all 18 (secrets included, which the snapshot only keeps as digests).
 */
export async function updateDevice(d: OpsDeps, key: string, entity: Entity, ctx: ExecuteContext): Promise<OpResult> {
  checkType(key, entity.attrs);
  const id = requireId(key, ctx);
  // A missing id answers 200 too: the server does not say; a live plan shows the device missing.
  await d.client.empty('devices_mod', { device_id: id, ...deviceBody(entity.attrs) });
  return {};
}

/**
 * `devices_del/`; a device already gone is success (the server answers 200 either way). The
 * server cascades to the doors using the device but leaves its id in every contract's rights,
 * where a dangling id makes `rights_list` stop short for that contract. The planner therefore
 * runs the remove_member ops of a device (SetSpec.memberKind) before its delete.
 */
export async function deleteDevice(d: OpsDeps, key: string, remoteId: string | null, ctx: ExecuteContext): Promise<OpResult> {
  const id = idOf(ctx.remoteIdOf('device', key) ?? remoteId);
  if (id === undefined) {
    d.logger.info({ kind: 'device', key }, 'no device_id known for a SmartYard device being deleted; nothing to do');
    return {};
  }
  await d.client.empty('devices_del', { device_id: id });
  return {};
}
