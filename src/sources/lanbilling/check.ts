/**
 * `check()` for a LANBilling source: read-only calls proving that the manager can log in and
 * that every api3 call a read relies on answers as billsync reads it. Cheap at any base size:
 * one small page per agent and per archive value, one Count per agent, and one entry's
 * `getVgroup`, user and services (and its agreement's payments with `payments_days`). Never
 * throws for a server that answers wrongly.
 *
 * What each fallback means for a read:
 * - Count refused: reads are never proven complete, so deletes and blocks wait for a human.
 * - ord[] not honoured: pages may skip or repeat entries; reads are reported incomplete.
 * - flt.archive not honoured: each entry the archive filter cannot vouch for is looked up with
 *   `getVgroup` (one more request per subscriber); results stay correct.
 */
import { BillsyncError } from '../../model/errors.js';
import type { CheckResult } from '../../model/check.js';
import type { LanbillingApi } from './api.js';
import { formatLbDate } from './dates.js';
import type { LanbillingClient } from './client.js';
import type { LanbillingOptions } from './options.js';
import type { LbVgroup } from './types.js';

/** Entries per probe page: enough to see an order and an overlap, small at any base size. */
const PROBE_PAGE = 20;
/** Archived entries whose flag is confirmed with getVgroup. */
const PROBE_ARCHIVED = 3;
const DAY_MS = 86_400_000;

export interface CheckDeps {
  readonly api: LanbillingApi;
  readonly client: LanbillingClient;
  readonly opts: LanbillingOptions;
  readonly sourceName: string;
  readonly signal?: AbortSignal;
}

export async function checkLanbilling(deps: CheckDeps): Promise<CheckResult[]> {
  const { api, opts, signal } = deps;
  const key = `sources.${deps.sourceName}`;
  const results: CheckResult[] = [];
  try {
    await deps.client.ensureSession();
    results.push({ name: 'Login', status: 'ok', detail: `manager '${opts.login}' logged in` });
  } catch (err) {
    return [failed('Login', err, `set ${key}.url to LBcore's SOAP endpoint and ${key}.login/password to a manager's credentials`)];
  }

  // First page of every agent, live and archived; everything below works from these.
  const live = new Map<number, LbVgroup[]>();
  const archived = new Map<number, LbVgroup[]>();
  const listed = await attempt('getVgroups', `check that the manager of ${key}.login may read account entries`, async () => {
    for (const agent of opts.agents) {
      live.set(agent, await api.vgroupsPage(agent, 0, 1, PROBE_PAGE, signal));
      archived.set(agent, await api.vgroupsPage(agent, 1, 1, PROBE_PAGE, signal));
    }
    return ok('getVgroups', opts.agents.map((a) => `agent ${a}: ${live.get(a)!.length} live, ${archived.get(a)!.length} archived on page 1`).join('; '));
  });
  results.push(listed);
  if (listed.status === 'failed') return results;

  results.push(
    await attempt('Count', '', async () => {
      const counts: string[] = [];
      for (const agent of opts.agents) {
        const n = await api.countVgroups(agent, signal);
        if (n === null) {
          return {
            name: 'Count',
            status: 'fallback',
            detail: `LBcore refused Count(flt, 'getVgroups') for agent ${agent}: reads cannot be proven complete, so deletes and blocks are held back`,
            fix: 'nothing in sync.yaml changes this: Count on getVgroups needs a LANBilling build that offers it; until then review held-back deletes by hand',
          };
        }
        counts.push(`agent ${agent}: ${n}`);
      }
      return ok('Count', `Count(getVgroups) answers: ${counts.join('; ')}`);
    }),
  );

  results.push(orderCheck(live));
  results.push(await attempt('flt.archive', '', () => archiveCheck(deps, live, archived)));

  const sample = [...live.values()].flat().find((v) => v.uid > 0) ?? [...live.values()].flat()[0];
  const none = (name: string): CheckResult => ok(name, `not tried: agents ${opts.agents.join(', ')} list no live entries`);
  const fix = `give the manager of ${key}.login read access to account entries, users and services`;
  results.push(
    sample === undefined
      ? none('getVgroup')
      : await attempt('getVgroup', fix, async () => {
          const full = await api.vgroupFull(sample.vgid, signal);
          if (full === null) return { name: 'getVgroup', status: 'failed', detail: `entry ${sample.vgid} listed by getVgroups is unknown to getVgroup`, fix };
          if (full.archive === null) return { name: 'getVgroup', status: 'failed', detail: `getVgroup ${sample.vgid} has no vgroup.archive`, fix };
          const macs = opts.devices ? `, ${full.macs?.length ?? 0} MACs (devices)` : '';
          return ok('getVgroup', `entry ${sample.vgid}: archive ${full.archive ? 1 : 0}${macs}`);
        }),
  );
  results.push(
    sample === undefined || sample.uid <= 0
      ? none('getAccount')
      : await attempt('getAccount', fix, async () => {
          const account = await api.account(sample.uid, signal);
          return ok('getAccount', account ? `user ${sample.uid} found` : `user ${sample.uid} of entry ${sample.vgid} not found (read without name and contacts)`);
        }),
  );
  results.push(
    sample === undefined
      ? none('getUsboxServices')
      : await attempt('getUsboxServices', fix, async () => ok('getUsboxServices', `entry ${sample.vgid}: ${(await api.usboxServices(sample.vgid, signal)).length} services`)),
  );
  results.push(await attempt('getCatalogs', fix, async () => ok('getCatalogs', `${(await api.serviceCatalog(signal)).size} services in services catalogs`)));
  const days = opts.paymentsDays;
  if (days !== undefined) {
    const withAgreement = [...live.values()].flat().find((v) => v.agrmid > 0);
    const payFix = `give the manager of ${key}.login read access to payments, or remove ${key}.payments_days`;
    results.push(
      withAgreement === undefined
        ? none('getPayments')
        : await attempt('getPayments', payFix, async () => {
            const now = Date.now();
            const rows = await api.payments(withAgreement.agrmid, formatLbDate(now - days * DAY_MS, opts.utcOffsetMinutes), formatLbDate(now + DAY_MS, opts.utcOffsetMinutes), signal);
            return ok('getPayments', `agreement ${withAgreement.agrmid}: ${rows.length} payment rows in the last ${days} days`);
          }),
    );
  }
  return results;
}

/** Page 1 of every agent keeps one strict vgid direction. */
function orderCheck(live: ReadonlyMap<number, readonly LbVgroup[]>): CheckResult {
  for (const [agent, page] of live) {
    const steps = page.slice(1).map((v, i) => Math.sign(v.vgid - page[i]!.vgid));
    if (steps.some((s) => s === 0 || s !== steps[0])) {
      return {
        name: 'ord[] by vgid',
        status: 'fallback',
        detail: `page 1 of agent ${agent} is not in vgid order: the server seems to ignore ord[], so reads are reported incomplete and deletes and blocks are held back`,
        fix: 'nothing in sync.yaml changes this: ordered paging needs a LANBilling build that honours ord[] on getVgroups',
      };
    }
  }
  return ok('ord[] by vgid', 'page 1 of every agent is in vgid order');
}

/**
 * flt.archive is honoured when the archive 0 and 1 answers share no entry and the archived ones
 * are archived according to getVgroup (a few of them are looked up).
 */
async function archiveCheck(deps: CheckDeps, live: ReadonlyMap<number, readonly LbVgroup[]>, archived: ReadonlyMap<number, readonly LbVgroup[]>): Promise<CheckResult> {
  const fallback = (detail: string): CheckResult => ({
    name: 'flt.archive',
    status: 'fallback',
    detail: `${detail}: flt.archive is not honoured; billsync checks such entries with getVgroup per entry (one more request per subscriber)`,
    fix: 'nothing to change in sync.yaml; reads stay correct but slower',
  });
  let archivedSeen = 0;
  for (const agent of deps.opts.agents) {
    const liveIds = new Set(live.get(agent)!.map((v) => v.vgid));
    const both = archived.get(agent)!.filter((v) => liveIds.has(v.vgid));
    if (both.length > 0) return fallback(`agent ${agent}: ${both.length} entries answered for both archive 0 and 1`);
    for (const v of archived.get(agent)!.slice(0, PROBE_ARCHIVED)) {
      const full = await deps.api.vgroupFull(v.vgid, deps.signal);
      if (full?.archive === false) return fallback(`agent ${agent}: entry ${v.vgid} answered for archive 1 is not archived according to getVgroup`);
      archivedSeen += 1;
    }
  }
  return ok('flt.archive', archivedSeen > 0 ? `archive 0 and 1 answers are disjoint; ${archivedSeen} archived entries confirmed with getVgroup` : 'no archived entries to compare with; archive 0 answers taken as live');
}

const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail });

function failed(name: string, err: unknown, fix: string): CheckResult {
  const detail = err instanceof Error ? err.message : String(err);
  return { name, status: 'failed', detail, fix: err instanceof BillsyncError && err.fix ? err.fix : fix };
}

/** Runs one check; an error is that check failing, not the whole check run. */
async function attempt(name: string, fix: string, run: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await run();
  } catch (err) {
    return failed(name, err, fix || 'check that LBcore answers and the LANBilling version is 2.0 or later');
  }
}
