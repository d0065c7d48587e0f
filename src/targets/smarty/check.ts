/**
 * `check()` for a Smarty target: read-only calls proving that the Billing API answers, accepts the
 * client id and key (every request is signed, so one signed read proves both), and shows what the
 * adapter reads back. Never throws for a server that answers wrongly.
 *
 * Fallbacks it reports:
 * - customer/list answers no `ext_id` (documented so): `plan --refresh` keys customers by the ids
 *   billsync stored; customers made outside billsync are adopted one at a time, by ext_id, when a
 *   create meets them.
 * - account/info (list) answers no `use_timeshift` or another documented flag: account/modify
 *   leaves it out, and a server that resets omitted flags resets it.
 */
import type { CheckResult } from '../../model/check.js';
import { BillsyncError } from '../../model/errors.js';
import type { SmartyAnswer, SmartyClient } from './client.js';
import { MODIFY_FLAGS } from './account-ops.js';
import { readFlag } from './params.js';

function failed(name: string, err: unknown, fix: string): CheckResult {
  const detail = err instanceof BillsyncError ? err.message : err instanceof Error ? err.message : String(err);
  return { name, status: 'failed', detail, fix };
}

/** The config key a refusal points at: -2 → api_key, -3 → client_id, else the url. */
function fixFor(err: unknown, at: string): string {
  const text = err instanceof Error ? err.message : '';
  if (/\(-2\)/.test(text)) return `${at}.api_key: set the Billing API key of this client (not the TVMW/Content API key)`;
  if (/\(-3\)/.test(text)) return `${at}.client_id: set the Client ID shown in the Smarty admin (Clients)`;
  return `${at}.url: point it at the Billing API base, e.g. https://smarty.example.com/billing/api`;
}

const items = (answer: SmartyAnswer, field: string): SmartyAnswer[] =>
  Array.isArray(answer[field]) ? (answer[field] as SmartyAnswer[]).filter((x) => typeof x === 'object' && x !== null) : [];

export async function checkSmarty(client: SmartyClient, targetName: string): Promise<CheckResult[]> {
  const at = `targets.${targetName}`;
  const results: CheckResult[] = [];
  try {
    const tariffs = items(await client.call('tariff/list', {}), 'tariffs');
    results.push({ name: 'tariff/list', status: 'ok', detail: `signed read accepted (client_id and api_key), ${tariffs.length} tariffs` });
  } catch (err) {
    // Nothing else can work without a signed read.
    return [failed('tariff/list', err, fixFor(err, at))];
  }

  try {
    const customers = items(await client.call('customer/list', { limit: 1, page: 1 }), 'customers');
    const first = customers[0];
    if (!first) {
      results.push({ name: 'customer/list', status: 'ok', detail: 'answered with no customers (nothing to tell whether it shows ext_id)' });
    } else if (first.ext_id === undefined) {
      results.push({
        name: 'customer/list',
        status: 'fallback',
        detail: 'customers are listed without ext_id (as documented): plan --refresh keys them by the ids billsync stored, and a customer made outside billsync is adopted by ext_id when a create meets it',
      });
    } else {
      results.push({ name: 'customer/list', status: 'ok', detail: 'customers are listed with ext_id' });
    }
  } catch (err) {
    results.push(failed('customer/list', err, `${at}.url: check the Billing API version offers customer/list (plan --refresh needs it)`));
  }

  try {
    const accounts = items(await client.call('account/list', { limit: 1, page: 1 }), 'accounts');
    const first = accounts[0];
    const unreadable = first ? MODIFY_FLAGS.filter((f) => readFlag(first[f]) === undefined) : [];
    if (!first) results.push({ name: 'account/list', status: 'ok', detail: 'answered with no accounts' });
    else if (unreadable.length > 0) {
      results.push({
        name: 'account/list',
        status: 'fallback',
        detail: `accounts are listed without ${unreadable.join(', ')}: account/modify cannot re-send them, and a Smarty that resets omitted flags will reset them on every block/unblock`,
      });
    } else results.push({ name: 'account/list', status: 'ok', detail: 'accounts show every flag account/modify re-sends' });
  } catch (err) {
    results.push(failed('account/list', err, `${at}.url: check the Billing API version offers account/list (plan --refresh needs it)`));
  }
  return results;
}
