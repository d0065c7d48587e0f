/**
 * `types_list/` and `devices_*` of the emulated AX `/bill/api`. `devices_add/` follows the
 * working contract (the one ABillS relies on: all 18 keys, answer `{"message":"создано",
 * "device_id":N}`); with the `head` condition it has HEAD's constructor bug instead and answers
 * 422 to every call. Both list routes swallow database errors into an empty list.
 */
import { randomUUID } from 'node:crypto';
import { ColumnError, notNull, pgBool, pgInet, pgInt, pgNumeric12x9, pgText } from './columns.js';
import { DatabaseError, PythonError, field, type BillRoute, type ServerCondition } from './request.js';
import { DEVICE_FIELDS, type DeviceFields, type SmartyardState } from './state.js';
import { EMPTY, deviceView, json, type Reply } from './views.js';

/** Reads all 18 columns (KeyError on any missing key) and casts them as PostgreSQL would. */
export function readDeviceFields(data: unknown): DeviceFields {
  const raw = Object.fromEntries(DEVICE_FIELDS.map((k) => [k, field(data, k)])) as Record<(typeof DEVICE_FIELDS)[number], unknown>;
  return {
    device_type: notNull(pgInt(raw.device_type, 'device_type'), 'device_type'),
    url: pgText(raw.url, 'url', 64),
    stream: pgText(raw.stream, 'stream', 64),
    is_active: notNull(pgBool(raw.is_active, 'is_active'), 'is_active'),
    title: pgText(raw.title, 'title', 64),
    address: pgText(raw.address, 'address', 110),
    longitude: pgNumeric12x9(raw.longitude, 'longitude'),
    latitude: pgNumeric12x9(raw.latitude, 'latitude'),
    record_days: pgInt(raw.record_days, 'record_days'),
    domophoneid: pgInt(raw.domophoneid, 'domophoneid'),
    monitorid: pgInt(raw.monitorid, 'monitorid'),
    sippassword: pgText(raw.sippassword, 'sippassword'),
    dtmf: pgInt(raw.dtmf, 'dtmf'),
    camshot: pgText(raw.camshot, 'camshot'),
    paneltype: pgInt(raw.paneltype, 'paneltype'),
    panelip: pgInet(raw.panelip, 'panelip'),
    panellogin: pgText(raw.panellogin, 'panellogin'),
    panelpasswd: pgText(raw.panelpasswd, 'panelpasswd'),
  };
}

/** Row-level constraints: the `types` foreign key and the unique panel/monitor ids. */
function checkConstraints(state: SmartyardState, f: DeviceFields, self?: number): void {
  if (!state.types.has(f.device_type)) throw new ColumnError('device_type: violates foreign key constraint');
  for (const d of state.devices.values()) {
    if (d.device_id === self) continue;
    // NULLs never collide in a PostgreSQL unique index.
    if (f.domophoneid !== null && d.domophoneid === f.domophoneid) throw new ColumnError('domophoneid: duplicate key');
    if (f.monitorid !== null && d.monitorid === f.monitorid) throw new ColumnError('monitorid: duplicate key');
  }
}

/** A database read, or the error a down database raises. */
function db(c: ServerCondition): void {
  if (c.databaseDown) throw new DatabaseError();
}

function typesList(state: SmartyardState, c: ServerCondition): Reply {
  // The published view catches any error and answers an empty list.
  if (c.databaseDown) return json({ types: [] });
  return json({ types: [...state.types].map(([id, type]) => ({ id, type })) });
}

/**
 * The published view catches any error and answers an empty list — "no devices" and "database
 * down" look the same. (The notes write the error answer as `[]`; the emulator answers the
 * `devices` object with an empty list, the reading a client cannot tell from a real empty list.)
 */
function devicesList(state: SmartyardState, c: ServerCondition): Reply {
  if (c.databaseDown) return json({ devices: [] });
  return json({ devices: [...state.devices.values()].map(deviceView) });
}

function devicesAdd(data: unknown, state: SmartyardState, c: ServerCondition): Reply {
  if (c.head) throw new PythonError("TypeError: Devices.__init__() missing 7 required positional arguments: 'record_path', 'second_door', …");
  db(c);
  const f = readDeviceFields(data);
  // The serial default runs before the constraints are checked: a refused insert still uses up
  // an id, so ids have gaps and a client must never guess the next one.
  const id = state.nextDeviceId++;
  checkConstraints(state, f);
  state.devices.set(id, { ...f, device_id: id, device_uuid: randomUUID() });
  return json({ message: 'создано', device_id: id });
}

/** A full overwrite (every key required); an unknown id updates nothing and answers `""`. */
function devicesMod(data: unknown, state: SmartyardState, c: ServerCondition): Reply {
  db(c);
  const id = notNull(pgInt(field(data, 'device_id'), 'device_id'), 'device_id');
  const f = readDeviceFields(data);
  const d = state.devices.get(id);
  if (!d) return EMPTY;
  checkConstraints(state, f, id);
  Object.assign(d, f);
  return EMPTY;
}

/** Cascades to doors through the foreign keys; rights arrays keep the id (no FK on array items). */
function devicesDel(data: unknown, state: SmartyardState, c: ServerCondition): Reply {
  db(c);
  const id = pgInt(field(data, 'device_id'), 'device_id');
  if (id !== null) state.deleteDevice(id);
  return EMPTY;
}

export const DEVICE_ROUTES: readonly BillRoute[] = [
  { name: 'types_list', readsBody: false, write: false, guarded: true, handle: (_d, s, c) => typesList(s, c) },
  { name: 'devices_list', readsBody: false, write: false, guarded: true, handle: (_d, s, c) => devicesList(s, c) },
  { name: 'devices_add', readsBody: true, write: true, guarded: true, handle: devicesAdd },
  { name: 'devices_mod', readsBody: true, write: true, guarded: true, handle: devicesMod },
  { name: 'devices_del', readsBody: true, write: true, guarded: true, handle: devicesDel },
];
