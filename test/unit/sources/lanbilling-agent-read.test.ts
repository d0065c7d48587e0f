/**
 * How one agent's read keeps archived entries out without the brief's `archive` element, on a
 * fake api3 whose archive lists are arranged per case (the emulator-backed cases, a server that
 * honours the filter and one that ignores it outright, are in the integration tests).
 */
import { describe, expect, it } from 'vitest';
import { AgentRead } from '../../../src/sources/lanbilling/agent-read.js';
import type { LanbillingApi } from '../../../src/sources/lanbilling/api.js';
import type { LbVgroup } from '../../../src/sources/lanbilling/types.js';

const entry = (vgid: number, archive: boolean | null = null): LbVgroup => ({
  vgid, uid: 1, agrmid: 1, agrmnum: '', username: '', login: `tv${vgid}`, agentId: 2, tarid: 1, tarifdescr: '', blocked: 0, template: false, archive, addresses: [],
});

/** A fake api: `live` is what archive 0 lists, `archivedList` what archive 1 lists, `archivedTruth` what getVgroup says. */
function fakeApi(live: number[], archivedList: number[], archivedTruth: Set<number>, perPage: number): { api: LanbillingApi; lookups: number[] } {
  const lookups: number[] = [];
  const page = (ids: number[], pgnum: number) => ids.slice((pgnum - 1) * perPage, pgnum * perPage).map((id) => entry(id));
  const api = {
    countVgroups: () => Promise.resolve(live.length),
    vgroupsPage: (_agent: number, archive: 0 | 1, pgnum: number) => Promise.resolve(page(archive === 0 ? live : archivedList, pgnum)),
    vgroupFull: (vgid: number) => {
      lookups.push(vgid);
      return Promise.resolve(entry(vgid, archivedTruth.has(vgid)));
    },
  };
  return { api: api as unknown as LanbillingApi, lookups };
}

async function run(api: LanbillingApi, perPage: number): Promise<{ ids: number[]; read: AgentRead; warned: number[] }> {
  const warned: number[] = [];
  const read = new AgentRead(api, 2, { perPage, signal: new AbortController().signal, onArchiveIgnored: (a) => warned.push(a) });
  const ids: number[] = [];
  for await (const page of read.entries()) ids.push(...page.map((v) => v.vgid));
  return { ids, read, warned };
}

describe('AgentRead and archived entries', () => {
  it('costs no lookup when the archive 0 and 1 lists do not meet', async () => {
    const { api, lookups } = fakeApi([1, 2, 3, 4, 5], [6, 7], new Set([6, 7]), 2);
    const { ids, read } = await run(api, 2);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(lookups).toEqual([]);
    expect(read.unproven).toEqual([]);
    expect(read.proof).toBe('agent 2: Count 5 = 5 listed in vgid order');
  });

  it('keeps an entry restored between the two lists, without distrusting the rest', async () => {
    const { api, lookups } = fakeApi([1, 2, 3, 4, 5], [3], new Set(), 2);
    const { ids, warned } = await run(api, 2);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(lookups).toEqual([3]);
    expect(warned).toEqual([]);
  });

  it('once an archived entry leaks into archive 0, looks up every later one, even those the archive 1 list missed', async () => {
    // Archive 0 lists everything; the archive 1 list came back with only entry 3 of the archived 3 and 7.
    const { api, lookups } = fakeApi([1, 2, 3, 4, 5, 6, 7, 8], [3], new Set([3, 7]), 2);
    const { ids, read, warned } = await run(api, 2);
    expect(ids).toEqual([1, 2, 4, 5, 6, 8]);
    // Page [3, 4]: 3 is looked up, found archived, then 4 too; every later entry after that.
    expect(lookups).toEqual([3, 4, 5, 6, 7, 8]);
    expect(warned).toEqual([2]);
    expect(read.proof).toContain('6 checked with getVgroup (flt.archive not trusted), 2 archived entries excluded after getVgroup');
  });

  it('leaves out an entry getVgroup does not know, and says the read is unproven', async () => {
    const { api } = fakeApi([1, 2, 3], [2], new Set(), 5);
    (api as unknown as { vgroupFull: () => Promise<null> }).vgroupFull = () => Promise.resolve(null);
    const { ids, read } = await run(api, 5);
    expect(ids).toEqual([1, 3]);
    expect(read.unproven).toEqual(['agent 2: entry 2 is listed by getVgroups but unknown to getVgroup; left out']);
  });
});
