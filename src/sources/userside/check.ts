/**
 * `billsync check` for a UserSide source: read-only calls proving the key is accepted and that
 * every request a read relies on answers — the state and tariff catalogues, get_customers_id,
 * get_data, and (unless bulk is batched) get_user_list, which some versions refuse without
 * billing_id. All calls ask for one customer at most.
 */
import { BillsyncError } from '../../model/errors.js';
import type { CheckResult } from '../../model/check.js';
import { isRefusal, wantsBillingId, type UsersideApi } from './api.js';
import type { UsersideOptions } from './options.js';

export interface UsersideCheckDeps {
  readonly name: string;
  readonly opts: UsersideOptions;
  readonly api: UsersideApi;
  readonly signal?: AbortSignal;
}

export async function checkUserside(d: UsersideCheckDeps): Promise<CheckResult[]> {
  const at = `sources.${d.name}`;
  const out: CheckResult[] = [];
  try {
    const states = await d.api.states(d.signal);
    out.push({ name: 'module/get_user_state_list', status: 'ok', detail: `key accepted; ${states.size} customer state(s)` });
  } catch (err) {
    out.push(failed('module/get_user_state_list', err, `check ${at}.url and ${at}.api_key`));
    // A refused key refuses everything else too.
    if (err instanceof BillsyncError && err.code === 'SOURCE_AUTH') return out;
  }
  try {
    const { request, tariffs } = await d.api.tariffCatalogue(d.signal);
    out.push(
      request === 'tariff/get'
        ? { name: 'tariff/get', status: 'ok', detail: `${tariffs.size} tariff(s)` }
        : { name: 'tariff/get', status: 'fallback', detail: `unknown on this install (before 3.12.2); the older ${request} answered ${tariffs.size} tariff(s)` },
    );
  } catch (err) {
    out.push(failed('tariff/get', err, `check that ${at}.url is UserSide's api.php and the key may read tariffs`));
  }
  let sample: number | undefined;
  try {
    const ids = await d.api.customerIds(0, d.signal, 1);
    sample = ids[0];
    out.push({ name: 'customer/get_customers_id', status: 'ok', detail: sample === undefined ? 'answered with no current customer' : `answered (first current customer: ${sample})` });
  } catch (err) {
    out.push(failed('customer/get_customers_id', err, `check that the key of ${at}.api_key may read customers`));
  }
  if (sample !== undefined) {
    try {
      const r = await d.api.customerCard(sample, d.signal);
      out.push(
        r.card
          ? { name: 'customer/get_data', status: 'ok', detail: `answered customer ${sample}` }
          : { name: 'customer/get_data', status: 'failed', detail: `answered ${r.why === 'not_found' ? '"not found"' : 'OK without the card'} for customer ${sample}, which get_customers_id lists`, fix: `check that ${at}.url is the UserSide the ids come from` },
      );
    } catch (err) {
      out.push(failed('customer/get_data', err, `check that the key of ${at}.api_key may read customers`));
    }
  }
  if (d.opts.bulk !== 'batched') out.push(await checkUserList(d, sample));
  return out;
}

async function checkUserList(d: UsersideCheckDeps, sample: number | undefined): Promise<CheckResult> {
  const at = `sources.${d.name}`;
  const name = 'module/get_user_list';
  const billing = d.opts.billingId === undefined ? '' : ` with billing_id ${d.opts.billingId}`;
  try {
    const list = await d.api.userList(sample, d.signal);
    return { name, status: 'ok', detail: `answered${billing}${sample === undefined ? '' : list.length > 0 ? ` for customer ${sample}` : ` (customer ${sample} is not in that billing)`}` };
  } catch (err) {
    if (!isRefusal(err)) return failed(name, err, `check that ${at}.url is UserSide's api.php`);
    if (wantsBillingId(err)) {
      const fix = d.opts.billingId === undefined
        ? `set ${at}.billing_id to the id of the billing whose customers to read (customer/get_data shows it as billing_id)`
        : `check ${at}.billing_id: UserSide refused ${d.opts.billingId}`;
      if (d.opts.bulk === 'list' || d.opts.billingId !== undefined) return { name, status: 'failed', detail: `answered ERROR${billing}: ${err.errorText}`, fix };
      return { name, status: 'fallback', detail: `answered ERROR: ${err.errorText}; reads fall back to get_customers_id + get_data in batches (slower)`, fix };
    }
    if (d.opts.bulk === 'list') return { name, status: 'failed', detail: `answered ERROR: ${err.errorText}`, fix: `set ${at}.bulk to batched (or leave it out: auto) for this UserSide version` };
    return { name, status: 'fallback', detail: `not on this install (${err.errorText}); reads use get_customers_id + get_data in batches` };
  }
}

function failed(name: string, err: unknown, fallbackFix: string): CheckResult {
  if (!(err instanceof BillsyncError)) throw err; // a bug, not an answer
  return { name, status: 'failed', detail: err.message, fix: err.fix ?? fallbackFix };
}
