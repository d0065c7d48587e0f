/**
 * `doors_*` of the emulated AX `/bill/api`. `doors_add/` follows the contract that worked before
 * HEAD's constructor change (answers `""`; the new id is not returned, a client finds it by
 * listing); with the `head` condition it answers 422 to every call, as HEAD does. Both
 * `device_id` and `cam` reference `devices` (dump.sql), so a dangling id is refused.
 */
import { ColumnError, notNull, pgInt, pgText } from './columns.js';
import { DatabaseError, PythonError, field, type BillRoute, type ServerCondition } from './request.js';
import type { DoorFields, SmartyardState } from './state.js';
import { EMPTY, doorView, json, type Reply } from './views.js';

function readDoorFields(data: unknown): DoorFields {
  return {
    device_id: notNull(pgInt(field(data, 'device_id'), 'device_id'), 'device_id'),
    cam: notNull(pgInt(field(data, 'cam'), 'cam'), 'cam'),
    entrance: notNull(pgInt(field(data, 'entrance'), 'entrance'), 'entrance'),
    icon: notNull(pgText(field(data, 'icon'), 'icon', 14), 'icon'),
    name: notNull(pgText(field(data, 'name'), 'name'), 'name'),
    open: notNull(pgText(field(data, 'open'), 'open', 64), 'open'),
    open_trait: pgText(field(data, 'open_trait'), 'open_trait'),
  };
}

function checkForeignKeys(state: SmartyardState, f: DoorFields): void {
  if (!state.devices.has(f.device_id)) throw new ColumnError('device_id: violates foreign key constraint');
  if (!state.devices.has(f.cam)) throw new ColumnError('cam: violates foreign key constraint');
}

function db(c: ServerCondition): void {
  if (c.databaseDown) throw new DatabaseError();
}

function doorsAdd(data: unknown, state: SmartyardState, c: ServerCondition): Reply {
  if (c.head) throw new PythonError("TypeError: Doors.__init__() missing 2 required positional arguments: 'rubetek_uuid' and 'rubetek_ext'");
  db(c);
  const f = readDoorFields(data);
  const id = state.nextDoorId++;
  checkForeignKeys(state, f);
  state.doors.set(id, { ...f, id });
  return EMPTY;
}

function doorsMod(data: unknown, state: SmartyardState, c: ServerCondition): Reply {
  db(c);
  const id = notNull(pgInt(field(data, 'doors_id'), 'doors_id'), 'doors_id');
  const f = readDoorFields(data);
  const door = state.doors.get(id);
  if (!door) return EMPTY;
  checkForeignKeys(state, f);
  Object.assign(door, f);
  return EMPTY;
}

function doorsDel(data: unknown, state: SmartyardState, c: ServerCondition): Reply {
  db(c);
  const id = pgInt(field(data, 'doors_id'), 'doors_id');
  if (id !== null) state.doors.delete(id);
  return EMPTY;
}

export const DOOR_ROUTES: readonly BillRoute[] = [
  {
    name: 'doors_list',
    readsBody: false,
    write: false,
    guarded: true,
    handle: (_d, s, c) => {
      db(c);
      return json({ doors: [...s.doors.values()].map(doorView) });
    },
  },
  { name: 'doors_add', readsBody: true, write: true, guarded: true, handle: doorsAdd },
  { name: 'doors_mod', readsBody: true, write: true, guarded: true, handle: doorsMod },
  { name: 'doors_del', readsBody: true, write: true, guarded: true, handle: doorsDel },
];
