/**
 * LANBilling → Smotreshka, the classic pair, beyond what every pair shows (pairs.test.ts): the
 * bad input of issue 3 is skipped or failed with its reason while the rest go on, usernames
 * carry the prefix on the wire, a base switch adds before it removes, a block and an unblock
 * take subscriptions away and give them back, and a subscription the platform added itself is
 * shown by a --refresh plan under each drift policy. Emulators over real sockets, SQLite store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { SyncConfig } from '../../src/config/types.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { AGENT_TV, BLOCKED, generateLanbillingData, type LbCatalogServiceRecord } from '../../src/emulators/lanbilling/index.js';
import { renderText } from '../../src/report/text.js';
import { silentLogger } from '../../src/util/logger.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

/** A package the operator added to the LANBilling catalog but not to the mapping. */
const NEW_PACKAGE: LbCatalogServiceRecord = { id: 215, catid: 2, descr: 'Новый пакет', uuid: '5f1a0c3e9b1d4a0012c0ff99', kind: 'additional', above: 99 };
const BASIC = 201;
const OPTIMAL = 202;
const CINEMA = 211;

describe('LANBilling → Smotreshka', () => {
  let world: EmulatedWorld;
  let config: SyncConfig;
  let rt: Runtime;
  let prefix: string;
  /** vgroup id → login of the entries made for the bad-input cases. */
  const bad = { noLogin: 0, unknownService: 0, badEmail: '', otherProvider: '' };

  /** A new TV entry of a new user with an e-mail; returns its vgroup id. */
  const addEntry = (login: string, services: number[], email = ''): number => {
    const state = world.lanbilling.state;
    const vgid = state.addVgroup({ agentId: AGENT_TV, login, blocked: BLOCKED.active, services });
    const uid = state.get(vgid)!.uid;
    state.setEmail(uid, email || `user${uid}@mail.example`, true);
    return vgid;
  };
  const nextLogin = () => `tv${world.lanbilling.state.data.nextVgid}`;

  beforeAll(async () => {
    const generated = generateLanbillingData(60, 31);
    const data = { ...generated, catalogServices: [...generated.catalogServices, NEW_PACKAGE] };
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 5, seed: 31, pairs: ['lanbilling-smotreshka'], lanbilling: { data } });
    config = await loadConfig(world.config, world.env);
    prefix = String(config.targets.smotreshka!.options.username_prefix);
    rt = await openRuntime(config, { logger: silentLogger() });

    // An entry nobody gave a login.
    bad.noLogin = addEntry('', [BASIC]);
    // An entry with a service whose external id the mapping does not know.
    bad.unknownService = addEntry(nextLogin(), [BASIC]);
    const v = world.lanbilling.state.get(bad.unknownService)!;
    v.services.push({ ...v.services[0]!, servid: 990_001, servicecatid: NEW_PACKAGE.id, catidx: 50 });
    // An e-mail the platform refuses (no @).
    bad.badEmail = nextLogin();
    addEntry(bad.badEmail, [BASIC], 'ivanov.mail.ru');
    // A login whose prefixed username another provider's subscriber already holds.
    bad.otherProvider = nextLogin();
    addEntry(bad.otherProvider, [OPTIMAL]);
    world.smotreshka.state.otherProviderUsernames.add(prefix + bad.otherProvider);
  });

  afterAll(async () => {
    await rt?.close();
    await world?.close();
  });

  it('skips or fails bad input with its reason, and creates everything else', async () => {
    expect(prefix).not.toBe('');
    const first = await makePlan(rt);
    const skipped = new Map(first.plan.skipped.map((s) => [s.id, s.reason]));
    expect(skipped.get(String(bad.noLogin))).toContain("account key is empty ('{{ raw.login }}')");
    expect(skipped.get(String(bad.unknownService))).toContain(`service ${NEW_PACKAGE.uuid} ('Новый пакет') has no tariff in`);

    const result = await applyPlan(rt, first.plan, { snapshots: first.snapshots });
    const failed = new Map(result.failed.map((f) => [f.op.key, f.reason]));
    expect([...failed.keys()].sort()).toEqual([bad.badEmail, bad.otherProvider].sort());
    expect(failed.get(bad.badEmail)).toMatch(/refused account .*invalid email/);
    expect(failed.get(bad.otherProvider)).toMatch(/taken by another provider's subscriber; set username_prefix or change the login/);
    // Their subscriptions were never attempted; everything else went through.
    expect(result.succeeded + result.failed.length + result.notRun.length).toBe(first.plan.ops.length);
    expect(result.notRun.every((n) => [bad.badEmail, bad.otherProvider].includes(n.op.key))).toBe(true);

    // Every mapped account is on the platform under its prefixed username, nothing else is.
    const creates = first.plan.ops.filter((o) => o.type === 'create').map((o) => o.key);
    const listed = world.smotreshka.state.listed().map((a) => a.username).sort();
    expect(listed).toEqual(creates.filter((k) => !failed.has(k)).map((k) => prefix + k).sort());
    expect(listed.every((u) => u.startsWith(prefix))).toBe(true);
    expect(world.smotreshka.state.accountByUsername(prefix + bad.otherProvider)).toBeUndefined();

    // Only the failed ones are planned again; the skipped ones stay skipped, with their reasons.
    const next = await makePlan(rt);
    expect([...new Set(next.plan.ops.map((o) => o.key))].sort()).toEqual([bad.badEmail, bad.otherProvider].sort());
    expect(next.plan.skipped.map((s) => s.id)).toEqual(expect.arrayContaining([String(bad.noLogin), String(bad.unknownService)]));
  });

  it('switches base by adding the new subscription before removing the old', async () => {
    const vgid = addEntry(nextLogin(), [BASIC, CINEMA]);
    const login = world.lanbilling.state.get(vgid)!.login;
    await applyOk();
    const account = world.smotreshka.state.accountByUsername(prefix + login)!;
    expect([...account.subscriptions].sort()).toEqual(['100', '5010']);

    world.lanbilling.state.switchService(vgid, BASIC, OPTIMAL);
    world.smotreshka.resetStats();
    const ops = await applyOk();
    expect(ops).toEqual([`add_member ${login} 102`, `remove_member ${login} 100`]);
    const calls = world.smotreshka
      .requests()
      .filter((r) => r.route === 'POST /v2/accounts/:id/subscriptions')
      .map((r) => r.body as { id: string; valid: boolean });
    expect(calls).toEqual([
      { id: '102', valid: true },
      { id: '100', valid: false },
    ]);
    expect([...account.subscriptions].sort()).toEqual(['102', '5010']);
  });

  it('takes the subscriptions away while blocked and gives them back on unblock', async () => {
    const vgid = addEntry(nextLogin(), [OPTIMAL, CINEMA]);
    const login = world.lanbilling.state.get(vgid)!.login;
    await applyOk();
    const account = world.smotreshka.state.accountByUsername(prefix + login)!;

    world.lanbilling.state.block(vgid, BLOCKED.balance);
    expect((await applyOk()).sort()).toEqual([`remove_member ${login} 102`, `remove_member ${login} 5010`]);
    expect([...account.subscriptions]).toEqual([]);
    expect(account.archived).toBe(false);

    world.lanbilling.state.block(vgid, BLOCKED.active);
    expect((await applyOk()).sort()).toEqual([`add_member ${login} 102`, `add_member ${login} 5010`]);
    expect([...account.subscriptions].sort()).toEqual(['102', '5010']);
  });

  it('shows a subscription the platform added in a --refresh plan, per drift policy', async () => {
    const vgid = addEntry(nextLogin(), [BASIC]);
    const login = world.lanbilling.state.get(vgid)!.login;
    await applyOk();
    // The subscriber bought "Матч Премьер" in the app.
    world.smotreshka.state.accountByUsername(prefix + login)!.subscriptions.add('5040');

    const plain = await makePlan(rt);
    expect(plain.plan.ops.filter((o) => o.key === login)).toEqual([]);

    const seen: Record<string, { ops: string[]; text: string; policy: string | undefined }> = {};
    for (const policy of ['report', 'keep', 'enforce'] as const) {
      const withPolicy: SyncConfig = { ...config, targets: { smotreshka: { ...config.targets.smotreshka!, drift: policy } } };
      const rt2 = await openRuntime(withPolicy, { logger: silentLogger() });
      try {
        const made = await makePlan(rt2, { refresh: true });
        const drift = made.plan.drift!.find((d) => d.key === login);
        if (policy !== 'keep') expect(drift?.platformAdded).toEqual({ subscriptions: ['5040'] });
        seen[policy] = {
          ops: made.plan.ops.filter((o) => o.key === login).map((o) => `${o.type}${'member' in o ? ` ${o.member}` : ''}`),
          text: renderText(made.plan, { kinds: rt2.kinds }),
          policy: drift?.policy,
        };
      } finally {
        await rt2.close();
      }
    }
    expect(seen.report).toMatchObject({ ops: [], policy: 'report' });
    expect(seen.report!.text).toContain(`smotreshka account ${login}: subscriptions added by the platform: 5040 (left: drift policy report)`);
    expect(seen.keep).toMatchObject({ ops: [], policy: undefined });
    expect(seen.keep!.text).not.toContain(`account ${login}`);
    expect(seen.enforce).toMatchObject({ ops: ['remove_member 5040'], policy: 'enforce' });
    expect(seen.enforce!.text).toContain(`smotreshka account ${login}: subscriptions added by the platform: 5040 (removed: drift policy enforce)`);
    // Nothing was applied: the platform still has it.
    expect(world.smotreshka.state.accountByUsername(prefix + login)!.subscriptions.has('5040')).toBe(true);
  });

  /** Plans and applies; expects no failures apart from the bad-input entries; returns the other ops. */
  async function applyOk(): Promise<string[]> {
    const made = await makePlan(rt);
    const result = await applyPlan(rt, made.plan, { snapshots: made.snapshots });
    const knownBad = new Set([bad.badEmail, bad.otherProvider]);
    expect(result.failed.filter((f) => !knownBad.has(f.op.key))).toEqual([]);
    return made.plan.ops.filter((o) => !knownBad.has(o.key)).map((o) => `${o.type} ${o.key}${'member' in o ? ` ${o.member}` : ''}`);
  }
});
