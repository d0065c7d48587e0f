import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmotreshkaEmulator, type SmotreshkaEmulator } from '../../../src/emulators/smotreshka/index.js';
import type { SnapshotEntity } from '../../../src/model/entity.js';
import { SmotreshkaClient, SmotreshkaTarget, smotreshkaTargetFactory } from '../../../src/targets/smotreshka/index.js';
import type { BlockingPolicy } from '../../../src/targets/smotreshka/options.js';
import type { Target } from '../../../src/targets/target.js';
import { silentLogger } from '../../../src/util/logger.js';
import { account, change, create, del, ids, member, noIds, planAndApply, rejection } from './smotreshka-support.js';

let emu: SmotreshkaEmulator;
let url: string;
let target: Target;
let clock = 0;

function makeTarget(o: { blocking?: BlockingPolicy; prefix?: string; extra?: Record<string, unknown> } = {}): Target {
  return smotreshkaTargetFactory.create(
    'tv',
    { url, username_prefix: o.prefix ?? 'isp_', timeout_ms: 2000, ...(o.blocking ? { blocking: o.blocking } : {}), ...o.extra },
    { logger: silentLogger() },
  );
}
const live = (username: string) => emu.state.accountByUsername(username);

beforeEach(async () => {
  clock = Date.now();
  emu = createSmotreshkaEmulator({ otherProviderUsernames: ['isp_taken'], now: () => clock });
  url = await emu.start();
  target = makeTarget();
});
afterEach(async () => {
  await target.close();
  await emu.stop();
});

describe('smotreshka target: accounts', () => {
  it('creates with the prefix and a lower-case e-mail, updates region and info, deletes (archives)', async () => {
    const e = account('u1', { email: 'U1@Isp.RU', region: 'msk', 'info.fio': 'Иванов', 'info.billing_id': '42' });
    const r = await target.execute(create(e), noIds);
    const a = live('isp_u1')!;
    expect(r).toEqual({ remoteId: a.id });
    expect(a).toMatchObject({ email: 'u1@isp.ru', region: 'msk', info: { fio: 'Иванов', billing_id: '42' } });
    expect(a.subscriptions.size).toBe(0);

    a.info.operator = 'panel'; // a key someone else keeps in info survives our updates
    await target.execute(change(account('u1', { region: 'spb', 'info.fio': 'Петров', 'info.billing_id': null })), ids({ u1: a.id }));
    expect(a).toMatchObject({ region: 'spb', info: { fio: 'Петров', operator: 'panel' } });
    expect(a.info).not.toHaveProperty('billing_id');

    await target.execute(del('u1'), ids({ u1: a.id }));
    expect(a.archived).toBe(true);
    // Already archived (403) and unknown (404): success.
    await expect(target.execute(del('u1'), ids({ u1: a.id }))).resolves.toEqual({});
    await expect(target.execute(del('u1'), ids({ u1: '5964c533ffffffffffffffff' }))).resolves.toEqual({});
    await expect(target.execute(del('never'), noIds)).resolves.toEqual({});
  });

  it('adopts an own account on create (created:false) and reports its live subscriptions', async () => {
    emu.state.addAccount({ username: 'isp_u2', email: 'old@x.ru', region: 'old', info: { fio: 'Old' }, subscriptions: ['5010', '100'] });
    const r = await target.execute(create(account('u2', { region: 'new' })), noIds);
    expect(r).toEqual({
      remoteId: live('isp_u2')!.id,
      adopted: { attrs: { email: 'old@x.ru', region: 'old', 'info.fio': 'Old', tv_suspended: false }, sets: { subscriptions: ['100', '5010'] } },
    });
  });

  it('delete then create brings the archived account back', async () => {
    const snapshot = new Map<string, SnapshotEntity>();
    expect(await planAndApply(target, [account('u3', {}, ['100'])], snapshot)).toEqual(['create', 'add_member 100']);
    const id = live('isp_u3')!.id;
    expect(await planAndApply(target, [], snapshot)).toEqual(['delete']);
    expect(live('isp_u3')!.archived).toBe(true);
    expect(await planAndApply(target, [account('u3', {}, ['100', '5010'])], snapshot)).toEqual(['create', 'add_member 100', 'add_member 5010']);
    expect(live('isp_u3')).toMatchObject({ id, archived: false });
    expect([...live('isp_u3')!.subscriptions].sort()).toEqual(['100', '5010']);
    expect(snapshot.get('u3')!.remoteId).toBe(id);
    // Nothing left to do: zero writes.
    emu.resetStats();
    expect(await planAndApply(target, [account('u3', {}, ['100', '5010'])], snapshot)).toEqual([]);
    expect(emu.stats().writes).toBe(0);
  });

  it('fails a username of another provider with the fix', async () => {
    const err = await rejection(target.execute(create(account('taken')), noIds));
    expect(err.retryable).toBe(false);
    expect(err.message).toBe("username isp_taken is taken by another provider's subscriber; set username_prefix or change the login");
  });

  it('fails other 400s with the platform text, and unusable usernames before calling', async () => {
    const bad = await rejection(target.execute(create(account('u4', { email: 'no-at-sign' })), noIds));
    expect(bad).toMatchObject({ retryable: false, message: 'smotreshka refused account isp_u4: invalid email' });
    const cyr = await rejection(target.execute(create(account('иван')), noIds));
    expect(cyr.message).toMatch(/not valid on Smotreshka.*transliterate/);
  });
});

describe('smotreshka target: subscriptions', () => {
  it('adds and removes idempotently, finding the account id by username when the snapshot lacks it', async () => {
    await target.execute(create(account('u1')), noIds);
    const fresh = makeTarget(); // a new instance: nothing known, the index is built by paging
    await fresh.execute(member('add_member', 'u1', '100'), noIds);
    await fresh.execute(member('add_member', 'u1', '100'), noIds);
    await fresh.execute(member('add_member', 'u1', '5010'), noIds);
    expect([...live('isp_u1')!.subscriptions]).toEqual(['100', '5010']);
    await fresh.execute(member('remove_member', 'u1', '100'), noIds);
    await fresh.execute(member('remove_member', 'u1', '100'), noIds);
    expect([...live('isp_u1')!.subscriptions]).toEqual(['5010']);
    expect(emu.stats().byRoute['GET /v2/accounts']).toBe(1);
    await fresh.close();
    const gone = await rejection(target.execute(member('add_member', 'nobody', '100'), noIds));
    expect(gone).toMatchObject({ retryable: false, message: expect.stringMatching(/no account 'isp_nobody'/) });
  });

  it('fails an unknown subscription ({}) and an archived one (4006) with clear reasons', async () => {
    const { remoteId } = await target.execute(create(account('u1')), noIds);
    const ctx = ids({ u1: remoteId! });
    const unknown = await rejection(target.execute(member('add_member', 'u1', '999'), ctx));
    expect(unknown).toMatchObject({ retryable: false, message: expect.stringMatching(/no subscription 999 \(it answered \{\}\); fix the id in tariffs\.table/) });
    emu.state.subscriptions.get('5020')!.archived = true;
    const archived = await rejection(target.execute(member('add_member', 'u1', '5020'), ctx));
    expect(archived).toMatchObject({ retryable: false, message: expect.stringMatching(/subscription 5020 is archived on Smotreshka \(error 4006\)/) });
    const removeUnknown = await rejection(target.execute(member('remove_member', 'u1', '999'), ctx));
    expect(removeUnknown.retryable).toBe(false);
  });
});

describe('smotreshka target: blocking', () => {
  it('subscriptions policy: a block removes the subscriptions, an unblock re-adds them', async () => {
    const snapshot = new Map<string, SnapshotEntity>();
    const active = account('u1', { tv_suspended: false, state: 'active' }, ['100', '5010']);
    const blocked = account('u1', { tv_suspended: true, state: 'suspended_no_funds' }, ['100', '5010']);
    expect(await planAndApply(target, [active], snapshot)).toEqual(['create', 'add_member 100', 'add_member 5010']);
    expect(await planAndApply(target, [blocked], snapshot)).toEqual(['remove_member 100', 'remove_member 5010']);
    expect(live('isp_u1')!.subscriptions.size).toBe(0);
    expect(live('isp_u1')!.accountState).toBeUndefined();
    expect(await planAndApply(target, [blocked], snapshot)).toEqual([]);
    expect(await planAndApply(target, [active], snapshot)).toEqual(['add_member 100', 'add_member 5010']);
    expect([...live('isp_u1')!.subscriptions]).toEqual(['100', '5010']);
    expect(emu.stats().byRoute['POST /accounts/v3/:id/account-state']).toBeUndefined();
  });

  it('account_state policy: block/unblock post the v3 state with the mapped balance and rising timestamps', async () => {
    const frozen = new SmotreshkaTarget('tv', new SmotreshkaClient({ url, targetName: 'tv' }), { usernamePrefix: 'isp_', blocking: 'account_state' }, silentLogger(), () => clock);
    const snapshot = new Map<string, SnapshotEntity>();
    const active = account('u1', { tv_suspended: false, state: 'active', balance: 2000 }, ['100']);
    const blocked = account('u1', { tv_suspended: true, state: 'suspended_no_funds', balance: -1500 }, ['100']);
    expect(await planAndApply(frozen, [active], snapshot)).toEqual(['create', 'add_member 100']);
    expect(await planAndApply(frozen, [blocked], snapshot)).toEqual(['block']);
    expect(live('isp_u1')).toMatchObject({ is_blocked: true, accountState: { status: 'suspended_no_funds', tvSuspended: true, balance: -1500 } });
    expect([...live('isp_u1')!.subscriptions]).toEqual(['100']);
    // Same millisecond: the next timestamp is still newer, so the platform does not ignore it.
    expect(await planAndApply(frozen, [active], snapshot)).toEqual(['unblock']);
    expect(live('isp_u1')).toMatchObject({ is_blocked: false, accountState: { status: 'active', tvSuspended: false, stateTimestamp: clock + 1 } });
    const bodies = emu.requests().filter((r) => r.route === 'POST /accounts/v3/:id/account-state').map((r) => r.body);
    expect(bodies).toEqual([
      { balance: -1500, status: 'suspended_no_funds', tvSuspended: true, stateTimestamp: clock },
      { balance: 2000, status: 'active', tvSuspended: false, stateTimestamp: clock + 1 },
    ]);
    // A state change alone is an update that posts the state; no profile call.
    emu.resetStats();
    await frozen.execute(change(account('u1', { tv_suspended: true, state: 'suspended_manually', balance: 0 }), 'block'), ids({ u1: snapshot.get('u1')!.remoteId! }));
    expect(emu.stats().byRoute['POST /accounts/v3/:id/account-state']).toBe(1);
    // So is a balance change (the SPEC wants the state on charges and top-ups too).
    emu.resetStats();
    expect(await planAndApply(frozen, [{ ...active, attrs: { ...active.attrs, balance: 1000 } }], snapshot)).toEqual(['update']);
    expect(emu.stats().byRoute['POST /accounts/v3/:id/account-state']).toBe(1);
    expect(live('isp_u1')!.accountState).toMatchObject({ balance: 1000 });
    await frozen.close();
  });

  it('account_state policy: never makes up a balance; without one the platform refuses, and the reason says to map it', async () => {
    const t = makeTarget({ blocking: 'account_state' });
    const { remoteId } = await t.execute(create(account('u1')), noIds);
    const err = await rejection(t.execute(change(account('u1', { tv_suspended: true }), 'block'), ids({ u1: remoteId! })));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/map attrs\.balance/);
    const sent = emu.requests().filter((r) => r.route === 'POST /accounts/v3/:id/account-state').map((r) => r.body);
    expect(sent).toEqual([expect.not.objectContaining({ balance: expect.anything() })]);
    await t.close();
  });

  it('account_state policy: addresses the state by login when account_state_id is username', async () => {
    await emu.stop();
    emu = createSmotreshkaEmulator({ accountStateId: 'username', now: () => clock });
    url = await emu.start();
    const byId = makeTarget({ blocking: 'account_state' });
    const { remoteId } = await byId.execute(create(account('u1')), noIds);
    const err = await rejection(byId.execute(change(account('u1', { tv_suspended: true, balance: 0 }), 'block'), ids({ u1: remoteId! })));
    expect(err.message).toMatch(/targets\.tv\.account_state_id: username/);
    await byId.close();
    const byLogin = makeTarget({ blocking: 'account_state', extra: { account_state_id: 'username' } });
    await byLogin.execute(change(account('u1', { tv_suspended: true, balance: 0 }), 'block'), ids({ u1: remoteId! }));
    expect(live('isp_u1')).toMatchObject({ is_blocked: true });
    expect(emu.requests().at(-1)!.url).toBe('/accounts/v3/isp_u1/account-state');
    await byLogin.close();
  });

  it('account_state policy: a state the platform says it ignored fails the op (lenient platform)', async () => {
    await emu.stop();
    emu = createSmotreshkaEmulator({ revealIgnoredState: true, now: () => clock });
    url = await emu.start();
    const t = makeTarget({ blocking: 'account_state' });
    const { remoteId } = await t.execute(create(account('u1')), noIds);
    live('isp_u1')!.accountState = { status: 'active', tvSuspended: false, balance: 0, stateTimestamp: clock + 60_000 };
    const err = await rejection(t.execute(change(account('u1', { tv_suspended: true, balance: 0 }), 'block'), ids({ u1: remoteId! })));
    expect(err.message).toMatch(/ignored the account-state.*newer stateTimestamp/);
    await t.close();
  });
});

describe('smotreshka target: observe', () => {
  it('observes one account by id or username; null when archived or absent', async () => {
    const { remoteId } = await target.execute(create(account('u1', { region: 'msk', 'info.comments': 'c' })), noIds);
    await target.execute(member('add_member', 'u1', '5010'), ids({ u1: remoteId! }));
    const want = { target: 'tv', kind: 'account', key: 'u1', attrs: { email: 'u1@isp.users-mail.lfstrm.tv', region: 'msk', 'info.comments': 'c', tv_suspended: false }, sets: { subscriptions: ['5010'] } };
    expect(await target.observe('account', 'u1', remoteId!)).toEqual(want);
    expect(await makeTarget().observe('account', 'u1', null)).toEqual(want);
    // A stale id from the snapshot: found again by username.
    expect(await makeTarget().observe('account', 'u1', '5964c533ffffffffffffffff')).toEqual(want);
    expect(await target.observe('account', 'nobody', null)).toBeNull();
    await target.execute(del('u1'), ids({ u1: remoteId! }));
    expect(await target.observe('account', 'u1', remoteId!)).toBeNull();
  });

  it('observeAll pages the list, strips the prefix and skips other accounts', async () => {
    for (let i = 0; i < 1100; i++) emu.state.addAccount({ username: `isp_n${i}`, email: `n${i}@x.ru`, subscriptions: i % 2 ? ['100'] : [] });
    emu.state.addAccount({ username: 'other_login', email: 'o@x.ru' });
    emu.state.addAccount({ username: 'isp_', email: 'p@x.ru' });
    const keys: string[] = [];
    for await (const page of target.observeAll!('account')) for (const e of page) keys.push(e.key);
    expect(keys).toHaveLength(1100);
    expect(keys[0]).toBe('n0');
    expect(new Set(keys).size).toBe(1100);
    // 1102 accounts, 100 a page (the SPEC example's size).
    expect(emu.stats().byRoute['GET /v2/accounts']).toBe(12);
    expect(emu.requests().map((r) => r.url)).toContain('/v2/accounts?page_size=100&page_num=11');
  });

  it('detects pages counted from 1 and a server serving fewer per page than asked', async () => {
    await emu.stop();
    emu = createSmotreshkaEmulator({ pageBase: 1, maxPageSize: 40, now: () => clock });
    url = await emu.start();
    const t = makeTarget({ extra: { page_size: 100 } });
    for (let i = 0; i < 130; i++) emu.state.addAccount({ username: `isp_n${i}`, email: `n${i}@x.ru` });
    const keys: string[] = [];
    for await (const page of t.observeAll!('account')) for (const e of page) keys.push(e.key);
    expect(new Set(keys).size).toBe(130);
    // The id lookup pages the same way.
    await expect(t.observe('account', 'n129', null)).resolves.toMatchObject({ key: 'n129' });
    await t.close();
  });
});

describe('smotreshka target: transport', () => {
  it('names the IP allow-list when every request is refused, and never takes that 403 for "already deleted"', async () => {
    const { remoteId } = await target.execute(create(account('u1')), noIds);
    emu.setAllowedIps(['10.9.9.9']);
    const err = await rejection(target.execute(create(account('u2')), noIds));
    expect(err).toMatchObject({ retryable: false, status: 403 });
    expect(err.message).toMatch(/allow-list/);
    const delErr = await rejection(target.execute(del('u1'), ids({ u1: remoteId! })));
    expect(delErr.message).toMatch(/allow-list/);
    emu.setAllowedIps(['127.0.0.1']);
    expect(live('isp_u1')!.archived).toBe(false);
  });

  it('makes 5xx, 429 and network failures retryable', async () => {
    const probe = () => target.execute(create(account('u1')), noIds);
    emu.failNext(1, { status: 503, retryAfter: 3 });
    expect(await rejection(probe())).toMatchObject({ retryable: true, status: 503, retryAfterMs: 3000 });
    emu.failNext(1, { status: 429, retryAfter: 1 });
    expect(await rejection(probe())).toMatchObject({ retryable: true, status: 429, retryAfterMs: 1000 });
    emu.failNext(1, { status: 0 });
    expect(await rejection(probe())).toMatchObject({ retryable: true });
    await expect(probe()).resolves.toMatchObject({ remoteId: expect.any(String) });
  });
});

describe('smotreshka target: check', () => {
  it('reports the allow-listed list and one account read back, writing nothing', async () => {
    emu.state.addAccount({ username: 'isp_a', email: 'a@x.ru' });
    emu.resetStats();
    const results = await target.check!();
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['GET /v2/accounts', 'ok'],
      ['GET /v2/accounts/{id}', 'ok'],
    ]);
    expect(emu.stats().writes).toBe(0);
  });

  it('reports pages counted from 1 as the fallback in use', async () => {
    await emu.stop();
    emu = createSmotreshkaEmulator({ pageBase: 1 });
    url = await emu.start();
    const t = makeTarget();
    expect((await t.check!())[0]).toMatchObject({ status: 'fallback', detail: expect.stringMatching(/count from 1/) });
    await t.close();
  });

  it('fails with the allow-list named when the platform refuses this host', async () => {
    emu.setAllowedIps(['10.9.9.9']);
    const [r] = await target.check!();
    expect(r).toMatchObject({ status: 'failed', fix: expect.stringMatching(/^targets\.tv\.url: .*allow-list/) });
  });
});

describe('smotreshka target: catalogue names', () => {
  it('names subscriptions from GET /v2/subscriptions, archived ones left out', async () => {
    const names = await target.memberNames!();
    const catalogue = [...emu.state.subscriptions.values()];
    expect(catalogue.length).toBeGreaterThan(0);
    for (const s of catalogue) {
      expect(names['account.subscriptions']?.[s.id]).toBe(s.archived ? undefined : s.name);
    }
  });
});
