/**
 * Emulated transaction/create, transaction/delete and customer/transaction/list. Per the
 * current docs the transaction's id field is `ext_id`; the client libraries still send the
 * 2016 name `id`, which the notes leave open — the strict reading does not take it (error 2).
 */
import { FormParams, parseDate, parseFlag, parseIntStrict } from './form.js';
import { findCustomer } from './customer-methods.js';
import type { SmartyCustomer, SmartyState } from './state.js';
import { kopecksText } from './transaction-state.js';
import { fail, ok, pageOf, type ApiAnswer } from './views.js';

/** `customer_ext_id` wins over `customer_id` (docs: customer_id is then ignored). */
function transactionCustomer(p: FormParams, s: SmartyState): SmartyCustomer | undefined {
  const ext = p.nonEmpty('customer_ext_id');
  if (ext !== undefined) return s.customerByExt(ext);
  const id = parseIntStrict(p.get('customer_id'));
  return id !== undefined && id > 0 ? s.customers.get(id) : undefined;
}

export function transactionCreate(p: FormParams, s: SmartyState): ApiAnswer {
  const ext = p.nonEmpty('ext_id');
  if (ext === undefined) return fail(2, 'ext_id is required');
  if (s.transactions.byExtId(ext)) return fail(1, `Transaction with ext_id ${ext} already exists`);
  if (p.nonEmpty('transaction_type') === '1') {
    // Movie purchases: no video library is emulated, so any video is unknown.
    const video = p.nonEmpty('video_ext_id');
    if (video === undefined) return fail(3, 'video_ext_id is required');
    const until = p.get('video_available_until');
    if (until !== undefined && parseDate(until) === undefined) return fail(5, 'Bad date in video_available_until');
    return fail(4, `Video ${video} not found`);
  }
  // The docs give no code for these: the generic -1, as a server exception would answer.
  const customer = transactionCustomer(p, s);
  if (!customer) return fail(-1, 'Unknown error: customer not found');
  const amountText = (p.get('amount') ?? '0').trim() || '0';
  if (!/^-?\d{1,12}(\.\d{1,2})?$/.test(amountText)) return fail(-1, `Unknown error: bad amount ${amountText}`);
  const processedText = p.get('processed');
  const processed = processedText === undefined ? false : parseFlag(processedText);
  if (processed === undefined) return fail(-1, 'Unknown error: bad processed flag');
  const kopecks = Math.round(Number(amountText) * 100);
  const t = s.transactions.add({ ext_id: ext, customer_id: customer.id, amount: kopecksText(kopecks), processed, comment: p.get('comment') ?? '' });
  if (p.get('activate_accounts') !== undefined && parseFlag(p.get('activate_accounts')!) === true) {
    for (const aid of customer.accounts) {
      const a = s.accounts.get(aid);
      if (a) a.flags.active = true;
    }
  }
  return ok({ transaction_id: t.id });
}

export function transactionDelete(p: FormParams, s: SmartyState): ApiAnswer {
  const ext = p.nonEmpty('ext_id');
  if (ext === undefined) return fail(2, 'ext_id is required');
  const t = s.transactions.byExtId(ext);
  if (!t) return fail(1, `Transaction with ext_id ${ext} not found`);
  s.transactions.delete(t);
  return ok();
}

/** Paged (limit ≤ 100, page from 1); no ext_id in the items, as documented. */
export function customerTransactionList(p: FormParams, s: SmartyState): ApiAnswer {
  const c = findCustomer(p, s);
  if (!c) return fail(1, 'Customer not found');
  const payments = pageOf(s.transactions.ofCustomer(c.id), p.get('limit'), p.get('page')).map((t) => ({
    transaction_id: t.id,
    amount: t.amount,
    source: t.source,
    datetime: t.datetime,
    comment: t.comment,
    processed: t.processed,
  }));
  return ok({ payments });
}
