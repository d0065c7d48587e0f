/**
 * The paging judge on literal pages: what it yields, what it holds against the list, and when
 * it gives up (a server that ignores pgnum). The emulator-backed cases are in
 * test/integration/sources/lanbilling-completeness.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { VgroupPaging, type PageFetch } from '../../../src/sources/lanbilling/paging.js';
import type { LbVgroup } from '../../../src/sources/lanbilling/types.js';
import { SourceReadError } from '../../../src/model/errors.js';

const entry = (vgid: number): LbVgroup => ({
  vgid, uid: 1, agrmid: 1, agrmnum: '', username: '', login: '', agentId: 2, tarid: 1, tarifdescr: '', blocked: 0, template: false, archive: null, addresses: [],
});

/** A server holding `ids` that pages them `perPage` at a time, with `answers` overriding single calls (1-based call number). */
function server(ids: number[], perPage: number, answers: Record<number, number[]> = {}): { fetch: PageFetch; calls: number[] } {
  const calls: number[] = [];
  const fetch: PageFetch = (pgnum) => {
    calls.push(pgnum);
    const custom = answers[calls.length];
    return Promise.resolve((custom ?? ids.slice((pgnum - 1) * perPage, pgnum * perPage)).map(entry));
  };
  return { fetch, calls };
}

async function walk(fetch: PageFetch, perPage: number, expected: number | null): Promise<{ ids: number[]; paging: VgroupPaging }> {
  const paging = new VgroupPaging(fetch, { perPage, expected, label: 'agent 2' });
  const ids: number[] = [];
  for await (const page of paging.pages()) ids.push(...page.map((v) => v.vgid));
  return { ids, paging };
}

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

describe('VgroupPaging', () => {
  it('proves a list whose pages add up to Count, reading one empty page after a last full one', async () => {
    const s = server(range(1, 10), 5);
    const { ids, paging } = await walk(s.fetch, 5, 10);
    expect(ids).toEqual(range(1, 10));
    expect(paging.problems).toEqual([]);
    expect(s.calls).toEqual([1, 2, 3]);
  });

  it('does not stop at Count: entries past a too-small Count are read and reported', async () => {
    const { ids, paging } = await walk(server(range(1, 12), 5).fetch, 5, 10);
    expect(ids).toEqual(range(1, 12));
    expect(paging.problems).toEqual(['agent 2: Count says 10, paging listed 12']);
  });

  it('accepts a consistently descending order and flags a mixed one once', async () => {
    expect((await walk(server(range(1, 9).reverse(), 4).fetch, 4, 9)).paging.problems).toEqual([]);
    const mixed = await walk(server([5, 3, 8, 1, 9, 2, 7], 2).fetch, 2, 7);
    expect(mixed.paging.problems).toEqual(['agent 2: pages are not in vgid order (the server seems to ignore ord[])']);
  });

  it('takes a re-read that holds more than the short first answer, without a problem', async () => {
    const s = server(range(1, 8), 4, { 1: [1, 2, 3] });
    const { ids, paging } = await walk(s.fetch, 4, 8);
    expect(ids).toEqual(range(1, 8));
    expect(paging.problems).toEqual([]);
    expect(s.calls).toEqual([1, 1, 2, 3]);
  });

  it('reports a page repeating entries of earlier ones (the list moved)', async () => {
    const { paging } = await walk(server(range(1, 8), 4, { 2: [4, 5, 6, 7] }).fetch, 4, 8);
    expect(paging.problems).toContain('agent 2: page 2 repeated 1 entries of earlier pages (the list moved during the read)');
  });

  it('without Count, ends at the first short page and re-reads nothing', async () => {
    const s = server(range(1, 7), 4);
    expect((await walk(s.fetch, 4, null)).ids).toEqual(range(1, 7));
    expect(s.calls).toEqual([1, 2]);
  });

  it('takes an answer larger than pgsize as everything (pgsize ignored) and lets Count judge it', async () => {
    const s = server([], 4, { 1: range(1, 9) });
    const { ids, paging } = await walk(s.fetch, 4, 9);
    expect(ids).toEqual(range(1, 9));
    expect(paging.problems).toEqual([]);
    expect(s.calls).toEqual([1]);
  });

  it('fails when every page repeats the first (pgnum ignored)', async () => {
    const s = server([], 3, { 1: [1, 2, 3], 2: [1, 2, 3] });
    await expect(walk(s.fetch, 3, 9)).rejects.toThrow(SourceReadError);
    await expect(walk(server([], 3, { 1: [1, 2, 3], 2: [1, 2, 3] }).fetch, 3, 9)).rejects.toThrow(/ignore flt\.pgnum/);
  });
});
