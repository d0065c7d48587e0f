/**
 * Paging `GET /v2/accounts`. The SPEC requires `page_size` and `page_num` but says neither where
 * `page_num` starts nor how large a page may be (its example answer shows `page: 0`,
 * `page_size: 100`). So the answers decide:
 *
 * - the first request asks page 0: a 400, an answer for page 1 (`pagination.page: 1`), or an
 *   empty page 0 while `pagination.total` says there are accounts, means pages count from 1;
 * - pages are stepped by one; the last is `pagination.pages` when answered, else the first page
 *   shorter than the size the server says it served (`pagination.page_size`, which may be less
 *   than asked);
 * - at the end, the distinct accounts seen must reach the last `pagination.total` answered:
 *   fewer means the listing missed some, and it fails rather than let a missed account look
 *   gone (a refresh would plan to re-create it, an id lookup would find nothing).
 */
import { TargetRequestError } from '../../model/errors.js';
import { isApiError } from './client.js';
import { accountsOfPage, type AccountJson } from './observe.js';

/** Upper bound on pages, so a server that ignores page_num cannot loop us forever. */
const MAX_PAGES = 100_000;

/** What billsync reads of an answer's `pagination`. */
export interface Pagination {
  readonly page?: number;
  readonly pageSize?: number;
  readonly pages?: number;
  readonly total?: number;
}

export function paginationOf(answer: unknown): Pagination {
  const p = typeof answer === 'object' && answer !== null ? (answer as { pagination?: unknown }).pagination : undefined;
  if (typeof p !== 'object' || p === null) return {};
  const o = p as Record<string, unknown>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const out: { page?: number; pageSize?: number; pages?: number; total?: number } = {};
  if (num(o.page) !== undefined) out.page = num(o.page)!;
  if (num(o.page_size) !== undefined && num(o.page_size)! > 0) out.pageSize = num(o.page_size)!;
  if (num(o.pages) !== undefined) out.pages = num(o.pages)!;
  if (num(o.total) !== undefined) out.total = num(o.total)!;
  return out;
}

/** One `GET /v2/accounts` call (the client's, in production). */
export type FetchPage = (pageSize: number, pageNum: number) => Promise<unknown>;

/** Yields every page of accounts; throws when the listing cannot be shown complete (see above). */
export async function* accountPages(fetch: FetchPage, pageSize: number, target: string): AsyncGenerator<readonly AccountJson[]> {
  let { base, answer } = await firstPage(fetch, pageSize);
  const seen = new Set<string>();
  for (let num = base; num < base + MAX_PAGES; ) {
    const accounts = accountsOfPage(answer);
    const p = paginationOf(answer);
    for (const a of accounts) seen.add(a.id);
    if (accounts.length > 0) yield accounts;
    const served = p.pageSize ?? pageSize;
    const last = p.pages !== undefined ? num + 1 >= base + p.pages : accounts.length < served;
    if (last || accounts.length === 0) {
      if (p.total !== undefined && seen.size < p.total) {
        throw new TargetRequestError(
          `smotreshka GET /v2/accounts listed ${seen.size} accounts but reports ${p.total} (pages counted from ${base}); the listing is incomplete — accounts may have changed while paging; retry, and if it persists try another targets.${target}.page_size`,
          { retryable: false, status: 200 },
        );
      }
      return;
    }
    num++;
    answer = await fetch(pageSize, num);
  }
}

/** Page 0, or page 1 when the answer shows pages count from 1. */
async function firstPage(fetch: FetchPage, pageSize: number): Promise<{ base: number; answer: unknown }> {
  let answer: unknown;
  try {
    answer = await fetch(pageSize, 0);
  } catch (err) {
    // A 400 for page 0 may well mean pages count from 1; if page 1 is refused too, the first
    // refusal is the one to report.
    if (!isApiError(err, [400])) throw err;
    try {
      return { base: 1, answer: await fetch(pageSize, 1) };
    } catch {
      throw err;
    }
  }
  const p = paginationOf(answer);
  if (p.page === 1) return { base: 1, answer };
  // An empty page 0 of a non-empty list: a 1-based server that does not check page_num.
  if (accountsOfPage(answer).length === 0 && (p.total ?? 0) > 0) return { base: 1, answer: await fetch(pageSize, 1) };
  return { base: 0, answer };
}
