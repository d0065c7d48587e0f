import { describe, expect, it } from 'vitest';
import { TargetRequestError } from '../../../src/model/errors.js';
import { SmotreshkaApiError } from '../../../src/targets/smotreshka/client.js';
import { accountPages, type FetchPage } from '../../../src/targets/smotreshka/paging.js';

const acc = (i: number) => ({ id: `id${i}`, username: `u${i}` });

/** A fake list over `n` accounts: pages from `base`, at most `cap` a page, `total` as reported. */
function server(n: number, o: { base?: 0 | 1; cap?: number; total?: number; pages?: boolean; checkNum?: boolean } = {}): { fetch: FetchPage; asked: number[] } {
  const base = o.base ?? 0;
  const asked: number[] = [];
  const fetch: FetchPage = async (size, num) => {
    asked.push(num);
    if (num < base && o.checkNum !== false) throw new SmotreshkaApiError('GET /v2/accounts', 400, 'Bad Request');
    const served = Math.min(size, o.cap ?? size);
    const all = Array.from({ length: n }, (_, i) => acc(i));
    const slice = all.slice((num - base) * served, (num - base + 1) * served);
    return {
      accounts: slice,
      pagination: { page: num, page_size: served, ...(o.pages === false ? {} : { pages: Math.ceil(n / served) }), total: o.total ?? n },
    };
  };
  return { fetch, asked };
}

async function collect(fetch: FetchPage, size: number): Promise<string[]> {
  const out: string[] = [];
  for await (const page of accountPages(fetch, size, 'tv')) for (const a of page) out.push(a.id);
  return out;
}

describe('smotreshka account paging', () => {
  it('pages 0-based to the last page the answer names', async () => {
    const s = server(25);
    expect(await collect(s.fetch, 10)).toHaveLength(25);
    expect(s.asked).toEqual([0, 1, 2]);
  });

  it('takes a 400 for page 0 as pages counted from 1', async () => {
    const s = server(25, { base: 1 });
    expect(await collect(s.fetch, 10)).toHaveLength(25);
    expect(s.asked).toEqual([0, 1, 2, 3]);
  });

  it('takes an empty page 0 of a non-empty list as pages counted from 1', async () => {
    const s = server(5, { base: 1, checkNum: false });
    expect(await collect(s.fetch, 10)).toHaveLength(5);
    expect(s.asked).toEqual([0, 1]);
  });

  it('follows the page size the server served, with or without pages', async () => {
    expect(await collect(server(95, { cap: 20 }).fetch, 100)).toHaveLength(95);
    expect(await collect(server(95, { cap: 20, pages: false }).fetch, 100)).toHaveLength(95);
  });

  it('fails a listing that ends short of the total it reports', async () => {
    const err = await collect(server(25, { total: 30 }).fetch, 10).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TargetRequestError);
    expect((err as Error).message).toMatch(/listed 25 accounts but reports 30/);
  });

  it('reports the first refusal when page 1 is refused too', async () => {
    const fetch: FetchPage = async () => {
      throw new SmotreshkaApiError('GET /v2/accounts', 400, 'Bad Request');
    };
    await expect(collect(fetch, 10)).rejects.toThrow(/HTTP 400/);
  });
});
