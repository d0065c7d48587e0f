/**
 * Emulated account/device/create|modify|delete: binding device UIDs (MAC addresses) to
 * accounts. Error codes are the documented ones; where the docs give none, the answer is the
 * generic -1 and the choice is marked.
 */
import { FormParams, parseIntStrict } from './form.js';
import { findAccount } from './account-find.js';
import type { SmartyDevice } from './device-state.js';
import type { SmartyState } from './state.js';
import { fail, ok, type ApiAnswer } from './views.js';

/** Optional descriptive fields create and modify take. */
const DEVICE_FIELDS = ['serial_number', 'brand_name', 'device_model', 'diagonal'] as const;
const SORTS = new Set(['id_asc', 'id_desc', 'priority_asc', 'priority_desc']);

/** The device type by `client_play_device_id` or `system_name`, or the error to answer. */
function deviceType(p: FormParams, s: SmartyState): number | ApiAnswer {
  const playId = p.nonEmpty('client_play_device_id');
  if (playId !== undefined) {
    const id = parseIntStrict(playId);
    const t = id === undefined ? undefined : s.devices.types.find((x) => x.id === id);
    // No code is documented for an unknown type id: a validation error (3) is the closest.
    return t ? t.id : fail(3, 'Validation error: client_play_device_id: unknown device type', { client_play_device_id: ['Unknown device type.'] });
  }
  const name = p.nonEmpty('system_name');
  if (name === undefined) return fail(6, 'Neither system_name nor client_play_device_id given');
  const matches = s.devices.types.filter((t) => t.system_name === name);
  if (matches.length === 0) return fail(2, `Device type with system_name ${name} not found`);
  if (matches.length === 1) return matches[0]!.id;
  const sort = p.nonEmpty('sort_by');
  if (sort === undefined || !SORTS.has(sort)) return fail(5, `Several device types with system_name ${name}; give sort_by`);
  // No priority is emulated: priority sorts fall back to the id.
  const ids = matches.map((t) => t.id).sort((a, b) => a - b);
  return sort.endsWith('_desc') ? ids.at(-1)! : ids[0]!;
}

function fieldsOf(p: FormParams): Record<string, string> | ApiAnswer {
  const out: Record<string, string> = {};
  for (const f of DEVICE_FIELDS) {
    const v = p.get(f);
    if (v === undefined) continue;
    if (f === 'diagonal' && v.trim() !== '' && !/^\d+(\.\d+)?$/.test(v.trim())) {
      return fail(3, 'Validation error: diagonal: Enter a number.', { diagonal: ['Enter a number.'] });
    }
    out[f] = v;
  }
  return out;
}

const isAnswer = (x: unknown): x is ApiAnswer => typeof x === 'object' && x !== null && 'error' in x;

export function accountDeviceCreate(p: FormParams, s: SmartyState): ApiAnswer {
  const a = findAccount(p, s);
  if (!a) return fail(1, 'Account not found');
  const uid = p.nonEmpty('device_uid');
  if (uid === undefined) return fail(3, 'Validation error: device_uid: This field is required.', { device_uid: ['This field is required.'] });
  if (uid.length > 255) return fail(3, 'Validation error: device_uid: too long', { device_uid: ['Ensure this value has at most 255 characters.'] });
  const type = deviceType(p, s);
  if (isAnswer(type)) return type;
  const fields = fieldsOf(p);
  if (isAnswer(fields)) return fields;
  if (s.devices.byDeviceUid(uid)) return fail(4, `Device with uid ${uid} already exists`);
  const d = s.devices.add({ account_id: a.id, device_uid: uid, type_id: type, fields });
  return ok({ device_id: d.id });
}

/** `device_id` (positive) else `device_uid`. */
function findDevice(p: FormParams, s: SmartyState): SmartyDevice | undefined {
  const id = parseIntStrict(p.get('device_id'));
  if (id !== undefined && id > 0) return s.devices.byId.get(id);
  const uid = p.nonEmpty('device_uid');
  return uid === undefined ? undefined : s.devices.byDeviceUid(uid);
}

export function accountDeviceModify(p: FormParams, s: SmartyState): ApiAnswer {
  const d = findDevice(p, s);
  if (!d) return fail(1, 'Device not found');
  const fields = fieldsOf(p);
  if (isAnswer(fields)) return fields;
  Object.assign(d.fields, fields);
  return ok();
}

export function accountDeviceDelete(p: FormParams, s: SmartyState): ApiAnswer {
  const d = findDevice(p, s);
  if (!d) return fail(1, 'Device not found');
  s.devices.delete(d);
  return ok();
}
