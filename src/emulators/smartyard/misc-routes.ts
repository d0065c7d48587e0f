/**
 * The rest of the emulated AX `/bill/api`: `auth/` (a constant token, checked nowhere), RFID
 * `keys_*`, `address_devices_*` and the `users/clients/*` stubs.
 */
import { ColumnError, notNull, pgInt, pgNumeric12x9, pgText } from './columns.js';
import { PythonError, field, type BillRoute } from './request.js';
import type { SmartyardState } from './state.js';
import { EMPTY, json, type Reply } from './views.js';

/** Python `bytes.fromhex(s).hex()`: spaces between bytes allowed, an odd digit count is not. */
function hexKey(v: unknown): string {
  if (typeof v !== 'string') throw new PythonError('TypeError: fromhex() argument must be str');
  const s = v.replace(/\s+/g, '').toLowerCase();
  if (!/^([0-9a-f]{2})*$/.test(s)) throw new PythonError('ValueError: non-hexadecimal number found in fromhex()');
  return s;
}

function keysList(data: unknown, state: SmartyardState): Reply {
  const uid = pgInt(field(data, 'uid'), 'uid');
  return json({ keys: state.keys.filter((k) => k.uid === uid).map((k) => ({ key: k.key, comment: k.comment })) });
}

/** Not wrapped in try in the view: any failure, a duplicate key included, is a 500. */
function keysAdd(data: unknown, state: SmartyardState): Reply {
  const uid = notNull(pgInt(field(data, 'uid'), 'uid'), 'uid');
  const key = hexKey(field(data, 'key'));
  const comment = pgText(field(data, 'comment'), 'comment');
  if (state.keys.some((k) => k.key === key && k.uid === uid)) throw new ColumnError('keys: duplicate key');
  state.keys.push({ uid, key, comment });
  return EMPTY;
}

function keysDel(data: unknown, state: SmartyardState): Reply {
  const uid = pgInt(field(data, 'uid'), 'uid');
  const key = hexKey(field(data, 'key'));
  const i = state.keys.findIndex((k) => k.key === key && k.uid === uid);
  if (i >= 0) state.keys.splice(i, 1);
  return EMPTY;
}

function addressDevicesList(data: unknown, state: SmartyardState): Reply {
  const address = field(data, 'address');
  const devices = [...state.devices.values()]
    .filter((d) => d.address !== null && d.address === address)
    .map((d) => ({ device_id: d.device_id, title: d.title, longitude: d.longitude, latitude: d.latitude }));
  return json({ devices });
}

function addressDevicesUpdate(data: unknown, state: SmartyardState): Reply {
  const items = field(data, 'data');
  if (!Array.isArray(items)) throw new PythonError('TypeError: data is not a list');
  // One transaction: every item is cast before any is applied.
  const updates = items.map((it: unknown) => ({
    id: notNull(pgInt(field(it, 'device_id'), 'device_id'), 'device_id'),
    latitude: pgNumeric12x9(field(it, 'latitude'), 'latitude'),
    longitude: pgNumeric12x9(field(it, 'longitude'), 'longitude'),
  }));
  for (const u of updates) {
    const d = state.devices.get(u.id);
    if (!d) continue;
    d.latitude = u.latitude;
    d.longitude = u.longitude;
  }
  return EMPTY;
}

/** Builds the `auth/` route around the fixed token. */
export function miscRoutes(token: string): readonly BillRoute[] {
  const stub = (name: string): BillRoute => ({ name, readsBody: false, write: false, guarded: true, handle: () => EMPTY });
  return [
    { name: 'auth', readsBody: false, write: false, guarded: true, handle: () => json({ token }) },
    { name: 'keys_list', readsBody: true, write: false, guarded: true, handle: keysList },
    { name: 'keys_add', readsBody: true, write: true, guarded: false, handle: keysAdd },
    { name: 'keys_del', readsBody: true, write: true, guarded: true, handle: keysDel },
    { name: 'address_devices_list', readsBody: true, write: false, guarded: true, handle: addressDevicesList },
    { name: 'address_devices_update', readsBody: true, write: true, guarded: true, handle: addressDevicesUpdate },
    stub('users/clients'),
    stub('users/clients/edit'),
    stub('users/clients/change_password'),
    stub('users/clients/delete'),
    { name: 'users/clients/create', readsBody: true, write: false, guarded: true, handle: (d) => json({ id: field(d, 'uid') }) },
  ];
}
