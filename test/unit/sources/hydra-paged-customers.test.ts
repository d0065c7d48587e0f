import { describe, expect, it } from 'vitest';
import { SourceReadError } from '../../../src/model/errors.js';
import { pagedCustomers, type PageFetcher } from '../../../src/sources/hydra/paged-customers.js';
import type { HydraCustomer } from '../../../src/sources/hydra/types.js';
import type { ReadCompleteness } from '../../../src/sources/source.js';

/** A live list: ids ascending, paged by `size`; `onFetch` changes it as requests arrive. */
function liveList(count: number, size: number, onFetch: (page: number, call: number, ids: number[]) => number[] | undefined = () => undefined) {
  let ids = Array.from({ length: count }, (_, i) => 1001 + i);
  const calls: number[] = [];
  const fetch: PageFetcher = async (page) => {
    calls.push(page);
    ids = onFetch(page, calls.length, ids) ?? ids;
    return ids.slice((page - 1) * size, page * size).map((id) => ({ n_subject_id: id }) as HydraCustomer);
  };
  return { fetch, calls };
}

async function run(fetch: PageFetcher, asked = 10): Promise<{ ids: number[]; result: ReadCompleteness }> {
  const ids: number[] = [];
  const pages = pagedCustomers(fetch, asked);
  for (;;) {
    const next = await pages.next();
    if (next.done) return { ids, result: next.value };
    ids.push(...next.value.map((c) => c.n_subject_id));
  }
}

const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

describe('pagedCustomers', () => {
  it('proves a quiet list complete in 2P+1 requests: forward, the empty end, each page again after the next', async () => {
    const list = liveList(25, 10);
    const { ids, result } = await run(list.fetch);
    expect(ids).toEqual(range(1001, 25));
    expect(list.calls).toEqual([1, 2, 1, 3, 2, 4, 3]);
    expect(result).toEqual({ complete: true, proof: '25 customers on 3 page(s) of 10 ordered by id, ended by an empty page; each page re-read after the next one, none short in the middle' });
  });

  it('finds the neighbour a removal before the offset slid onto the page already read (S2)', async () => {
    // Customer 1005 leaves after page 1 was read: page 2 now starts at 1012, and 1011 sits on page 1.
    const list = liveList(25, 10, (_page, call, ids) => (call === 2 ? ids.filter((id) => id !== 1005) : undefined));
    const { ids, result } = await run(list.fetch);
    expect(ids).toContain(1011);
    expect([...ids].sort((a, b) => a - b)).toEqual(range(1001, 25));
    expect(result).toMatchObject({ complete: true, proof: expect.stringContaining('1 customer(s) that slid back across a page boundary') as unknown });
  });

  it('finds several neighbours when several customers leave, on several boundaries', async () => {
    const gone = new Set([1002, 1003, 1004, 1015, 1016]);
    const list = liveList(45, 10, (_page, call, ids) => (call === 2 ? ids.filter((id) => id > 1004 || !gone.has(id)) : call === 4 ? ids.filter((id) => !gone.has(id)) : undefined));
    const { ids, result } = await run(list.fetch);
    const persistent = range(1001, 45).filter((id) => !gone.has(id));
    for (const id of persistent) expect(ids).toContain(id);
    expect(result.complete).toBe(true);
  });

  it('reads on past a short page in the middle and recovers it when the re-read is full (S1, once)', async () => {
    let shortened = false;
    const fetch: PageFetcher = async (page) => {
      const all = range(1001, 25).slice((page - 1) * 10, page * 10);
      if (page === 2 && !shortened) {
        shortened = true;
        return all.slice(0, 7).map((id) => ({ n_subject_id: id }) as HydraCustomer);
      }
      return all.map((id) => ({ n_subject_id: id }) as HydraCustomer);
    };
    const { ids, result } = await run(fetch);
    expect([...ids].sort((a, b) => a - b)).toEqual(range(1001, 25));
    expect(result.complete).toBe(true);
  });

  it('calls a page that is short on both reads, with more after it, incomplete (S1, persistent)', async () => {
    const fetch: PageFetcher = async (page) => {
      const all = range(1001, 25).slice((page - 1) * 10, page * 10);
      return (page === 2 ? all.slice(0, 7) : all).map((id) => ({ n_subject_id: id }) as HydraCustomer);
    };
    const { ids, result } = await run(fetch);
    expect(ids).toHaveLength(22);
    expect(result).toEqual({
      complete: false,
      reason: "Hydra's customer list could not be proven complete: page 2 came back with 7 customers when re-read (7 at first), while full pages have 10 and page 3 had more: a short page in the middle of the list",
    });
  });

  it('pages by the server cap when it is below what was asked', async () => {
    const list = liveList(23, 5);
    const { ids, result } = await run(list.fetch, 1000);
    expect(ids).toEqual(range(1001, 23));
    expect(result).toMatchObject({ complete: true, proof: expect.stringContaining('(Hydra pages by 5, not the 1,000 asked)') as unknown });
  });

  it('reads new customers (higher ids) that arrive mid-read and takes duplicates from inserts once', async () => {
    const list = liveList(25, 10, (_page, call, ids) => (call === 3 ? [...ids, 2001, 2002] : undefined));
    const { ids, result } = await run(list.fetch);
    expect(ids).toEqual([...range(1001, 25), 2001, 2002]);
    expect(result.complete).toBe(true);
  });

  it('is incomplete when pages are not ordered by id', async () => {
    const fetch: PageFetcher = async (page) => (page === 1 ? [3, 1, 2] : []).map((id) => ({ n_subject_id: id }) as HydraCustomer);
    const { result } = await run(fetch, 3);
    expect(result).toMatchObject({ complete: false, reason: expect.stringContaining('page 1 is not ordered by n_subject_id (1 after 3)') as unknown });
  });

  it('is incomplete when more customers leave during the read than a page holds', async () => {
    const list = liveList(40, 10, (_page, call, ids) => (call === 4 ? ids.filter((id) => id > 1025) : undefined));
    const { result } = await run(list.fetch);
    expect(result).toMatchObject({ complete: false, reason: expect.stringContaining('more customers left during the read than one page holds') as unknown });
  });

  it('is incomplete for an empty list: an empty billing cannot be told from a broken list', async () => {
    const { ids, result } = await run(liveList(0, 10).fetch);
    expect(ids).toEqual([]);
    expect(result).toEqual({ complete: false, reason: 'Hydra listed no customers (page 1 was empty); an empty list cannot be told from a broken one' });
  });

  it('fails when the server ignores paging instead of looping', async () => {
    const fetch: PageFetcher = async () => range(1, 10).map((id) => ({ n_subject_id: id }) as HydraCustomer);
    await expect(run(fetch)).rejects.toBeInstanceOf(SourceReadError);
  });
});
