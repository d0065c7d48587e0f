/**
 * Customer ops on Smarty. Customers are always addressed by `ext_id` = the entity key, so an op
 * never depends on a remote id being known.
 */
import type { Attrs, Entity } from '../../model/entity.js';
import { TargetRequestError } from '../../model/errors.js';
import type { Logger } from '../../util/logger.js';
import type { ExecuteContext, OpResult } from '../target.js';
import { isApiError, SmartyApiError, type SmartyAnswer, type SmartyClient } from './client.js';
import { SMARTY_CUSTOMER } from './kinds.js';
import { answerId, customerEntity, tariffMembers } from './observe.js';
import { createMeta, managesMeta, modifyMeta } from './meta.js';
import { createParams, modifyParams } from './params.js';
import type { RegistrationGate } from './registration-gate.js';

export interface CustomerOpsDeps {
  readonly client: SmartyClient;
  readonly logger: Logger;
  readonly target: string;
  /** Holds customer creates after Smarty's registration limit (error 2) answered. */
  readonly registrations: RegistrationGate;
}

/** customer/create's error 2 as a retryable failure, after closing the gate for every create. */
function registrationLimited(d: CustomerOpsDeps, err: SmartyApiError): TargetRequestError {
  d.registrations.close();
  const s = Math.ceil(d.registrations.backoffMs / 1000);
  return new TargetRequestError(
    `smarty customer/create: registration limit from this IP reached (error 2: ${err.apiMessage || 'no message'}); creates wait ${s}s and are retried — ask Microimpuls to raise the limit for billsync's IP, or lengthen targets.${d.target}.registration_backoff_ms`,
    { retryable: true, retryAfterMs: d.registrations.backoffMs, status: 200, cause: err },
  );
}

/**
 * customer/create; on error 1 (ext_id exists) adopts the existing customer, found by ext_id (a
 * documented lookup key, so nothing is guessed): writes the desired profile (customer/info does
 * not document it, so it cannot be compared) and reports the tariffs it holds, so the next plan
 * adds and removes tariffs to match. Its id comes from customerIdOf.
 */
export async function createCustomer(d: CustomerOpsDeps, key: string, attrs: Attrs, ctx?: ExecuteContext): Promise<OpResult> {
  let created: SmartyAnswer;
  await d.registrations.ready();
  try {
    const meta = createMeta(attrs);
    created = await d.client.call('customer/create', { ext_id: key, ...createParams(SMARTY_CUSTOMER, attrs), ...(meta === undefined ? {} : { meta }) });
  } catch (err) {
    if (isApiError(err, 'customer/create', [2])) throw registrationLimited(d, err);
    if (!isApiError(err, 'customer/create', [1])) throw err;
    const info = await d.client.call('customer/info', { ext_id: key });
    await modifyCustomer(d, key, attrs, info);
    const id = await customerIdOf(d, key, info, ctx);
    d.logger.info({ kind: 'customer', key, remoteId: id }, 'adopted an existing Smarty customer');
    return { ...(id !== null ? { remoteId: id } : {}), adopted: { sets: { tariffs: tariffMembers(info) } } };
  }
  // Whether Smarty connects default tariffs (assigned_by_default) on an API create is undocumented;
  // reading every new customer back would double the calls of an initial load, so such extras
  // are left to a live plan (observe) to find.
  return { remoteId: answerId(created, 'id') };
}

/**
 * The Smarty id of the customer a customer/info answer (by ext_id) describes. customer/info
 * documents no `id`: it is taken from the answer when a server gives one, else from one of the
 * customer's accounts (account/info documents `customer_id`). A customer with no accounts cannot
 * tell its id; the snapshot's id is kept if it has one (it was assigned by our own create), else
 * the id stays unknown — ops address customers by ext_id anyway, and `plan --refresh` reads a
 * customer customer/list cannot name by its ext_id (customer/info) instead of calling it missing.
 */
async function customerIdOf(d: CustomerOpsDeps, key: string, info: SmartyAnswer, ctx: ExecuteContext | undefined): Promise<string | null> {
  const direct = answerId(info, 'id');
  if (direct !== null) return direct;
  const accounts = Array.isArray(info.accounts) ? (info.accounts as unknown[]) : [];
  for (const a of accounts) {
    const accountId = typeof a === 'object' && a !== null ? answerId(a as SmartyAnswer, 'id') : null;
    if (accountId === null) continue;
    try {
      const owner = answerId(await d.client.call('account/info', { account_id: Number(accountId) }), 'customer_id');
      if (owner !== null) return owner;
    } catch (err) {
      // Deleted between the two reads: try the next account.
      if (!isApiError(err, 'account/info', [1])) throw err;
    }
  }
  const stored = ctx?.remoteIdOf('customer', key) ?? null;
  if (stored === null) {
    d.logger.warn({ kind: 'customer', key }, 'adopted a Smarty customer whose id Smarty does not tell (no ext_id or id in customer/info, no accounts); plan --refresh reads it by ext_id, one call each');
  }
  return stored;
}

/**
 * customer/modify by ext_id with every desired updatable attribute (the API wants a name or
 * comment each time). When the mapping names meta keys, meta is read first (`info`, when the
 * caller has it fresh) and sent back merged, and only when a managed key changes (meta.ts).
 */
export async function modifyCustomer(d: CustomerOpsDeps, key: string, attrs: Attrs, info?: SmartyAnswer): Promise<OpResult> {
  let meta: string | undefined;
  if (managesMeta(attrs)) meta = modifyMeta(info ?? (await d.client.call('customer/info', { ext_id: key })), attrs, key);
  try {
    await d.client.call('customer/modify', { ext_id: key, ...modifyParams(SMARTY_CUSTOMER, attrs), ...(meta === undefined ? {} : { meta }) });
  } catch (err) {
    if (isApiError(err, 'customer/modify', [2])) {
      throw new SmartyApiError(
        err.method,
        err.apiCode,
        `${err.apiMessage}; Smarty needs firstname, middlename, lastname or comment on every modify — map at least one of them`,
        err.errorFields,
      );
    }
    throw err;
  }
  return {};
}

/** customer/delete; a customer that is already gone (error 1) is success. */
export async function deleteCustomer(d: CustomerOpsDeps, key: string): Promise<OpResult> {
  try {
    await d.client.call('customer/delete', { ext_id: key });
  } catch (err) {
    if (!isApiError(err, 'customer/delete', [1])) throw err;
    d.logger.info({ kind: 'customer', key }, 'customer already absent on Smarty');
  }
  return {};
}

function tariffParam(member: string): number | string {
  return /^\d+$/.test(member) ? Number(member) : member;
}

/**
 * customer/tariff/assign. Repeats answer 0 on a plain Smarty; with an external-API handler the
 * plugin layer can answer "tariff already active" (codes 4/3): that is the wanted state too.
 */
export async function assignTariff(d: CustomerOpsDeps, key: string, member: string): Promise<OpResult> {
  try {
    await d.client.call('customer/tariff/assign', { ext_id: key, tariff_id: tariffParam(member) });
  } catch (err) {
    if (!isApiError(err, 'customer/tariff/assign', [3, 4], /already/i)) throw err;
  }
  return {};
}

/**
 * customer/tariff/remove; "not assigned"/"already removed" answers (codes 3/4) are success.
 * Error 2 (tariff not found) is success as well: a tariff that no longer exists is not connected.
 */
export async function removeTariff(d: CustomerOpsDeps, key: string, member: string): Promise<OpResult> {
  try {
    await d.client.call('customer/tariff/remove', { ext_id: key, tariff_id: tariffParam(member) });
  } catch (err) {
    if (isApiError(err, 'customer/tariff/remove', [3, 4], /not assigned|not active|already|not connected/i)) return {};
    if (!isApiError(err, 'customer/tariff/remove', [2])) throw err;
    d.logger.warn({ kind: 'customer', key, tariff: member }, 'tariff not found on Smarty; treating remove as done');
  }
  return {};
}

/** customer/info by ext_id → live entity, or null when Smarty has no such customer. */
export async function observeCustomer(d: CustomerOpsDeps, key: string): Promise<Entity | null> {
  try {
    return customerEntity(d.target, key, await d.client.call('customer/info', { ext_id: key }));
  } catch (err) {
    if (isApiError(err, 'customer/info', [1])) return null;
    throw err;
  }
}
