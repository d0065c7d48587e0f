/**
 * Walks one agent's `getVgroups` pages (`flt.pgnum` 1-based, `flt.pgsize`, `ord` by vgid) and
 * judges whether they add up to the whole list. Paging semantics are undocumented, so nothing
 * is taken on trust; what cannot be proved goes to `problems` (the read is then reported
 * incomplete, never silently short), and only a server that ignores `pgnum` outright fails:
 *
 * - Count: the distinct entries listed must equal `Count(flt, 'getVgroups')` for the same filter.
 * - Short page: a page shorter than `pgsize` while Count says more is suspect. It is re-read once:
 *   a re-read that holds everything the first answer had (and more) replaces it; one that lost
 *   entries "changed between two reads"; one that is the same is a real short page, and the walk
 *   goes on to the next page — entries after it mean a short page in the middle.
 * - Order: every new entry must continue one vgid direction (ascending as asked; a server that
 *   reads `ascdesc` 0 as descending is just as stable). Anything else means `ord` was ignored,
 *   and pages of an unordered list can skip or repeat entries.
 * - Repeats: a page repeating entries of earlier ones means the list moved under the read.
 *
 * Without Count the first short page ends the walk (there is nothing to hold it against), and
 * the read cannot be proved complete anyway.
 */
import { SourceReadError } from '../../model/errors.js';
import type { LbVgroup } from './types.js';

export interface PagingOptions {
  readonly perPage: number;
  /** `Count` for the same filter; null when this LBcore does not answer Count for it. */
  readonly expected: number | null;
  /** Prefix of every problem, e.g. `agent 2`. */
  readonly label: string;
}

/** One 1-based page of the list. */
export type PageFetch = (pgnum: number) => Promise<LbVgroup[]>;

export class VgroupPaging {
  /** Distinct entries listed so far. */
  listed = 0;
  /** Why the walk does not prove the list complete, in the order found; empty = nothing against it. */
  readonly problems: string[] = [];
  private readonly reported = new Set<string>();

  constructor(
    private readonly fetch: PageFetch,
    private readonly opts: PagingOptions,
  ) {}

  /** The new entries of each page, in page order. */
  async *pages(): AsyncIterable<LbVgroup[]> {
    const { perPage, expected } = this.opts;
    const seen = new Set<number>();
    const order = new OrderCheck();
    let short: { pgnum: number; length: number } | null = null;
    for (let pgnum = 1; ; pgnum++) {
      let page = await this.fetch(pgnum);
      if (page.length === 0) break;
      if (short) {
        this.problem(`page ${short.pgnum} came back short (${short.length} of ${perPage}) though page ${pgnum} had entries`);
        short = null;
      }
      if (page.length < perPage && expected !== null && seen.size + countNew(page, seen) < expected) {
        page = await this.reread(pgnum, page);
      }
      const fresh = page.filter((v) => !seen.has(v.vgid));
      if (fresh.length === 0) {
        throw new SourceReadError(
          `LANBilling getVgroups returned the same entries for page ${pgnum} of ${this.opts.label} as before; the server seems to ignore flt.pgnum`,
          { retryable: false, fix: 'check that the LANBilling version is 2.0 or later; flt.pgnum/pgsize paging is what billsync relies on' },
        );
      }
      if (fresh.length < page.length) {
        this.problem(`page ${pgnum} repeated ${page.length - fresh.length} entries of earlier pages (the list moved during the read)`);
      }
      if (!order.accept(fresh)) this.problemOnce('order', 'pages are not in vgid order (the server seems to ignore ord[])');
      for (const v of fresh) seen.add(v.vgid);
      this.listed = seen.size;
      yield fresh;
      // More than asked for: the server ignored pgsize and this answer is all it has; Count judges it.
      if (page.length > perPage) break;
      if (page.length < perPage) {
        if (expected === null || seen.size >= expected) break;
        short = { pgnum, length: page.length };
      }
    }
    if (expected !== null && seen.size !== expected) this.problem(`Count says ${expected}, paging listed ${seen.size}`);
  }

  /** The page's second answer, or the union of both when they disagree (both were real entries). */
  private async reread(pgnum: number, first: LbVgroup[]): Promise<LbVgroup[]> {
    const again = await this.fetch(pgnum);
    const againIds = new Set(again.map((v) => v.vgid));
    if (first.every((v) => againIds.has(v.vgid))) return again;
    this.problem(`page ${pgnum} changed between two reads (${first.length} then ${again.length} entries)`);
    const union = new Map([...first, ...again].map((v) => [v.vgid, v]));
    return [...union.values()].sort((a, b) => a.vgid - b.vgid);
  }

  private problem(text: string): void {
    this.problems.push(`${this.opts.label}: ${text}`);
  }

  private problemOnce(key: string, text: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problem(text);
  }
}

function countNew(page: readonly LbVgroup[], seen: ReadonlySet<number>): number {
  return page.reduce((n, v) => (seen.has(v.vgid) ? n : n + 1), 0);
}

/** Whether entries keep to one strict vgid direction across every page seen. */
class OrderCheck {
  private last: number | null = null;
  private direction = 0;

  accept(entries: readonly LbVgroup[]): boolean {
    let ok = true;
    for (const v of entries) {
      if (this.last !== null) {
        const step = Math.sign(v.vgid - this.last);
        if (this.direction === 0) this.direction = step;
        if (step === 0 || step !== this.direction) ok = false;
      }
      this.last = v.vgid;
    }
    return ok;
  }
}
