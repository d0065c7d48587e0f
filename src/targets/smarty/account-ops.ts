/**
 * Account ops on Smarty. Accounts are addressed by the numeric `abonement` = the entity key and
 * created under their parent customer's `ext_id`.
 */
import type { Attrs, Entity, EntityRef } from '../../model/entity.js';
import { TargetRequestError } from '../../model/errors.js';
import type { ExecuteContext, OpResult } from '../target.js';
import { isApiError, type SmartyAnswer } from './client.js';
import type { CustomerOpsDeps } from './customer-ops.js';
import { SMARTY_ACCOUNT } from './kinds.js';
import { accountEntity, answerId } from './observe.js';
import { createParams, flagNames, modifyParams, readFlag } from './params.js';

/**
 * Every login flag the docs list with a default for account/modify. The notes warn that modify
 * may reset an omitted flag to that default (the emulator does), so each modify sends all of
 * them — including those billsync does not manage (`use_timeshift`): otherwise every block or
 * unblock would, on such a server, silently switch the subscriber's timeshift off.
 */
export const MODIFY_FLAGS: readonly string[] = [...new Set([...flagNames(SMARTY_ACCOUNT), 'use_timeshift'])];

/** The abonement as sent: a number when the key is one (it always is after mapping validation). */
function abonementParam(key: string): number | string {
  return /^\d+$/.test(key) ? Number(key) : key;
}

/**
 * account/create under the parent customer. On error 3 (could not create — the abonement is
 * taken) the existing account is adopted if it belongs to the same customer; an account of
 * another customer is never taken over.
 */
export async function createAccount(d: CustomerOpsDeps, key: string, entity: Entity, ctx: ExecuteContext): Promise<OpResult> {
  const parentKey = entity.parent?.key;
  if (parentKey === undefined) {
    throw new TargetRequestError(`smarty account ${key} has no parent customer; the mapping must set one`, { retryable: false });
  }
  try {
    const created = await d.client.call('account/create', {
      ext_id: parentKey,
      abonement: abonementParam(key),
      ...createParams(SMARTY_ACCOUNT, entity.attrs),
    });
    return { remoteId: answerId(created, 'account_id') };
  } catch (err) {
    if (!isApiError(err, 'account/create', [3])) throw err;
    let info: SmartyAnswer;
    try {
      info = await d.client.call('account/info', { abonement: abonementParam(key) });
    } catch (infoErr) {
      // Error 3 was not about the abonement after all: report the original refusal.
      if (isApiError(infoErr, 'account/info', [1])) throw err;
      throw infoErr;
    }
    const owner = answerId(info, 'customer_id');
    if (!(await ownedBy(d, owner, info, key, parentKey, ctx))) {
      throw new TargetRequestError(
        `abonement ${key} already belongs to another Smarty customer (id ${owner ?? 'unknown'}); fix the account number in billing or delete the stray account`,
        { retryable: false },
      );
    }
    await modifyAccount(d, key, entity.attrs, info);
    d.logger.info({ kind: 'account', key, remoteId: answerId(info, 'id') }, 'adopted an existing Smarty account');
    return { remoteId: answerId(info, 'id') };
  }
}

/** Whether the account answered by account/info belongs to the customer with ext_id `parentKey`. */
async function ownedBy(
  d: CustomerOpsDeps,
  owner: string | null,
  info: SmartyAnswer,
  key: string,
  parentKey: string,
  ctx: ExecuteContext,
): Promise<boolean> {
  const parentRemote = ctx.remoteIdOf('customer', parentKey);
  // A known remote id settles it; a mismatch is re-checked by ext_id, as the snapshot's id may
  // be stale (the customer re-created on Smarty).
  if (parentRemote !== null && owner !== null && parentRemote === owner) return true;
  const customer = await d.client.call('customer/info', { ext_id: parentKey });
  const customerId = answerId(customer, 'id');
  if (customerId !== null && owner !== null) return customerId === owner;
  const accounts = Array.isArray(customer.accounts) ? (customer.accounts as unknown[]) : [];
  const accountId = answerId(info, 'id');
  return accounts.some((a) => {
    if (typeof a !== 'object' || a === null) return false;
    const acc = a as Record<string, unknown>;
    return String(acc.abonement) === key || (accountId !== null && String(acc.id) === accountId);
  });
}

/**
 * account/modify by abonement with every desired updatable attribute, plus every documented flag
 * (MODIFY_FLAGS). Flags the mapping does not set are sent as Smarty holds them now, read with one
 * account/info just before: the safest choice, since the snapshot only knows the flags billsync
 * manages and a stale value would overwrite a change made in the Smarty admin.
 */
export async function modifyAccount(d: CustomerOpsDeps, key: string, attrs: Attrs, current?: SmartyAnswer): Promise<OpResult> {
  const params: Record<string, string | number | boolean | null> = modifyParams(SMARTY_ACCOUNT, attrs);
  const missing = MODIFY_FLAGS.filter((f) => params[f] === undefined || params[f] === null);
  if (missing.length > 0) {
    const now = current ?? (await d.client.call('account/info', { abonement: abonementParam(key) }));
    const unreadable: string[] = [];
    for (const f of missing) {
      const v = readFlag(now[f]);
      if (v !== undefined) params[f] = v;
      else {
        delete params[f];
        unreadable.push(f);
      }
    }
    // Not guessed: a flag account/info does not show is left out (the server then keeps or resets
    // it, as it does). Failing the op instead could leave a debtor unblocked or a payer blocked.
    if (unreadable.length > 0) d.logger.warn({ kind: 'account', key, flags: unreadable }, 'smarty account/info did not show these flags; account/modify leaves them out');
  }
  await d.client.call('account/modify', { ...params, abonement: abonementParam(key) });
  return {};
}

/** account/delete; an account that is already gone (error 1) is success. */
export async function deleteAccount(d: CustomerOpsDeps, key: string): Promise<OpResult> {
  try {
    await d.client.call('account/delete', { abonement: abonementParam(key) });
  } catch (err) {
    if (!isApiError(err, 'account/delete', [1])) throw err;
    d.logger.info({ kind: 'account', key }, 'account already absent on Smarty');
  }
  return {};
}

/**
 * account/info by abonement → live entity with its owner as parent, or null when absent. The
 * owner is named by id (documented); our key for it is its ext_id when customer/info answers one
 * (undocumented), else the snapshot's key for that id. An owner neither names is left out.
 */
export async function observeAccount(d: CustomerOpsDeps, key: string, ctx?: ExecuteContext): Promise<Entity | null> {
  let info: SmartyAnswer;
  try {
    info = await d.client.call('account/info', { abonement: abonementParam(key) });
  } catch (err) {
    if (isApiError(err, 'account/info', [1])) return null;
    throw err;
  }
  let parent: EntityRef | undefined;
  const owner = answerId(info, 'customer_id');
  const known = owner === null ? null : (ctx?.keyOf?.('customer', owner) ?? null);
  if (known !== null) parent = { kind: 'customer', key: known };
  else if (owner !== null) {
    try {
      const customer = await d.client.call('customer/info', { customer_id: Number(owner) });
      const ext = customer.ext_id;
      if (typeof ext === 'string' && ext !== '') parent = { kind: 'customer', key: ext };
      else if (typeof ext === 'number') parent = { kind: 'customer', key: String(ext) };
    } catch (err) {
      // The owner vanished between the two reads: report the account without a parent.
      if (!isApiError(err, 'customer/info', [1])) throw err;
    }
  }
  return accountEntity(d.target, key, info, parent);
}
