/**
 * Device ops on Smarty: a set-top box bound to an account by its UID (account/device/*). The
 * uid is unique per operator, so a create that meets it (error 4) adopts the device only when
 * our own account already holds it; a device bound to any other account is never taken: that
 * device fails with the reason and the operator decides.
 */
import type { Attrs, Entity } from '../../model/entity.js';
import { TargetRequestError } from '../../model/errors.js';
import type { OpResult } from '../target.js';
import { isApiError, type SmartyAnswer } from './client.js';
import type { CustomerOpsDeps } from './customer-ops.js';
import { SMARTY_DEVICE } from './kinds.js';
import { answerId } from './observe.js';
import { createParams, modifyParams, readText } from './params.js';

function abonementParam(key: string): number | string {
  return /^\d+$/.test(key) ? Number(key) : key;
}

/** A device of an account/info answer with this uid (compared as Smarty's MySQL would: case-insensitively). */
function deviceIn(info: SmartyAnswer, uid: string): SmartyAnswer | undefined {
  const devices = Array.isArray(info.devices) ? (info.devices as unknown[]) : [];
  const want = uid.toLowerCase();
  for (const d of devices) {
    if (typeof d !== 'object' || d === null) continue;
    const u = (d as SmartyAnswer).device_uid;
    if (typeof u === 'string' && u.toLowerCase() === want) return d as SmartyAnswer;
  }
  return undefined;
}

function accountOf(entity: Pick<Entity, 'parent' | 'key'>): string {
  const parent = entity.parent?.key;
  if (parent === undefined) throw new TargetRequestError(`smarty device ${entity.key} has no account; the mapping must put devices under an account`, { retryable: false });
  return parent;
}

/** account/device/create under the parent account; error 4 adopts from our own account only. */
export async function createDevice(d: CustomerOpsDeps, key: string, entity: Entity): Promise<OpResult> {
  const abonement = accountOf(entity);
  try {
    const made = await d.client.call('account/device/create', { abonement: abonementParam(abonement), device_uid: key, ...createParams(SMARTY_DEVICE, entity.attrs) });
    return { remoteId: answerId(made, 'device_id') };
  } catch (err) {
    if (isApiError(err, 'account/device/create', [1])) {
      throw new TargetRequestError(`smarty account ${abonement} does not exist, so device ${key} cannot be bound to it (it will be, once the account is created)`, { retryable: false, cause: err });
    }
    if (!isApiError(err, 'account/device/create', [4])) throw err;
    const info = await d.client.call('account/info', { abonement: abonementParam(abonement) });
    const mine = deviceIn(info, key);
    if (mine === undefined) {
      throw new TargetRequestError(
        `device ${key} is bound to another Smarty account, not to ${abonement}; billsync never takes a device from another account — unbind it there (Smarty admin) or correct the MAC in the billing`,
        { retryable: false, cause: err },
      );
    }
    d.logger.info({ kind: 'device', key, account: abonement }, 'adopted a device already bound to this account');
    const attrs: Record<string, string | null> = {};
    for (const f of ['system_name', 'serial_number'] as const) {
      const v = readText(mine[f]);
      if (typeof v === 'string' || v === null) attrs[f] = v;
    }
    await modifyDevice(d, key, entity.attrs);
    return { remoteId: answerId(mine, 'id'), adopted: { attrs: { ...entity.attrs, ...attrs } } };
  }
}

/** account/device/modify by uid with the descriptive attributes (the type cannot change). */
export async function modifyDevice(d: CustomerOpsDeps, key: string, attrs: Attrs): Promise<OpResult> {
  const params = modifyParams(SMARTY_DEVICE, attrs);
  if (Object.keys(params).length === 0) return {};
  await d.client.call('account/device/modify', { device_uid: key, ...params });
  return {};
}

/**
 * Unbinds the device from the account the snapshot has it on. It is looked up on that account
 * first and deleted by its device id, so a uid someone rebound to another account in the
 * meantime is left alone there; a device no longer on the account is already gone.
 */
export async function deleteDevice(d: CustomerOpsDeps, key: string, before: Entity): Promise<OpResult> {
  const abonement = accountOf(before);
  let info: SmartyAnswer;
  try {
    info = await d.client.call('account/info', { abonement: abonementParam(abonement) });
  } catch (err) {
    // The account is gone, and its devices with it.
    if (isApiError(err, 'account/info', [1])) return {};
    throw err;
  }
  const mine = deviceIn(info, key);
  const id = mine === undefined ? null : answerId(mine, 'id');
  if (id === null) {
    d.logger.info({ kind: 'device', key, account: abonement }, 'device already not on this account');
    return {};
  }
  try {
    await d.client.call('account/device/delete', { device_id: Number(id) });
  } catch (err) {
    if (!isApiError(err, 'account/device/delete', [1])) throw err;
  }
  return {};
}

/**
 * The device as Smarty holds it: the account account/list's `device` filter names (INFERRED:
 * the docs name the filter, not what it matches), confirmed by that account's devices[], so a
 * server that ignores the filter never makes another account's device look like ours.
 */
export async function observeDevice(d: CustomerOpsDeps, key: string): Promise<Entity | null> {
  const list = await d.client.call('account/list', { device: key, limit: 100, page: 1 });
  const accounts = Array.isArray(list.accounts) ? (list.accounts as SmartyAnswer[]) : [];
  for (const a of accounts) {
    const mine = deviceIn(a, key);
    if (mine === undefined || a.abonement === undefined || a.abonement === null) continue;
    const attrs: Record<string, string | null> = {};
    const serial = readText(mine.serial_number);
    if (typeof serial === 'string' || serial === null) attrs.serial_number = serial;
    return { target: d.target, kind: 'device', key, attrs, sets: {}, parent: { kind: 'account', key: String(a.abonement) } };
  }
  return null;
}
