/**
 * Transaction ops on Smarty: a billing payment sent once as transaction/create with the
 * payment id as `ext_id`. Smarty answers a repeated ext_id with error 1 — the payment is there
 * already, so that is adoption, never a second payment, however often an apply is retried or
 * interrupted. Deleting happens only under an explicit policy (`transactions.on_gone: delete`).
 */
import type { Entity } from '../../model/entity.js';
import { TargetRequestError } from '../../model/errors.js';
import type { OpResult } from '../target.js';
import { isApiError } from './client.js';
import type { CustomerOpsDeps } from './customer-ops.js';
import { answerId } from './observe.js';

/** transaction/create under the parent customer's ext_id; error 1 (ext_id exists) is success. */
export async function createTransaction(d: CustomerOpsDeps, key: string, entity: Entity): Promise<OpResult> {
  const customer = entity.parent?.key;
  if (customer === undefined) throw new TargetRequestError(`smarty transaction ${key} has no customer; the mapping must put transactions under a customer`, { retryable: false });
  const a = entity.attrs;
  const amount = typeof a.amount === 'string' || typeof a.amount === 'number' ? String(a.amount) : undefined;
  if (amount === undefined) throw new TargetRequestError(`smarty transaction ${key} has no amount`, { retryable: false });
  try {
    const made = await d.client.call('transaction/create', {
      ext_id: key,
      amount,
      processed: a.processed === false ? 0 : 1,
      // Sent even when empty, as the official client does (`comment:` is signed either way).
      comment: typeof a.comment === 'string' ? a.comment : '',
      customer_ext_id: customer,
    });
    return { remoteId: answerId(made, 'transaction_id') };
  } catch (err) {
    if (!isApiError(err, 'transaction/create', [1])) throw err;
    d.logger.info({ kind: 'transaction', key }, 'transaction already on Smarty (ext_id exists): adopted, not sent again');
    return {};
  }
}

/** transaction/delete by ext_id; one already gone (error 1) is success. */
export async function deleteTransaction(d: CustomerOpsDeps, key: string): Promise<OpResult> {
  try {
    await d.client.call('transaction/delete', { ext_id: key });
  } catch (err) {
    if (!isApiError(err, 'transaction/delete', [1])) throw err;
  }
  return {};
}
