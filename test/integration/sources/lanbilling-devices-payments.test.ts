/**
 * The LANBilling source's `devices` and `payments_days` against the emulator over real sockets:
 * what each subscriber gets, what the read costs in requests (a getVgroup per entry for devices,
 * none where the read already asked; a getPayments per agreement), and that an agreement's
 * payments go to exactly one of its entries in full and in point reads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_TV, createLanbillingEmulator, type LanbillingEmulator, type LanbillingEmulatorOptions } from '../../../src/emulators/lanbilling/index.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { lanbillingSourceFactory } from '../../../src/sources/lanbilling/index.js';
import type { Source } from '../../../src/sources/source.js';
import { silentLogger } from '../../../src/util/logger.js';

const NOW = new Date('2025-03-01T09:00:00Z');
const CREDS = { login: 'manager', password: 'secret' };
const AGENTS = [1, 2];

const started: LanbillingEmulator[] = [];
const open: Source[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const e of started.splice(0)) await e.stop();
});

async function world(opts: LanbillingEmulatorOptions = {}): Promise<{ emu: LanbillingEmulator; source: (config?: Record<string, unknown>) => Source }> {
  const emu = createLanbillingEmulator({ ...CREDS, vgroups: 120, seed: 5, generate: { now: NOW }, ...opts });
  started.push(emu);
  const url = await emu.start();
  const source = (config: Record<string, unknown> = {}): Source => {
    const s = lanbillingSourceFactory.create('lb', { url, ...CREDS, agents: AGENTS, retry_base_ms: 5, ...config }, { logger: silentLogger(), now: () => NOW });
    open.push(s);
    return s;
  };
  return { emu, source };
}

async function readAll(s: Source): Promise<Subscriber[]> {
  const out: Subscriber[] = [];
  for await (const batch of s.read()) out.push(...batch);
  return out;
}

const live = (emu: LanbillingEmulator) => emu.state.all().filter((v) => AGENTS.includes(v.agentId) && !v.template && !v.archive);

describe('lanbilling source: devices', () => {
  it('gives each entry its bound MACs, normalised, at one getVgroup per entry, and nothing without the option', async () => {
    const { emu, source } = await world();
    const [a, b] = live(emu).filter((v) => v.agentId === AGENT_TV);
    emu.state.bindMac(a!.vgid, '00-1A-79-12-34-56');
    emu.state.bindMac(a!.vgid, '001a79123456'); // the same box written twice
    emu.state.bindMac(b!.vgid, '00:1a:79:00:00:02');
    emu.state.bindMac(b!.vgid, '00:00:00:00:00:00'); // a placeholder, no box

    const plain = await readAll(source());
    const plainCalls = emu.stats().byOperation;
    expect(plain.every((s) => s.devices === undefined)).toBe(true);
    emu.resetStats();

    const subs = await readAll(source({ devices: true }));
    const calls = emu.stats().byOperation;
    const byId = new Map(subs.map((s) => [s.id, s]));
    expect(byId.get(String(a!.vgid))?.devices).toEqual(['00:1a:79:12:34:56']);
    expect(byId.get(String(b!.vgid))?.devices).toEqual(['00:1a:79:00:00:02']);
    expect(subs.filter((s) => s.devices?.length).length).toBe(2);
    expect(subs.every((s) => Array.isArray(s.devices) && s.skip === undefined)).toBe(true);
    // The archive filter is honoured here, so no entry was looked up before: one getVgroup each.
    expect(plainCalls.getVgroup ?? 0).toBe(0);
    expect(calls.getVgroup).toBe(subs.length);
    expect(calls.getUsboxServices).toBe(plainCalls.getUsboxServices);
  });

  it('reuses the getVgroup answers of a read that checks every entry (a server ignoring flt.archive): no extra call', async () => {
    const { emu, source } = await world({ ignoresArchiveFilter: true });
    const [a] = live(emu).filter((v) => v.agentId === AGENT_TV);
    emu.state.bindMac(a!.vgid, '00-1A-79-AA-BB-CC');
    await readAll(source());
    const without = emu.stats().byOperation.getVgroup ?? 0;
    emu.resetStats();
    const subs = await readAll(source({ devices: true }));
    expect(emu.stats().byOperation.getVgroup).toBe(without);
    expect(without).toBeGreaterThan(0);
    expect(subs.find((s) => s.id === String(a!.vgid))?.devices).toEqual(['00:1a:79:aa:bb:cc']);
  });

  it('skips (never empties) an entry whose getVgroup comes back without it mid-read', async () => {
    const { emu, source } = await world();
    emu.shortenNext(1, { op: 'getVgroup' });
    const subs = await readAll(source({ devices: true }));
    const skipped = subs.filter((s) => s.skip !== undefined);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.skip).toMatch(/no longer knows entry \d+.*devices are left as they are/);
    expect(skipped[0]!.devices).toBeUndefined();
    expect(subs.filter((s) => s.skip === undefined).every((s) => Array.isArray(s.devices))).toBe(true);
  });

  it('point-reads an entry with its MACs from the one getVgroup it makes anyway', async () => {
    const { emu, source } = await world();
    const [a] = live(emu).filter((v) => v.agentId === AGENT_TV);
    emu.state.bindMac(a!.vgid, '00-1A-79-12-34-57');
    const s = source({ devices: true });
    const one = await s.readOne(String(a!.vgid));
    expect(one?.devices).toEqual(['00:1a:79:12:34:57']);
    expect(emu.stats().byOperation.getVgroup).toBe(1);
  });
});

describe('lanbilling source: payments', () => {
  it('gives an agreement’s accepted payments of the window to its lowest entry only, in full and point reads', async () => {
    const { emu, source } = await world();
    const first = live(emu).find((v) => v.agentId === AGENT_TV && v.agrmid > 0)!;
    // A second TV entry of the same user, on the same agreement (the user has one).
    const account = emu.state.account(first.uid)!;
    expect(account.agreements.map((g) => g.agrmid)).toContain(first.agrmid);
    let second = first.vgid;
    while (emu.state.get(second)?.agrmid !== first.agrmid || second === first.vgid) second = emu.state.addVgroup({ uid: first.uid, agentId: AGENT_TV, at: NOW });
    const paid = emu.state.addPayment(first.agrmid, 500, new Date('2025-02-20T09:00:00Z'), 'Сбербанк');
    const annulled = emu.state.addPayment(first.agrmid, 700, new Date('2025-02-21T09:00:00Z'));
    emu.state.cancelPayment(annulled, new Date('2025-02-22T09:00:00Z'));
    emu.state.addPayment(first.agrmid, 900, new Date('2024-12-01T09:00:00Z')); // outside 30 days

    const subs = await readAll(source({ payments_days: 30 }));
    const byId = new Map(subs.map((s) => [s.id, s]));
    expect(byId.get(String(first.vgid))?.payments).toEqual([{ id: String(paid), amount: '500.00', date: '2025-02-20T09:00:00.000Z', comment: 'Сбербанк' }]);
    expect(byId.get(String(second))?.payments).toEqual([]);
    // Each payment id on one subscriber at most: never a key conflict between two entries.
    const ids = subs.flatMap((s) => (s.payments ?? []).map((p) => p.id));
    expect(new Set(ids).size).toBe(ids.length);
    // One getPayments per agreement that has an owner among the entries read.
    const agreements = new Set(subs.map((s) => s.raw.agrm_id).filter((id) => typeof id === 'number' && id > 0));
    expect(emu.stats().byOperation.getPayments).toBe(agreements.size);

    const s = source({ payments_days: 30 });
    expect((await s.readOne(String(first.vgid)))?.payments?.map((p) => p.id)).toEqual([String(paid)]);
    expect((await s.readOne(String(second)))?.payments).toEqual([]);
  });

  it('passes over an archived lower entry of the agreement on a server that ignores flt.archive', async () => {
    const { emu, source } = await world({ ignoresArchiveFilter: true });
    const gone = live(emu).find((v) => v.agentId === AGENT_TV && v.agrmid > 0)!;
    let kept = gone.vgid;
    while (emu.state.get(kept)?.agrmid !== gone.agrmid || kept === gone.vgid) kept = emu.state.addVgroup({ uid: gone.uid, agentId: AGENT_TV, at: NOW });
    emu.state.removeVgroup(gone.vgid); // archived, and lower than the entry that stays
    const paid = emu.state.addPayment(gone.agrmid, 300, new Date('2025-02-25T09:00:00Z'));
    const subs = await readAll(source({ payments_days: 30 }));
    expect(subs.some((s) => s.id === String(gone.vgid))).toBe(false);
    expect(subs.find((s) => s.id === String(kept))?.payments?.map((p) => p.id)).toEqual([String(paid)]);
  });
});

describe('lanbilling check with devices and payments', () => {
  it('tries getPayments only when payments_days is set, and counts the sample entry MACs with devices', async () => {
    const { source } = await world();
    const plain = await source().check!();
    expect(plain.map((r) => r.name)).not.toContain('getPayments');
    const both = await source({ devices: true, payments_days: 30 }).check!();
    const byName = new Map(both.map((r) => [r.name, r]));
    expect(byName.get('getPayments')?.status).toBe('ok');
    expect(byName.get('getVgroup')?.detail).toMatch(/\d+ MACs \(devices\)/);
  });
});
