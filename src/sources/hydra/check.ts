/**
 * `billsync check` for a Hydra source: read-only calls proving what a read relies on — the
 * operator login, the way customers are enumerated (the INFERRED list endpoint, or the
 * configured customer_ids), and one customer with the lists a read fetches for each.
 */
import { BillsyncError } from '../../model/errors.js';
import type { CheckResult } from '../../model/check.js';
import type { HydraClient } from './client.js';
import { loadCustomerIds } from './customer-ids.js';
import { EVENT_ONLY_REASON, describeIdList, type CustomerIdList } from './enumeration.js';
import type { HydraOptions } from './options.js';

export interface HydraCheckDeps {
  readonly name: string;
  readonly opts: HydraOptions;
  readonly client: HydraClient;
  readonly signal?: AbortSignal;
}

/** Ids from the list tried for the one-customer check (the first may have left Hydra since). */
const SAMPLE_IDS = 3;

export async function checkHydra(d: HydraCheckDeps): Promise<CheckResult[]> {
  const at = `sources.${d.name}`;
  const base = d.opts.basePath;
  const out: CheckResult[] = [];
  try {
    await d.client.ensureLogin();
    out.push({ name: 'login', status: 'ok', detail: `POST ${base}/login accepted operator '${d.opts.login}'` });
  } catch (err) {
    out.push(failed('login', err, `set ${at}.login and ${at}.password to a Hydra operator's credentials`));
    return out; // every other call needs the session
  }

  const e = d.opts.enumeration;
  let sample: number[] = [];
  if (e.kind === 'event_only') {
    out.push({ name: 'customer enumeration', status: 'ok', detail: `enumeration: event_only — no full reads (${EVENT_ONLY_REASON}); nothing is ever removed on this source's word` });
  } else if (e.kind === 'customer_ids') {
    sample = await checkIds(e.ids, d, out);
  } else {
    const name = `GET ${base}/subjects/customers`;
    try {
      const page = await d.client.customersPage(1, 1, d.signal);
      if (page !== null) {
        out.push({ name, status: 'ok', detail: `answered 200 with ${page.length} customer(s) on page 1 of per_page=1` });
        sample = page.map((c) => c.n_subject_id);
      } else if (e.fallback) {
        out.push({ name, status: 'fallback', detail: `answered 404 (no customer list); full reads enumerate ${describeIdList(e.fallback)} instead` });
        sample = await checkIds(e.fallback, d, out);
      } else {
        out.push({
          name,
          status: 'failed',
          detail: 'answered 404: this Hydra has no customer list, so full reads find no customers',
          fix: `set ${at}.customer_ids to { file: /path/ids.txt } or { command: [program, arg] } (one customer id per line), or ${at}.enumeration: event_only`,
        });
      }
    } catch (err) {
      out.push(failed(name, err, `check that ${at}.url points at Hoper's REST v2 and the operator may list customers`));
    }
  }
  if (sample.length > 0) out.push(await checkOneCustomer(sample.slice(0, SAMPLE_IDS), d));
  return out;
}

/** Loads the id list (a file read or the command run) and reports it; the first ids to try. */
async function checkIds(list: CustomerIdList, d: HydraCheckDeps, out: CheckResult[]): Promise<number[]> {
  const name = `customer_ids (${describeIdList(list)})`;
  try {
    const { ids } = await loadCustomerIds(list, d.name, d.signal);
    if (ids.length === 0) {
      out.push({ name, status: 'failed', detail: 'listed no customer ids', fix: `make sources.${d.name}.customer_ids yield one customer id per line` });
      return [];
    }
    out.push({ name, status: 'ok', detail: `listed ${ids.length} customer id(s)` });
    return [...ids];
  } catch (err) {
    out.push(failed(name, err, `fix sources.${d.name}.customer_ids`));
    return [];
  }
}

/** One customer with the three lists a read fetches for each; the first of `ids` Hydra knows. */
async function checkOneCustomer(ids: readonly number[], d: HydraCheckDeps): Promise<CheckResult> {
  const name = `GET ${d.opts.basePath}/subjects/customers/{id} with accounts, subscriptions, subject_addresses`;
  try {
    for (const id of ids) {
      if ((await d.client.customer(String(id), d.signal)) === null) continue;
      const per = d.opts.perPage;
      const [accounts, subscriptions, addresses] = await Promise.all([
        d.client.accounts(id, per, d.signal),
        d.client.subscriptions(id, per, d.signal),
        d.client.subjectAddresses(id, per, d.signal),
      ]);
      return { name, status: 'ok', detail: `customer ${id}: ${accounts.length} account(s), ${subscriptions.length} subscription(s), ${addresses.length} address(es)` };
    }
    return { name, status: 'failed', detail: `customer(s) ${ids.join(', ')} answered 404`, fix: `check that sources.${d.name} reads the Hydra its customer ids come from` };
  } catch (err) {
    return failed(name, err, `give the Hydra operator of sources.${d.name}.login read access to customers, subscriptions and addresses`);
  }
}

function failed(name: string, err: unknown, fallbackFix: string): CheckResult {
  if (!(err instanceof BillsyncError)) throw err; // a bug, not an answer
  return { name, status: 'failed', detail: err.message, fix: err.fix ?? fallbackFix };
}
