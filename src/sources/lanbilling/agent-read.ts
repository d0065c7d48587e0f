/**
 * One agent's part of a full read: its Count, the ids of its archived entries, its live pages
 * (walked and judged by VgroupPaging), and a `getVgroup` for each entry the archive filter
 * cannot vouch for.
 *
 * Archived entries. `getVgroups` is asked for `flt.archive` 0, but whether a server honours that
 * is undocumented, and the brief type it answers has no `archive` element in any public WSDL, so
 * an answer cannot show it. The safest check that does not depend on the brief:
 *   1. list the agent's `archive` 1 entries first (ids only, a few pages: archived entries are few);
 *   2. an entry of the `archive` 0 pages that is also in that list was answered for both
 *      values, so it is looked up with `getVgroup`, whose full `soapVgroup` documents `archive`,
 *      and left out when archived (one restored between the two lists is kept);
 *   3. once a lookup finds an archived entry in the `archive` 0 answer, the filter is known not
 *      to be honoured and every entry of the agent from that page on is looked up the same way,
 *      so an archive-1 list that came back short cannot let archived entries through.
 * Simply dropping every id of the `archive` 1 answer would be wrong on exactly the server this
 * guards against: one that ignores the filter answers every entry for both values, and the read
 * would lose everybody. On a server that honours the filter the two lists never meet and this
 * costs only the archive-1 pages. Left open: an entry archived between the two lists on a server
 * that ignores the filter is read as live once (its services stay one more round, nothing is
 * taken away wrongly). An entry `getVgroup` does not know, or whose `archive` it does not give,
 * is left out and makes the read incomplete, so its absence deletes nothing.
 */
import type { LanbillingApi } from './api.js';
import { VgroupPaging } from './paging.js';
import type { LbVgroup } from './types.js';

/**
 * Limiter priority of the list pages: the source reads them one page ahead (util/read-ahead.ts),
 * and the next page must not wait behind the current page's queued per-entry calls.
 */
const PAGE_PRIORITY = 1;

export interface AgentReadOptions {
  readonly perPage: number;
  readonly signal: AbortSignal;
  /** Told once per agent when the archive filter turns out not to be honoured. */
  readonly onArchiveIgnored?: (agent: number) => void;
  /** Told once per agent when LBcore does not answer Count. */
  readonly onNoCount?: (agent: number) => void;
}

export class AgentRead {
  private readonly problems: string[] = [];
  private expected: number | null = null;
  private listed = 0;
  private checked = 0;
  private excluded = 0;

  constructor(
    private readonly api: LanbillingApi,
    readonly agent: number,
    private readonly opts: AgentReadOptions,
  ) {}

  /** The agent's entries page by page, archived ones left out (templates are the caller's). */
  async *entries(): AsyncIterable<LbVgroup[]> {
    const { api, agent } = this;
    const { perPage, signal } = this.opts;
    this.expected = await api.countVgroups(agent, signal);
    if (this.expected === null) {
      this.problems.push(`agent ${agent}: LBcore does not answer Count for getVgroups, so the paging cannot be cross-checked`);
      this.opts.onNoCount?.(agent);
    }
    const archived = await this.archivedIds();
    let checkAll = false;
    const paging = new VgroupPaging((pgnum) => api.vgroupsPage(agent, 0, pgnum, perPage, signal, PAGE_PRIORITY), { perPage, expected: this.expected, label: `agent ${agent}` });
    for await (const page of paging.pages()) {
      const excludedBefore = this.excluded;
      const suspect = (v: LbVgroup): boolean => checkAll || archived.has(v.vgid);
      let kept = await Promise.all(page.map((v) => (suspect(v) ? this.confirmLive(v) : Promise.resolve(v.archive === true ? null : v))));
      if (!checkAll && this.excluded > excludedBefore) {
        // An archived entry came back for archive 0: the filter is not honoured, so no entry of
        // this agent is taken on its word from here on — the rest of this page included.
        checkAll = true;
        this.opts.onArchiveIgnored?.(agent);
        kept = await Promise.all(page.map((v, i) => (archived.has(v.vgid) ? Promise.resolve(kept[i] ?? null) : this.confirmLive(v))));
      }
      yield kept.filter((v): v is LbVgroup => v !== null);
    }
    this.listed = paging.listed;
    this.problems.push(...paging.problems);
  }

  /** After `entries()` ran to its end: why this agent's list is not proven complete (empty = proven). */
  get unproven(): readonly string[] {
    return this.problems;
  }

  /** After `entries()` ran to its end with nothing unproven: how it was proven. */
  get proof(): string {
    const n = this.expected ?? this.listed;
    let text = `agent ${this.agent}: Count ${n} = ${this.listed} listed in vgid order`;
    if (this.checked > 0) {
      text += `, ${this.checked} checked with getVgroup (flt.archive not trusted), ${this.excluded} archived entries excluded after getVgroup`;
    }
    return text;
  }

  /** The entry when `getVgroup` says it is not archived; null (and why) otherwise. */
  private async confirmLive(v: LbVgroup): Promise<LbVgroup | null> {
    this.checked += 1;
    const full = await this.api.vgroupFull(v.vgid, this.opts.signal);
    if (full === null) {
      this.problems.push(`agent ${this.agent}: entry ${v.vgid} is listed by getVgroups but unknown to getVgroup; left out`);
      return null;
    }
    if (full.archive === null) {
      this.problems.push(`agent ${this.agent}: getVgroup did not say whether entry ${v.vgid} is archived; left out`);
      return null;
    }
    if (full.archive) {
      this.excluded += 1;
      return null;
    }
    // The full answer's MACs come along, so a read with devices does not ask for it again.
    return { ...v, archive: false, template: v.template || full.template, ...(full.macs ? { macs: full.macs } : {}) };
  }

  /** Ids `getVgroups` answers for `flt.archive` 1, up to the first short (or repeated) page. */
  private async archivedIds(): Promise<Set<number>> {
    const ids = new Set<number>();
    for (let pgnum = 1; ; pgnum++) {
      const page = await this.api.vgroupsPage(this.agent, 1, pgnum, this.opts.perPage, this.opts.signal);
      let fresh = 0;
      for (const v of page) {
        if (ids.has(v.vgid)) continue;
        ids.add(v.vgid);
        fresh += 1;
      }
      if (page.length < this.opts.perPage || fresh === 0) return ids;
    }
  }
}
