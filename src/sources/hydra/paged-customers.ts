/**
 * Pages Hydra's customer list (`GET /subjects/customers?page&per_page`, ordered by
 * n_subject_id) and proves the pages together held every customer — or says why it cannot.
 *
 * The API gives no total and no keyset continuation (shared/api/hydra.md §1), only offset pages.
 * Offset pages go wrong two ways under a live billing: a page may come back short (S1), and a
 * customer removed before the read's offset slides the others back, so the first customer of the
 * next page lands on the page already read and is skipped (S2). So, after reading page N+1, the
 * read re-reads page N (the "boundary" read):
 *
 * - Anything on the re-read that was not seen yet is a customer that slid across the boundary;
 *   it is read now. This is complete by construction when ids only grow (new customers get new,
 *   higher n_subject_ids — an Oracle sequence; INFERRED): removals only move customers to lower
 *   positions, so if the re-read of page N is a full page, every customer that sat between it and
 *   page N+1 when page N+1 was read is on the re-read or on page N+1.
 * - A page followed by a non-empty page must be full when re-read: a page short twice in the
 *   middle of the list (S1) makes the read incomplete, with the reason. A short page is told from
 *   the last one by reading the next page: the list ends only on an empty page.
 * - Consecutive boundaries must overlap (the re-read of page N starts no later than where page N
 *   first ended), else more customers left during the read than one page holds.
 * - Every page must be ordered by id: offsets are only stable in a stable order.
 *
 * "Full" is the largest page seen: a server that caps per_page below what was asked pages by its
 * cap. What this cannot see is a server that consistently lies (the same page short on every
 * read, at the very end of the list).
 *
 * Cost: P pages of customers take 2P + 1 list requests (P forward, one empty page to end on, P
 * re-reads): 201 at 100,000 customers and per_page 1,000, against ~300,000 per-customer requests.
 */
import { SourceReadError } from '../../model/errors.js';
import type { ReadCompleteness } from '../source.js';
import type { HydraCustomer } from './types.js';

/** Page `page` (1-based) of the customer list, as the server answers it. */
export type PageFetcher = (page: number) => Promise<readonly HydraCustomer[]>;

interface PageSeen {
  readonly length: number;
  readonly first?: number;
  readonly last?: number;
}

/** Most problems named in a reason; more are counted. */
const SHOWN_PROBLEMS = 3;

/**
 * Yields customers not yielded before, page by page (and those a re-read turns up), then returns
 * whether the read is proven complete. Throws when the server ignores paging.
 */
export async function* pagedCustomers(fetch: PageFetcher, askedPerPage: number): AsyncGenerator<HydraCustomer[], ReadCompleteness> {
  const seen = new Set<number>();
  const forward: PageSeen[] = [];
  const reread: PageSeen[] = [];
  const problems: string[] = [];
  let size = 0;
  let recovered = 0;
  let quietPages = 0;
  const take = (page: readonly HydraCustomer[]): HydraCustomer[] => {
    const fresh = page.filter((c) => !seen.has(c.n_subject_id));
    for (const c of fresh) seen.add(c.n_subject_id);
    return fresh;
  };
  const look = async (page: number): Promise<readonly HydraCustomer[]> => {
    const customers = await fetch(page);
    size = Math.max(size, customers.length);
    const disorder = customers.findIndex((c, i) => i > 0 && c.n_subject_id <= customers[i - 1]!.n_subject_id);
    if (disorder > 0 && !problems.some((p) => p.includes('not ordered'))) {
      problems.push(`page ${page} is not ordered by n_subject_id (${customers[disorder]!.n_subject_id} after ${customers[disorder - 1]!.n_subject_id}), and offset pages prove nothing without a stable order`);
    }
    return customers;
  };

  for (let page = 1; ; page++) {
    const customers = await look(page);
    forward.push(summary(customers));
    const fresh = take(customers);
    if (customers.length > 0 && fresh.length === 0) {
      // A server that ignores `page` answers page 1 forever; stop before looping.
      quietPages += 1;
      if (quietPages >= 2 || sameIds(forward[page - 2], forward[page - 1])) {
        throw new SourceReadError(`Hydra returned the same customers for page ${page} as before; the server seems to ignore paging`, { retryable: false });
      }
      problems.push(`page ${page} brought no customer not already read`);
    } else quietPages = 0;
    if (fresh.length > 0) yield fresh;
    if (page > 1) {
      const again = await look(page - 1);
      reread.push(summary(again));
      const slid = take(again);
      recovered += slid.length;
      if (slid.length > 0) yield slid;
    }
    if (customers.length === 0) break;
  }
  return verdict({ forward, reread, problems, size, askedPerPage, read: seen.size, recovered });
}

function verdict(r: {
  forward: readonly PageSeen[];
  reread: readonly PageSeen[];
  problems: string[];
  size: number;
  askedPerPage: number;
  read: number;
  recovered: number;
}): ReadCompleteness {
  const { forward, reread, problems, size } = r;
  if (forward[0]!.length === 0) {
    return { complete: false, reason: 'Hydra listed no customers (page 1 was empty); an empty list cannot be told from a broken one' };
  }
  const pages = forward.length - 1; // the last forward page is the empty one the list ended on
  for (let n = 1; n <= pages; n++) {
    const again = reread[n - 1]!;
    const next = forward[n]!;
    if (next.length > 0 && again.length < size) {
      problems.push(
        `page ${n} came back with ${again.length} customers when re-read (${forward[n - 1]!.length} at first), ` +
          `while full pages have ${size} and page ${n + 1} had more: a short page in the middle of the list`,
      );
    } else if (next.length === 0 && again.length === 0) {
      problems.push(`page ${n} was empty when re-read after the end of the list: customers left faster than the read could follow`);
    }
    const before = forward[n - 1]!;
    if (n >= 2 && again.first !== undefined && before.last !== undefined && again.first > before.last) {
      problems.push(`page ${n} moved past where it first ended (${again.first} > ${before.last}): more customers left during the read than one page holds`);
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).join('; ');
    const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : '';
    return { complete: false, reason: `Hydra's customer list could not be proven complete: ${shown}${more}` };
  }
  const capped = size < r.askedPerPage && pages > 1 ? ` (Hydra pages by ${fmt(size)}, not the ${fmt(r.askedPerPage)} asked)` : '';
  const slid = r.recovered > 0 ? `; ${fmt(r.recovered)} customer(s) that slid back across a page boundary while the read ran were read from the re-read` : '';
  return {
    complete: true,
    proof: `${fmt(r.read)} customers on ${pages} page(s) of ${fmt(size)} ordered by id, ended by an empty page; each page re-read after the next one, none short in the middle${capped}${slid}`,
  };
}

function summary(customers: readonly HydraCustomer[]): PageSeen {
  return { length: customers.length, first: customers[0]?.n_subject_id, last: customers.at(-1)?.n_subject_id };
}

function sameIds(a: PageSeen | undefined, b: PageSeen | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.first === b.first && a.last === b.last;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
