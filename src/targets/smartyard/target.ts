/**
 * The SmartYard target: turns ops on devices, doors and contract rights into `/bill/api/` calls
 * and reads their live state back. All planning happens elsewhere; this only executes.
 */
import type { CheckResult } from '../../model/check.js';
import type { Entity } from '../../model/entity.js';
import { TargetRequestError, InternalError } from '../../model/errors.js';
import { assertNever, type Op } from '../../model/op.js';
import type { Logger } from '../../util/logger.js';
import type { ExecuteContext, OpResult, Target } from '../target.js';
import type { KindSpec } from '../../model/kind.js';
import { checkSmartyard } from './check.js';
import type { SmartyardClient } from './client.js';
import { listDevices, listDoors, Serial, type OpsDeps } from './deps.js';
import { createDevice, deleteDevice, updateDevice } from './device-ops.js';
import { createDoor, deleteDoor, updateDoor } from './door-ops.js';
import { SMARTYARD_KINDS } from './kinds.js';
import type { InventoryMode } from './options.js';
import { deviceEntity, doorEntity, rightsEntity } from './observe.js';
import { addRight, createRights, deleteRights, listRights, removeRight, uidOf } from './rights-ops.js';
import { idOf } from './wire.js';

export class SmartyardTarget implements Target {
  readonly type = 'smartyard';
  readonly name: string;
  readonly kinds: readonly KindSpec[] = SMARTYARD_KINDS;
  /** Devices and doors are listed whole; rights only per contract (one call each). */
  readonly listedKinds: readonly string[] = ['device', 'door'];
  private readonly client: SmartyardClient;
  private readonly deps: OpsDeps;

  constructor(name: string, client: SmartyardClient, logger: Logger, opts: { inventoryMode?: InventoryMode } = {}) {
    this.name = name;
    this.client = client;
    this.deps = {
      client,
      logger,
      target: name,
      inventoryMode: opts.inventoryMode ?? 'create',
      serial: new Serial(),
      claimed: new Map([
        ['device', new Map<number, string>()],
        ['door', new Map<number, string>()],
      ]),
    };
  }

  async execute(op: Op, ctx: ExecuteContext): Promise<OpResult> {
    const d = this.deps;
    switch (op.type) {
      case 'create':
        if (op.kind === 'device') return createDevice(d, op.key, op.entity, ctx);
        if (op.kind === 'door') return createDoor(d, op.key, op.entity, ctx);
        if (op.kind === 'rights') return createRights(d, op.key, ctx);
        break;
      case 'update':
      case 'block':
      case 'unblock':
        if (op.kind === 'device') return updateDevice(d, op.key, op.entity, ctx);
        if (op.kind === 'door') return updateDoor(d, op.key, op.entity, ctx);
        // Rights have no attributes: nothing to update.
        if (op.kind === 'rights') return {};
        break;
      case 'delete':
        if (op.kind === 'device') return deleteDevice(d, op.key, op.before.remoteId, ctx);
        if (op.kind === 'door') return deleteDoor(d, op.key, op.before.remoteId, ctx);
        if (op.kind === 'rights') return deleteRights(d, op.key, op.before, ctx);
        break;
      case 'add_member':
      case 'remove_member':
        if (op.kind !== 'rights' || op.set !== 'devices') {
          throw new TargetRequestError(`smartyard ${op.kind} has no set '${op.set}'`, { retryable: false });
        }
        return op.type === 'add_member' ? addRight(d, op.key, op.member, ctx) : removeRight(d, op.key, op.member, ctx);
      default:
        return assertNever(op, 'op');
    }
    throw new InternalError(`smartyard has no kind ${op.kind}`);
  }

  /**
   * Live state of one entity: a device or door from its list by remote id (null when absent or
   * never created), a contract's rights from `rights_list/` — which stops short at a deleted
   * device's id, so the observed set can be incomplete.
   */
  async observe(kind: string, key: string, remoteId: string | null, ctx?: ExecuteContext): Promise<Entity | null> {
    if (kind === 'rights') return rightsEntity(this.name, key, await listRights(this.deps, uidOf(key)), ctx);
    const id = idOf(remoteId);
    if (kind === 'device') {
      if (id === undefined) return null;
      const rows = await listDevices(this.deps);
      // A device the snapshot holds, and a list with no device at all: far likelier the server's
      // hidden database error than a wiped server; "gone" would plan its re-creation.
      if (rows.length === 0) throw emptyListing('devices_list');
      const row = rows.find((r) => r.deviceId === id);
      return row ? deviceEntity(this.name, key, row) : null;
    }
    if (kind === 'door') {
      const row = id === undefined ? undefined : (await listDoors(this.deps)).find((r) => r.id === id);
      return row ? doorEntity(this.name, key, row, ctx) : null;
    }
    throw new InternalError(`smartyard has no kind ${kind}`);
  }

  /**
   * Every device or door the server lists that the snapshot holds (by remote id, through
   * `ctx.keyOf`); others are not ours and are left out. One call per kind.
   */
  async *observeAll(kind: string, ctx?: ExecuteContext): AsyncIterable<readonly Entity[]> {
    if (!ctx?.keyOf) throw new InternalError('smartyard observeAll needs the snapshot ids (ctx.keyOf)');
    const keyOf = (kind: string, id: number): string | null => ctx.keyOf?.(kind, String(id)) ?? null;
    if (kind === 'device') {
      const rows = await listDevices(this.deps);
      if (rows.length === 0) throw emptyListing('devices_list');
      yield rows.flatMap((r) => {
        const key = keyOf('device', r.deviceId);
        return key === null ? [] : [deviceEntity(this.name, key, r)];
      });
      return;
    }
    if (kind === 'door') {
      const rows = await listDoors(this.deps);
      yield rows.flatMap((r) => {
        const key = keyOf('door', r.id);
        return key === null ? [] : [doorEntity(this.name, key, r, ctx)];
      });
      return;
    }
    throw new InternalError(`smartyard cannot list ${kind}`);
  }

  /** Read-only: types_list/ (the database probe), devices_list/, doors_list/, and the inventory mode. */
  check(_signal?: AbortSignal): Promise<readonly CheckResult[]> {
    return checkSmartyard(this.client, this.name, this.deps.inventoryMode);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/**
 * observeAll runs only for kinds the snapshot has. The server swallows database errors in
 * `devices_list/` into an empty list, so "no devices at all" is far likelier a failed read than
 * a wiped server, and reading it as "all gone" would re-create every device.
 */
function emptyListing(route: string): TargetRequestError {
  return new TargetRequestError(
    `smartyard ${route}/ answered no devices while billsync's snapshot holds some; the server hides database errors behind an empty list — check its log and retry`,
    { retryable: true },
  );
}
