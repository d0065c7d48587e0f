/**
 * How a LANBilling read proves it saw every entry (Count per agent, no short page in the middle,
 * pages in vgid order, a re-read that agrees), how it keeps archived entries out when the server
 * ignores `flt.archive`, and what `check()` reports — against the emulator over loopback, with
 * its switches for servers that read the API differently.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createLanbillingEmulator, type LanbillingEmulator, type LanbillingEmulatorOptions, type LbVgroupRecord,
} from '../../../src/emulators/lanbilling/index.js';
import type { CheckResult } from '../../../src/model/check.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { lanbillingSourceFactory } from '../../../src/sources/lanbilling/index.js';
import type { ReadCompleteness, Source } from '../../../src/sources/source.js';

const NOW = new Date('2025-03-01T09:00:00Z');
const CREDS = { login: 'manager', password: 'secret' };
const AGENTS = [1, 2];
const PER_PAGE = 20;

const started: LanbillingEmulator[] = [];
const open: Source[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const e of started.splice(0)) await e.stop();
});

async function server(opts: LanbillingEmulatorOptions = {}): Promise<{ emu: LanbillingEmulator; url: string }> {
  const emu = createLanbillingEmulator({ ...CREDS, vgroups: 150, seed: 11, generate: { now: NOW }, ...opts });
  started.push(emu);
  return { emu, url: await emu.start() };
}

/** A source on `url`, and the warnings it logs. */
function source(url: string, config: Record<string, unknown> = {}, now: () => Date = () => NOW): { source: Source; warnings: string[] } {
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(String((JSON.parse(line) as { msg: string }).msg)) });
  const s = lanbillingSourceFactory.create('lb', { url, ...CREDS, agents: AGENTS, per_page: PER_PAGE, retry_base_ms: 5, ...config }, { logger, now });
  open.push(s);
  return { source: s, warnings };
}

interface Read {
  readonly subscribers: Subscriber[];
  readonly verdicts: ReadCompleteness[];
  /** 'batch' and 'verdict' in the order they happened. */
  readonly events: string[];
}

async function read(s: Source, onProgress?: () => void): Promise<Read> {
  const out: Read = { subscribers: [], verdicts: [], events: [] };
  const stream = s.read({
    onProgress,
    onCompleteness: (c) => {
      out.verdicts.push(c);
      out.events.push('verdict');
    },
  });
  for await (const batch of stream) {
    out.events.push('batch');
    out.subscribers.push(...batch);
  }
  return out;
}

const liveOf = (emu: LanbillingEmulator, agent: number): LbVgroupRecord[] => emu.state.all().filter((v) => v.agentId === agent && !v.archive);
const ids = (subs: readonly Subscriber[]): string[] => subs.map((s) => s.id).sort();
const expectedIds = (emu: LanbillingEmulator): string[] =>
  AGENTS.flatMap((a) => liveOf(emu, a).filter((v) => !v.template).map((v) => String(v.vgid))).sort();

function verdict(r: Read): ReadCompleteness {
  expect(r.verdicts).toHaveLength(1);
  return r.verdicts[0]!;
}

describe('lanbilling read completeness', () => {
  it('proves a plain read complete from Count per agent, once, after the last batch', async () => {
    const { emu, url } = await server();
    const r = await read(source(url).source);
    expect(ids(r.subscribers)).toEqual(expectedIds(emu));
    const v = verdict(r);
    expect(v.complete).toBe(true);
    for (const a of AGENTS) {
      const n = liveOf(emu, a).length;
      expect(v.complete && v.proof).toContain(`agent ${a}: Count ${n} = ${n} listed`);
    }
    expect(r.events.at(-1)).toBe('verdict');
    expect(r.events.filter((e) => e === 'batch').length).toBeGreaterThan(AGENTS.length);
    // The archive filter was honoured: no entry needed its own getVgroup.
    expect(emu.stats().byOperation.getVgroup ?? 0).toBe(0);
  });

  it('does not prove a read complete when LBcore does not answer Count', async () => {
    const { emu, url } = await server({ count: false });
    const { source: s, warnings } = source(url);
    const r = await read(s);
    expect(ids(r.subscribers)).toEqual(expectedIds(emu));
    const v = verdict(r);
    expect(v.complete).toBe(false);
    expect(!v.complete && v.reason).toMatch(/Count/);
    expect(warnings.join('\n')).toMatch(/Count/);
  });

  it('reports a Count that disagrees with the list as incomplete with both numbers, and still returns the entries', async () => {
    const { emu, url } = await server({ countIncludesArchived: true });
    const { source: s, warnings } = source(url);
    const r = await read(s);
    expect(ids(r.subscribers)).toEqual(expectedIds(emu));
    const v = verdict(r);
    expect(v.complete).toBe(false);
    const tv = emu.state.all().filter((x) => x.agentId === 2);
    expect(tv.some((x) => x.archive)).toBe(true);
    expect(!v.complete && v.reason).toContain(`agent 2: Count says ${tv.length}, paging listed ${liveOf(emu, 2).length}`);
    expect(warnings.join('\n')).toContain(`Count says ${tv.length}`);
  });

  it('reports a read whose pages shifted (an entry archived mid-read) as incomplete instead of failing it', async () => {
    const { emu, url } = await server();
    const first = liveOf(emu, 1).find((v) => !v.template)!;
    let archived = false;
    const r = await read(source(url, { agents: [1], per_page: 10 }).source, () => {
      if (!archived) {
        archived = true;
        emu.state.removeVgroup(first.vgid);
      }
    });
    const v = verdict(r);
    expect(v.complete).toBe(false);
    expect(!v.complete && v.reason).toMatch(/agent 1: Count says \d+, paging listed \d+/);
  });

  it('re-reads a page that came back short once and stays complete', async () => {
    const { emu, url } = await server();
    const plain = await read(source(url).source);
    const calls = emu.stats().byOperation.getVgroups!;
    emu.resetStats();
    emu.shortenNext(1, { archive: 0 });
    const r = await read(source(url).source);
    expect(r.subscribers).toEqual(plain.subscribers);
    expect(verdict(r).complete).toBe(true);
    expect(emu.stats().byOperation.getVgroups).toBe(calls + 1);
  });

  it('reports a page that stays short in the middle as incomplete', async () => {
    const { emu, url } = await server();
    emu.shortenNext(2, { archive: 0 });
    const r = await read(source(url).source);
    const v = verdict(r);
    expect(v.complete).toBe(false);
    expect(!v.complete && v.reason).toMatch(/page 1 came back short \(19 of 20\) though page 2 had entries/);
    // The entry the short page lost is missing; nothing else is.
    expect(expectedIds(emu).filter((id) => !ids(r.subscribers).includes(id))).toHaveLength(1);
  });

  it('reports a page whose re-read disagrees as incomplete', async () => {
    const { emu, url } = await server();
    emu.shortenNext(1, { drop: 'last', archive: 0 });
    emu.shortenNext(1, { drop: 'first', archive: 0 });
    const r = await read(source(url).source);
    const v = verdict(r);
    expect(v.complete).toBe(false);
    expect(!v.complete && v.reason).toMatch(/page 1 changed between two reads/);
    // Both answers were real entries: nobody is lost.
    expect(ids(r.subscribers)).toEqual(expectedIds(emu));
  });

  it('reports pages that are not in vgid order (ord[] ignored) as incomplete', async () => {
    const { emu, url } = await server({ ignoresOrder: true });
    const r = await read(source(url).source);
    expect(ids(r.subscribers)).toEqual(expectedIds(emu));
    const v = verdict(r);
    expect(v.complete).toBe(false);
    expect(!v.complete && v.reason).toMatch(/not in vgid order/);
  });
});

describe('lanbilling archived entries', () => {
  it('keeps archived entries out when the server ignores flt.archive, checking each with getVgroup', async () => {
    const honest = await server();
    const expected = (await read(source(honest.url).source)).subscribers;
    const { emu, url } = await server({ ignoresArchiveFilter: true });
    const r = await read(source(url).source);
    expect(r.subscribers).toEqual(expected);
    const archived = emu.state.all().filter((v) => v.archive && AGENTS.includes(v.agentId));
    expect(archived.length).toBeGreaterThan(0);
    expect(r.subscribers.filter((s) => archived.some((v) => String(v.vgid) === s.id))).toEqual([]);
    // Every entry of the agents came back in both the archive 0 and the archive 1 answers.
    expect(emu.stats().byOperation.getVgroup).toBe(emu.state.all().filter((v) => AGENTS.includes(v.agentId)).length);
    const v = verdict(r);
    expect(v.complete).toBe(true);
    expect(v.complete && v.proof).toMatch(/archived entries excluded after getVgroup/);
  });

  it('reads one entry with getVgroup: archived ones are unknown even when getVgroups ignores the filter', async () => {
    const { emu, url } = await server({ ignoresArchiveFilter: true });
    const { source: s } = source(url);
    const archived = emu.state.all().find((v) => v.archive && AGENTS.includes(v.agentId))!;
    expect(await s.readOne(String(archived.vgid))).toBeNull();
    const live = (await read(source(url).source)).subscribers[7]!;
    emu.resetStats();
    expect(await s.readOne(live.id)).toEqual(live);
    const stats = emu.stats().byOperation;
    expect(stats).toMatchObject({ getVgroup: 1, getAccount: 1, getUsboxServices: 1 });
    expect(stats.getVgroups ?? 0).toBe(0);
  });
});

describe('lanbilling point reads', () => {
  it('cost getVgroup, getAccount and getUsboxServices; the catalog of a read is reused for a minute', async () => {
    const { emu, url } = await server({ uuidInServices: false });
    let now = NOW;
    const { source: s } = source(url, {}, () => now);
    const { subscribers } = await read(s);
    const needsCatalog = subscribers.find((x) => x.services.length > 0)!;
    emu.resetStats();
    expect(await s.readOne(needsCatalog.id)).toEqual(needsCatalog);
    expect(emu.stats().byOperation).toEqual({ getVgroup: 1, getAccount: 1, getUsboxServices: 1 });
    now = new Date(NOW.getTime() + 61_000);
    emu.resetStats();
    await s.readOne(needsCatalog.id);
    expect(emu.stats().byOperation).toMatchObject({ getVgroup: 1, getCatalogs: 1 });
  });
});

describe('lanbilling check', () => {
  const byName = (results: readonly CheckResult[]): Map<string, CheckResult> => new Map(results.map((r) => [r.name, r]));

  it('reports every call the read relies on as ok on a server that answers as the notes say', async () => {
    const { url } = await server();
    const results = await source(url).source.check!();
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['Login', 'ok'],
      ['getVgroups', 'ok'],
      ['Count', 'ok'],
      ['ord[] by vgid', 'ok'],
      ['flt.archive', 'ok'],
      ['getVgroup', 'ok'],
      ['getAccount', 'ok'],
      ['getUsboxServices', 'ok'],
      ['getCatalogs', 'ok'],
    ]);
  });

  it('reports the fallbacks: no Count, an ignored archive filter, pages out of order', async () => {
    const noCount = byName(await source((await server({ count: false })).url).source.check!());
    expect(noCount.get('Count')).toMatchObject({ status: 'fallback', detail: expect.stringMatching(/refused/) as unknown });
    const archive = byName(await source((await server({ ignoresArchiveFilter: true })).url).source.check!());
    expect(archive.get('flt.archive')).toMatchObject({ status: 'fallback', detail: expect.stringMatching(/getVgroup per entry/) as unknown });
    const order = byName(await source((await server({ ignoresOrder: true })).url).source.check!());
    expect(order.get('ord[] by vgid')?.status).toBe('fallback');
  });

  it('fails the login on a wrong password and on an unreachable server, without throwing', async () => {
    const { url } = await server();
    const wrong = await source(url, { password: 'nope' }).source.check!();
    expect(wrong).toEqual([expect.objectContaining({ name: 'Login', status: 'failed', fix: expect.stringContaining('sources.lb.login') as unknown })]);
    const gone = await server();
    await gone.emu.stop();
    const down = await source(gone.url, { timeout_ms: 500 }).source.check!();
    expect(down).toEqual([expect.objectContaining({ name: 'Login', status: 'failed' })]);
  });
});
