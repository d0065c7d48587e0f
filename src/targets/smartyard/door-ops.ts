/**
 * Door ops. `doors_add/` answers an empty body, not the new id, so a create lists the doors
 * afterwards and takes the new one: same lock and camera device, entrance and name, not there
 * before the add and not held by another snapshot entity (several: the highest, the newest;
 * creates run one at a time, so only another writer could add a twin meanwhile). Like devices, a create first adopts a free door that already matches —
 * the one a lost answer left behind — instead of adding a second. With `inventory_mode:
 * adopt_only` adopting is all it does: a door with no match fails with what to make by hand.
 */
import type { Attrs, Entity } from '../../model/entity.js';
import { TargetRequestError } from '../../model/errors.js';
import type { ExecuteContext, OpResult } from '../target.js';
import { claim, deviceIdOf, heldByOther, isFree, listDoors, listDoorsForCreate, type OpsDeps } from './deps.js';
import { addRefused } from './device-ops.js';
import { doorAttrs } from './observe.js';
import { doorBody, idOf, integer, text, type DoorRow } from './wire.js';

/** Whether a listed door has the lock, camera, entrance and name we want. */
export function doorMatches(row: DoorRow, lockId: number, camId: number, want: Attrs): boolean {
  return row.lockId === lockId && row.camId === camId && row.attrs.entrance === integer(want.entrance) && row.attrs.name === text(want.name);
}

/** The lock and camera device ids of a door entity (retryable failure while one has none yet). */
function deviceIds(key: string, attrs: Attrs, ctx: ExecuteContext): { lockId: number; camId: number } {
  return { lockId: deviceIdOf(ctx, attrs.lock, `lock of door '${key}'`), camId: deviceIdOf(ctx, attrs.cam, `cam of door '${key}'`) };
}

/** `doors_add/`, then `doors_list/` to learn the id; adopts a matching free door instead when one exists. */
export async function createDoor(d: OpsDeps, key: string, entity: Entity, ctx: ExecuteContext): Promise<OpResult> {
  const { lockId, camId } = deviceIds(key, entity.attrs, ctx);
  return d.serial.run(async () => {
    const matching = (rows: DoorRow[]) => rows.filter((r) => doorMatches(r, lockId, camId, entity.attrs));
    const before = await listDoorsForCreate(d);
    const existing = matching(before)
      .filter((r) => isFree(d, ctx, 'door', r.id, key))
      .sort((a, b) => a.id - b.id)[0];
    if (existing) {
      claim(d, 'door', existing.id, key);
      d.logger.info({ kind: 'door', key, remoteId: existing.id }, 'adopted an existing SmartYard door');
      return { remoteId: String(existing.id), adopted: { attrs: doorAttrs(existing, ctx), sets: {} } };
    }
    if (d.inventoryMode === 'adopt_only') {
      throw new TargetRequestError(
        `smartyard door '${key}' is not on the server, and targets.${d.target}.inventory_mode is adopt_only (billsync adds nothing): make it by hand in SmartYard with lock device ${lockId}, cam ${camId}, entrance ${JSON.stringify(entity.attrs.entrance ?? null)}, name ${JSON.stringify(entity.attrs.name ?? null)} — billsync adopts it on the next run`,
        { retryable: false },
      );
    }
    await d.client.empty('doors_add', doorBody(entity.attrs, lockId, camId)).catch((err: unknown) => {
      throw addRefused(d, 'doors_add', err);
    });
    const seen = new Set(before.map((r) => r.id));
    // Only a door that appeared since the first listing is ours (creates run one at a time).
    const found = matching(await listDoors(d))
      .filter((r) => !seen.has(r.id) && !heldByOther(d, ctx, 'door', r.id, key))
      .sort((a, b) => b.id - a.id)[0];
    if (!found) {
      throw new TargetRequestError(
        `smartyard doors_add/ for door '${key}' answered success, but doors_list/ shows no new door with lock device ${lockId}, cam ${camId}, entrance ${String(entity.attrs.entrance ?? null)}, name ${JSON.stringify(entity.attrs.name ?? null)}; if it appears later, the next apply adopts it`,
        { retryable: false },
      );
    }
    claim(d, 'door', found.id, key);
    return { remoteId: String(found.id) };
  });
}

function requireId(key: string, ctx: ExecuteContext): number {
  const id = idOf(ctx.remoteIdOf('door', key));
  if (id === undefined) {
    throw new TargetRequestError(`smartyard door '${key}' has no id in the snapshot; a live plan (plan --refresh) re-creates it`, { retryable: false });
  }
  return id;
}

/** `doors_mod/` with all seven fields (the route overwrites them). */
export async function updateDoor(d: OpsDeps, key: string, entity: Entity, ctx: ExecuteContext): Promise<OpResult> {
  const { lockId, camId } = deviceIds(key, entity.attrs, ctx);
  const id = requireId(key, ctx);
  await d.client.empty('doors_mod', { doors_id: id, ...doorBody(entity.attrs, lockId, camId) });
  return {};
}

/** `doors_del/`; already gone (e.g. cascaded with its device) is success. */
export async function deleteDoor(d: OpsDeps, key: string, remoteId: string | null, ctx: ExecuteContext): Promise<OpResult> {
  const id = idOf(ctx.remoteIdOf('door', key) ?? remoteId);
  if (id === undefined) return {};
  await d.client.empty('doors_del', { doors_id: id });
  return {};
}
