import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createLanbillingEmulator, type LanbillingEmulator, type LanbillingEmulatorOptions, type LbVgroupRecord,
} from '../../../src/emulators/lanbilling/index.js';
import { type BillsyncError, SourceReadError } from '../../../src/model/errors.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { lanbillingSourceFactory } from '../../../src/sources/lanbilling/index.js';
import type { Source } from '../../../src/sources/source.js';
import { silentLogger } from '../../../src/util/logger.js';

const NOW = new Date('2025-03-01T09:00:00Z');
const COUNT = 400;
const CREDS = { login: 'manager', password: 'p@ss<&>' };
const AGENTS = [1, 2];

/** The test's own reading of the rules, computed from the generator's records. */
const EXPECTED_STATUS: Record<number, string> = {
  0: 'active', 1: 'blocked_debt', 4: 'blocked_debt', 2: 'blocked_user', 3: 'blocked_manager', 5: 'blocked_traffic', 10: 'off',
};

function expectedServices(emu: LanbillingEmulator, v: LbVgroupRecord): string[] {
  const now = NOW.getTime();
  const ids = v.services
    .filter((s) => s.timefrom <= now && (s.timeto === null || s.timeto > now) && s.state !== 0 && s.state !== 2)
    .map((s) => emu.state.catalogService(s.servicecatid)?.uuid || `lb:${s.servicecatid}`);
  return [...new Set(ids)].sort();
}

function expectedLive(emu: LanbillingEmulator): LbVgroupRecord[] {
  return AGENTS.flatMap((a) => emu.state.all().filter((v) => v.agentId === a && !v.template && !v.archive));
}

/** getVgroups calls of a read: per agent, pages up to the first short one of the live and of the archived list. */
function pagesRead(e: LanbillingEmulator, perPage: number): number {
  const pages = (n: number) => Math.floor(n / perPage) + 1;
  return AGENTS.reduce((sum, a) => {
    const all = e.state.all().filter((v) => v.agentId === a);
    return sum + pages(all.filter((v) => !v.archive).length) + pages(all.filter((v) => v.archive).length);
  }, 0);
}

let emu: LanbillingEmulator;
let url: string;
const open: Source[] = [];
const extra: LanbillingEmulator[] = [];

function source(config: Record<string, unknown> = {}, at: string = url): Source {
  const s = lanbillingSourceFactory.create('lb', { url: at, ...CREDS, agents: AGENTS, retry_base_ms: 5, ...config }, { logger: silentLogger(), now: () => NOW });
  open.push(s);
  return s;
}

async function readAll(s: Source, onProgress?: () => void): Promise<{ subscribers: Subscriber[]; batches: number }> {
  const subscribers: Subscriber[] = [];
  let batches = 0;
  for await (const batch of s.read({ onProgress })) {
    batches += 1;
    subscribers.push(...batch);
  }
  return { subscribers, batches };
}

async function another(opts: LanbillingEmulatorOptions): Promise<{ emu: LanbillingEmulator; url: string }> {
  const e = createLanbillingEmulator({ ...CREDS, seed: 7, generate: { now: NOW }, ...opts });
  extra.push(e);
  return { emu: e, url: await e.start() };
}

beforeAll(async () => {
  emu = createLanbillingEmulator({ ...CREDS, vgroups: COUNT, seed: 7, generate: { now: NOW } });
  url = await emu.start();
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const e of extra.splice(0)) await e.stop();
  emu.clearFaults();
  emu.resetStats();
});
afterAll(() => emu.stop());

describe('lanbilling source against the emulator', () => {
  it('reads every live entry exactly as the generator made it, skipping templates and archived ones', async () => {
    const { subscribers } = await readAll(source());
    const live = expectedLive(emu);
    const all = emu.state.all();
    // The data must hold the cases the read has to skip, or the comparison proves little.
    expect(all.some((v) => v.template) && all.some((v) => v.archive) && all.some((v) => v.login === '')).toBe(true);
    expect(subscribers.map((s) => s.id)).toEqual(live.map((v) => String(v.vgid)));
    for (const [i, s] of subscribers.entries()) {
      const v = live[i]!;
      const account = emu.state.account(v.uid)!;
      expect(s.status).toBe(EXPECTED_STATUS[v.blocked]);
      expect(s.services.map((x) => x.id).sort()).toEqual(expectedServices(emu, v));
      expect(s.account).toBe(account.agreements.find((g) => g.agrmid === v.agrmid)!.number);
      expect(s.name.full).toBe(account.name);
      expect(s.contacts.emails).toEqual(account.email ? [account.email] : []);
      expect(s.contacts.phones).toEqual([...new Set([account.mobile, account.phone].filter((p) => p !== ''))]);
      expect(s.raw).toMatchObject({ login: v.login || null, uid: v.uid, email_confirmed: account.emailConfirmed, agent_id: v.agentId });
    }
    expect(new Set(subscribers.map((s) => s.status)).size).toBe(6);
    expect(subscribers.some((s) => s.raw.login === null)).toBe(true);
    expect(subscribers.some((s) => s.services.some((x) => x.id.startsWith('lb:')))).toBe(true);
    const stats = emu.stats().byOperation;
    expect(stats.Login).toBe(1);
    expect(stats.Count).toBe(2);
    expect(stats.getUsboxServices).toBe(live.length);
    expect(stats.getAccount).toBe(new Set(live.map((v) => v.uid)).size);
    // The archive filter is honoured here: no entry needs a getVgroup of its own.
    expect(stats.getVgroup ?? 0).toBe(0);
    // Services carry their uuid, so the catalog is only read for services without one.
    expect(stats.getCatalogs ?? 0).toBeLessThanOrEqual(1);
  });

  it('pages with a small per_page, checked against Count, and gives the same subscribers', async () => {
    const full = await readAll(source());
    emu.resetStats();
    const small = await readAll(source({ per_page: 7 }));
    expect(small.subscribers).toEqual(full.subscribers);
    // Live pages up to the first short (or empty) one, and as many for the archived entries.
    expect(emu.stats().byOperation.getVgroups).toBe(pagesRead(emu, 7));
    expect(small.batches).toBeGreaterThan(AGENTS.length);
  });

  it('finds external ids in the catalog when services do not carry them', async () => {
    const expected = (await readAll(source())).subscribers;
    const other = await another({ vgroups: COUNT, uuidInServices: false });
    const { subscribers } = await readAll(source({}, other.url));
    expect(subscribers).toEqual(expected);
    expect(other.emu.stats().byOperation.getCatalogs).toBe(1);
    expect(other.emu.stats().byOperation.getCatalogServices).toBe(2);
  });

  it('skips archived entries itself when the server ignores flt.archive (the brief type has no archive)', async () => {
    const expected = (await readAll(source())).subscribers;
    const other = await another({ vgroups: COUNT, ignoresArchiveFilter: true });
    expect((await readAll(source({ per_page: 50 }, other.url))).subscribers).toEqual(expected);
  });

  it('pages to the first short page when LBcore does not answer Count', async () => {
    const expected = (await readAll(source())).subscribers;
    const other = await another({ vgroups: COUNT, count: false });
    expect((await readAll(source({ per_page: 20 }, other.url))).subscribers).toEqual(expected);
    expect(other.emu.stats().byOperation.getVgroups).toBe(pagesRead(other.emu, 20));
  });

  it('logs in again exactly once when the session expires between pages', async () => {
    let expired = false;
    const { subscribers } = await readAll(source({ per_page: 50 }), () => {
      if (!expired) {
        expired = true;
        emu.expireSessions();
      }
    });
    expect(subscribers).toHaveLength(expectedLive(emu).length);
    expect(emu.stats().byOperation.Login).toBe(2);
  });

  it('fails with SOURCE_AUTH on a wrong password', async () => {
    const err = await readAll(source({ password: 'wrong' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceReadError);
    expect((err as BillsyncError).code).toBe('SOURCE_AUTH');
    expect((err as Error).message).toMatch(/rejected the manager login 'manager'.*Incorrect login or password/);
    expect((err as Error).message).not.toContain('wrong');
    emu.failNext(1, { status: 500, pathPrefix: 'Login' });
    const internal = await readAll(source()).catch((e: unknown) => e);
    expect((internal as BillsyncError).code).toBe('SOURCE_READ');
    expect((internal as Error).message).toMatch(/Login answered a SOAP Fault: error_internal/);
  });

  it('fails the whole read on a SOAP 500 mid-read, and retries a 503 from a proxy', async () => {
    let injected = false;
    const failing = readAll(source({ per_page: 50 }), () => {
      if (!injected) {
        injected = true;
        emu.failNext(1, { status: 500, pathPrefix: 'getUsboxServices' });
      }
    });
    const err = await failing.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceReadError);
    expect((err as BillsyncError).code).toBe('SOURCE_READ');
    expect((err as Error).message).toMatch(/getUsboxServices answered a SOAP Fault: error_internal: injected fault 500/);

    emu.resetStats();
    emu.failNext(2, { status: 503, pathPrefix: 'getVgroups' });
    expect((await readAll(source())).subscribers).toHaveLength(expectedLive(emu).length);
    expect(emu.stats().injected).toBe(2);
  });

  it('reads one entry by id like the full read does, and nothing for templates, archived or foreign ids', async () => {
    const { subscribers } = await readAll(source());
    const s = source();
    const sample = subscribers[Math.floor(subscribers.length / 2)]!;
    expect(await s.readOne(sample.id)).toEqual(sample);
    const template = emu.state.all().find((v) => v.template)!;
    const archived = emu.state.all().find((v) => v.archive)!;
    for (const id of [String(template.vgid), String(archived.vgid), '999999', 'x1']) expect(await s.readOne(id)).toBeNull();
    const tvOnly = source({ agents: [2] });
    const internet = subscribers.find((x) => x.raw.agent_id === 1)!;
    expect(await tvOnly.readOne(internet.id)).toBeNull();
  });

  it('keeps concurrency within the configured bound and logs out on close', async () => {
    const slow = await another({ vgroups: 40, seed: 2, latencyMs: 15 });
    const s = source({ concurrency: 3 }, slow.url);
    const { subscribers } = await readAll(s);
    expect(subscribers.length).toBeGreaterThan(30);
    expect(slow.emu.stats().peakInFlight).toBeLessThanOrEqual(3);
    expect(slow.emu.stats().peakInFlight).toBeGreaterThan(1);
    expect(slow.emu.stats().openSessions).toBe(1);
    await s.close();
    expect(slow.emu.stats().openSessions).toBe(0);
    expect(slow.emu.stats().byOperation.Logout).toBe(1);
  });
});
