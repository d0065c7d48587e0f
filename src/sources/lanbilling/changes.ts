/**
 * LANBilling's change listing for change-driven rounds. The api3 notes document no "changed
 * since" filter (the semantics of `soapFilter` fields are undocumented per method), but every
 * assigned service carries documented dates: `created` (assigned), `timefrom` (starts) and
 * `timeto` (ends). A service switched, added, stopped, started or expired shows one of them in
 * the window, so paging through all services (`getUsboxServices` with paging only) and keeping
 * the entries with a date in [since, now] finds the entries whose services changed, at one
 * request per page instead of two or three per entry.
 *
 * What it cannot see (no documented date carries it): a block or unblock (`vgroups.blocked`), a
 * tariff change without a service change, a user's name or contacts (`accounts.lastmoddate`
 * exists on soapAccount, but only `getAccount` by uid returns it here, and whether it moves on
 * vgroup edits is undocumented), an entry archived. Those reach the targets through triggers
 * (LANBilling's events → POST /v1/sync) or the next full round (daemon.full_every).
 */
import type { ChangeSet } from '../source.js';
import type { LanbillingApi } from './api.js';
import { parseLbDate } from './dates.js';
import type { LbUsboxService } from './types.js';

export const CHANGE_BASIS = 'getUsboxServices: services with created, timefrom or timeto in the window';

/** Pages of services cap a listing: past it, something is wrong (a server ignoring pgnum). */
const MAX_PAGES = 100_000;

/**
 * The vgids whose services show a change in [since, now].
 * @param pgsize services per page (the source's per_page)
 */
export async function changedEntries(api: LanbillingApi, since: Date, now: Date, opts: { pgsize: number; utcOffsetMinutes: number; signal?: AbortSignal }): Promise<ChangeSet> {
  const ids = new Set<number>();
  let requests = 0;
  let previousFirst: number | null = null;
  for (let pgnum = 1; pgnum <= MAX_PAGES; pgnum++) {
    const page = await api.usboxServicesPage(pgnum, opts.pgsize, opts.signal);
    requests++;
    // A server that ignores pgnum answers page 1 again and again: stop rather than loop.
    const first = page[0]?.servid ?? null;
    if (first !== null && first === previousFirst) break;
    previousFirst = first;
    for (const s of page) if (changedWithin(s, since.getTime(), now.getTime(), opts.utcOffsetMinutes)) ids.add(s.vgid);
    if (page.length < opts.pgsize) break;
  }
  return { ids: [...ids].sort((a, b) => a - b).map(String), requests, basis: CHANGE_BASIS };
}

/** Whether one of the service's dates falls in [from, to]. */
export function changedWithin(s: Pick<LbUsboxService, 'created' | 'timefrom' | 'timeto'>, from: number, to: number, utcOffsetMinutes: number): boolean {
  return [s.created, s.timefrom, s.timeto].some((text) => {
    const at = parseLbDate(text, utcOffsetMinutes);
    return typeof at === 'number' && at >= from && at <= to;
  });
}
