/**
 * `rights_*` of the emulated AX `/bill/api`: the per-contract `uid_right int[]` array, with the
 * published view's quirks kept on purpose so a client is tested against them:
 * - `rights_list/` stops at the first id whose device is gone and answers the partial list;
 * - `rights_add/` appends without deduplication (its check compares `str(id)` with integers);
 * - `rights_del/` keeps every id whose `str()` is not `in` the supplied value — only an array of
 *   strings works as meant; integers delete nothing; a string matches substrings.
 */
import { notNull, pgInt } from './columns.js';
import { DatabaseError, PythonError, field, pyInt, type BillRoute, type ServerCondition } from './request.js';
import type { SmartyardState } from './state.js';
import { EMPTY, INTERNAL_ERROR, json, type Reply } from './views.js';

function rightsList(data: unknown, state: SmartyardState, c: ServerCondition): Reply {
  if (c.databaseDown) throw new DatabaseError();
  const uid = pyInt(field(data, 'uid'));
  const rights: Record<string, unknown>[] = [];
  for (const id of state.rights.get(uid) ?? []) {
    const device = state.devices.get(id);
    const type = device && state.types.get(device.device_type);
    // The view's loop raises on a deleted device and its handler answers what it has so far.
    if (!device || type === undefined) break;
    rights.push({ device_id: device.device_id, device_type: type, title: device.title });
  }
  return json({ rights });
}

function rightsAdd(data: unknown, state: SmartyardState, c: ServerCondition): Reply {
  if (c.databaseDown) throw new DatabaseError();
  const uid = notNull(pgInt(field(data, 'uid'), 'uid'), 'uid');
  const ids = field(data, 'device_id');
  // The notes' example shows a scalar, but the view iterates it; the failure escapes the guard.
  if (!Array.isArray(ids)) return INTERNAL_ERROR;
  // An int[] could hold NULL, but a NULL right is useless and only hides a client bug: refused.
  const add = ids.map((v) => notNull(pgInt(v, 'uid_right'), 'uid_right'));
  const row = state.rights.get(uid);
  if (row) row.push(...add);
  else state.rights.set(uid, add);
  return EMPTY;
}

/** Python's `needle in container` for a JSON value. */
function pyIn(needle: string, container: unknown): boolean {
  if (typeof container === 'string') return container.includes(needle);
  // List membership is equality, and a Python str never equals an int.
  if (Array.isArray(container)) return container.some((e) => e === needle);
  if (container !== null && typeof container === 'object') return Object.hasOwn(container, needle);
  throw new PythonError(`TypeError: argument of type '${container === null ? 'NoneType' : typeof container}' is not iterable`);
}

function rightsDel(data: unknown, state: SmartyardState, c: ServerCondition): Reply {
  if (c.databaseDown) throw new DatabaseError();
  const uid = pgInt(field(data, 'uid'), 'uid');
  const value = field(data, 'device_id');
  const row = uid === null ? undefined : state.rights.get(uid);
  if (!row || uid === null) return EMPTY;
  state.rights.set(
    uid,
    row.filter((id) => !pyIn(String(id), value)),
  );
  return EMPTY;
}

export const RIGHTS_ROUTES: readonly BillRoute[] = [
  { name: 'rights_list', readsBody: true, write: false, guarded: true, handle: rightsList },
  { name: 'rights_add', readsBody: true, write: true, guarded: true, handle: rightsAdd },
  { name: 'rights_del', readsBody: true, write: true, guarded: true, handle: rightsDel },
];
