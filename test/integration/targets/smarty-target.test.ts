import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmartyEmulator, type SmartyEmulator } from '../../../src/emulators/smarty/index.js';
import type { Attrs, Entity, SnapshotEntity } from '../../../src/model/entity.js';
import { BillsyncError, TargetRequestError } from '../../../src/model/errors.js';
import type { Op } from '../../../src/model/op.js';
import { smartyTargetFactory } from '../../../src/targets/smarty/index.js';
import type { ExecuteContext, Target } from '../../../src/targets/target.js';
import { createLogger, silentLogger } from '../../../src/util/logger.js';

const KEY = 'target-test-key';
let emu: SmartyEmulator;
let url: string;
let target: Target;
let seq = 0;

const noIds: ExecuteContext = { remoteIdOf: () => null };

function entity(kind: string, key: string, attrs: Attrs, parent?: string): Entity {
  return { target: 'tv', kind, key, attrs, sets: {}, ...(parent ? { parent: { kind: 'customer', key: parent } } : {}) };
}
const base = (kind: string, key: string) => ({ seq: ++seq, target: 'tv', kind, key, after: [] });
const create = (e: Entity): Op => ({ ...base(e.kind, e.key), type: 'create', entity: e });
const update = (e: Entity, type: 'update' | 'block' | 'unblock' = 'update'): Op => ({ ...base(e.kind, e.key), type, changes: [], entity: e });
const del = (kind: string, key: string): Op => ({
  ...base(kind, key),
  type: 'delete',
  before: { ...entity(kind, key, {}), remoteId: null, hash: '' } as SnapshotEntity,
});
const member = (type: 'add_member' | 'remove_member', key: string, m: string): Op => ({ ...base('customer', key), type, set: 'tariffs', member: m });

function makeTarget(opts: { apiKey?: string; clientId?: number; url?: string; logger?: ReturnType<typeof silentLogger> } = {}): Target {
  return smartyTargetFactory.create(
    'tv',
    { url: opts.url ?? url, client_id: opts.clientId ?? 5, api_key: opts.apiKey ?? KEY, timeout_ms: 2000 },
    { logger: opts.logger ?? silentLogger() },
  );
}

async function rejection(p: Promise<unknown>): Promise<TargetRequestError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TargetRequestError);
  return err as TargetRequestError;
}

beforeEach(async () => {
  emu = createSmartyEmulator({ clientId: 5, apiKey: KEY });
  url = await emu.start();
  target = makeTarget();
});
afterEach(async () => {
  await target.close();
  await emu.stop();
});

describe('smarty target: customers', () => {
  it('creates, updates, assigns/removes tariffs and deletes a customer', async () => {
    const c = entity('customer', 'u1', { firstname: 'Иван', lastname: 'Петров', comment: 'c1', contract_number: 'K-1' });
    const r = await target.execute(create(c), noIds);
    const stored = emu.state.customerByExt('u1')!;
    expect(r).toEqual({ remoteId: String(stored.id) });
    expect(stored.profile).toMatchObject({ firstname: 'Иван', contract_number: 'K-1' });

    await target.execute(update(entity('customer', 'u1', { firstname: 'Ivan', lastname: null, comment: 'c2', contract_number: 'K-2' })), noIds);
    expect(stored.profile).toMatchObject({ firstname: 'Ivan', lastname: '', comment: 'c2', contract_number: 'K-1' });

    await target.execute(member('add_member', 'u1', '2'), noIds);
    await target.execute(member('add_member', 'u1', '2'), noIds);
    expect([...stored.tariffs]).toEqual([2]);
    await target.execute(member('remove_member', 'u1', '2'), noIds);
    await target.execute(member('remove_member', 'u1', '2'), noIds);
    expect(stored.tariffs.size).toBe(0);

    await target.execute(del('customer', 'u1'), noIds);
    expect(emu.state.customerByExt('u1')).toBeUndefined();
    // Already gone: success.
    await expect(target.execute(del('customer', 'u1'), noIds)).resolves.toEqual({});
    expect(emu.stats().redirects).toBe(0);
  });

  it('manages only the meta keys it names: sets and removes them, keeps every other key, and reads them back', async () => {
    await target.execute(create(entity('customer', 'm1', { comment: 'c', 'meta.balance': '10.00', 'meta.note': null })), noIds);
    const stored = emu.state.customerByExt('m1')!;
    expect(JSON.parse(stored.profile.meta!)).toEqual({ balance: '10.00' });
    // Smarty (or an operator) keeps keys of its own there.
    stored.profile.meta = JSON.stringify({ balance: '10.00', portal: { lang: 'ru' }, note: 'old' });
    emu.resetStats();
    await target.execute(update(entity('customer', 'm1', { comment: 'c', 'meta.balance': '-5.50', 'meta.note': null })), noIds);
    expect(JSON.parse(stored.profile.meta!)).toEqual({ balance: '-5.50', portal: { lang: 'ru' } });
    expect(emu.requests().map((r) => r.method)).toEqual(['customer/info', 'customer/modify']);
    // Nothing managed changed: the modify leaves meta out (and so cannot clobber a newer one).
    stored.profile.meta = JSON.stringify({ balance: '-5.50', portal: { lang: 'en' } });
    await target.execute(update(entity('customer', 'm1', { comment: 'c3', 'meta.balance': '-5.50' })), noIds);
    expect(JSON.parse(stored.profile.meta!)).toEqual({ balance: '-5.50', portal: { lang: 'en' } });
    const live = await target.observe('customer', 'm1', null);
    expect(live?.attrs).toMatchObject({ 'meta.balance': '-5.50', 'meta.portal': '{"lang":"en"}' });
    // A meta that is not an object is not billsync's to overwrite.
    stored.profile.meta = '"free text"';
    const err = await rejection(target.execute(update(entity('customer', 'm1', { comment: 'c', 'meta.balance': '1.00' })), noIds));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/meta of customer m1 is not a JSON object/);
    expect(stored.profile.meta).toBe('"free text"');
  });

  it('adopts an existing customer, writes the profile and reports its extra tariffs', async () => {
    const existing = emu.state.addCustomer({ ext_id: 'u9', profile: { comment: 'old' }, tariffs: [3, 1] });
    emu.state.addAccount({ customer_id: existing.id, abonement: 909 });
    const r = await target.execute(create(entity('customer', 'u9', { firstname: 'New', comment: null })), noIds);
    // customer/info documents no id: it is learned from the customer's account.
    expect(r).toEqual({ remoteId: String(existing.id), adopted: { sets: { tariffs: ['1', '3'] } } });
    expect(existing.profile).toMatchObject({ firstname: 'New', comment: '' });
  });

  it('adopts a customer without accounts by ext_id, keeping the stored id or none (never a guess)', async () => {
    emu.state.addCustomer({ ext_id: 'other', profile: { comment: 'x' } });
    const existing = emu.state.addCustomer({ ext_id: 'u8', profile: { comment: 'old' }, tariffs: [2] });
    const r = await target.execute(create(entity('customer', 'u8', { comment: 'c' })), noIds);
    expect(r).toEqual({ adopted: { sets: { tariffs: ['2'] } } });
    const stored: ExecuteContext = { remoteIdOf: (kind, key) => (kind === 'customer' && key === 'u8' ? String(existing.id) : null) };
    expect(await target.execute(create(entity('customer', 'u8', { comment: 'c' })), stored)).toEqual({
      remoteId: String(existing.id),
      adopted: { sets: { tariffs: ['2'] } },
    });
    expect(existing.profile.comment).toBe('c');
  });

  it('takes the id from customer/info when a lenient server answers it', async () => {
    await emu.stop();
    emu = createSmartyEmulator({ clientId: 5, apiKey: KEY, lenient: true });
    url = await emu.start();
    await target.close();
    target = makeTarget();
    const existing = emu.state.addCustomer({ ext_id: 'u9', profile: { comment: 'old' } });
    const r = await target.execute(create(entity('customer', 'u9', { comment: 'x' })), noIds);
    expect(r).toEqual({ remoteId: String(existing.id), adopted: { sets: { tariffs: [] } } });
    expect(emu.stats().byMethod['account/info']).toBeUndefined();
  });

  it('backs off on the registration limit (error 2): retryable, with a delay, and holds later creates', async () => {
    await emu.stop();
    emu = createSmartyEmulator({ clientId: 5, apiKey: KEY, registrationLimit: { max: 1, windowMs: 60_000 } });
    url = await emu.start();
    await target.close();
    target = smartyTargetFactory.create(
      'tv',
      { url, client_id: 5, api_key: KEY, timeout_ms: 2000, registration_backoff_ms: 120 },
      { logger: silentLogger() },
    );
    await target.execute(create(entity('customer', 'r1', { comment: 'a' })), noIds);
    const err = await rejection(target.execute(create(entity('customer', 'r2', { comment: 'b' })), noIds));
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 120 });
    expect(err.message).toMatch(/registration limit/i);
    expect(err.message).toMatch(/targets\.tv\.registration_backoff_ms/);
  });

  it('fails a customer without any name as not retryable', async () => {
    const err = await rejection(target.execute(create(entity('customer', 'u3', { email: 'a@b.c' })), noIds));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/error 3/);
  });

  it('tolerates "already active" / "not assigned" from a strict (plugin) Smarty', async () => {
    await emu.stop();
    emu = createSmartyEmulator({ clientId: 5, apiKey: KEY, strictTariffs: true });
    url = await emu.start();
    await target.close();
    target = makeTarget();
    emu.state.addCustomer({ ext_id: 'u1', profile: { comment: 'x' }, tariffs: [1] });
    await target.execute(member('add_member', 'u1', '1'), noIds);
    await target.execute(member('remove_member', 'u1', '2'), noIds);
    const failed = emu.requests().filter((r) => r.method?.startsWith('customer/tariff'));
    expect(failed.map((r) => r.error)).toEqual([4, 3]);
    // An unknown tariff on assign is still an error.
    expect((await rejection(target.execute(member('add_member', 'u1', '99'), noIds))).message).toMatch(/error 2/);
  });
});

describe('smarty target: accounts', () => {
  let ownerId: number;
  beforeEach(() => {
    ownerId = emu.state.addCustomer({ ext_id: 'u1', profile: { comment: 'x' } }).id;
  });

  it('creates, blocks, unblocks, updates and deletes an account, keeping unmanaged flags', async () => {
    const attrs = { active: true, status_reason: 'ACTIVE', allow_login_by_abonement: true, password: 4321 };
    const r = await target.execute(create(entity('account', '5001', attrs, 'u1')), noIds);
    const acc = emu.state.accountByAbon(5001)!;
    expect(r).toEqual({ remoteId: String(acc.id) });
    expect(acc).toMatchObject({ customer_id: ownerId, password: '4321' });
    expect(acc.flags.allow_login_by_device_uid).toBe(true); // create default, not managed by us

    await target.execute(update(entity('account', '5001', { ...attrs, active: false, status_reason: 'DEBT' }, 'u1'), 'block'), noIds);
    expect(acc.flags).toMatchObject({ active: false, allow_login_by_abonement: true, allow_login_by_device_uid: true });
    expect(acc.status_reason).toBe('DEBT');
    expect(acc.password).toBe('4321');

    await target.execute(update(entity('account', '5001', attrs, 'u1'), 'unblock'), noIds);
    await target.execute(update(entity('account', '5001', { ...attrs, allow_multiple_login: true, status_reason: null }, 'u1')), noIds);
    expect(acc.flags).toMatchObject({ active: true, allow_multiple_login: true, allow_login_by_device_uid: true });
    expect(acc.status_reason).toBe('');

    await target.execute(del('account', '5001'), noIds);
    expect(emu.state.accountByAbon(5001)).toBeUndefined();
    await expect(target.execute(del('account', '5001'), noIds)).resolves.toEqual({});
  });

  it('keeps use_timeshift and every other documented flag through block and unblock (modify resets omitted flags)', async () => {
    const a = emu.state.addAccount({
      customer_id: ownerId,
      abonement: 6001,
      flags: { use_timeshift: true, allow_login_by_ip: true, allow_login_by_device_uid: true },
    });
    const attrs = { active: true, status_reason: 'ACTIVE' };
    await target.execute(update(entity('account', '6001', { ...attrs, active: false, status_reason: 'DEBT' }, 'u1'), 'block'), noIds);
    expect(a.flags).toEqual({
      active: false,
      use_timeshift: true,
      allow_login_by_ip: true,
      allow_login_by_device_uid: true,
      allow_multiple_login: false,
      allow_login_by_abonement: false,
    });
    await target.execute(update(entity('account', '6001', attrs, 'u1'), 'unblock'), noIds);
    expect(a.flags).toMatchObject({ active: true, use_timeshift: true, allow_login_by_ip: true, allow_login_by_device_uid: true });
    const modify = emu.requests().filter((r) => r.method === 'account/modify');
    for (const r of modify) {
      for (const f of ['active', 'use_timeshift', 'allow_multiple_login', 'allow_login_by_abonement', 'allow_login_by_device_uid', 'allow_login_by_ip']) {
        expect(r.params).toHaveProperty(f);
      }
    }
  });

  it('adopts an account of the same customer (by remote id and by lookup)', async () => {
    const a = emu.state.addAccount({ customer_id: ownerId, abonement: 777, status_reason: 'OLD' });
    const ctx: ExecuteContext = { remoteIdOf: (kind, key) => (kind === 'customer' && key === 'u1' ? String(ownerId) : null) };
    const r = await target.execute(create(entity('account', '777', { active: true, status_reason: 'ACTIVE' }, 'u1')), ctx);
    expect(r).toEqual({ remoteId: String(a.id) });
    expect(a.status_reason).toBe('ACTIVE');
    const r2 = await target.execute(create(entity('account', '777', { active: false, status_reason: 'NEW' }, 'u1')), noIds);
    expect(r2).toEqual({ remoteId: String(a.id) });
    expect(a).toMatchObject({ status_reason: 'NEW', flags: { active: false } });
  });

  it('refuses an abonement that belongs to another customer', async () => {
    const other = emu.state.addCustomer({ ext_id: 'u2', profile: { comment: 'y' } });
    emu.state.addAccount({ customer_id: other.id, abonement: 888 });
    const err = await rejection(target.execute(create(entity('account', '888', { active: true }, 'u1')), noIds));
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(
      `abonement 888 already belongs to another Smarty customer (id ${other.id}); fix the account number in billing or delete the stray account`,
    );
    expect(emu.state.accountByAbon(888)!.customer_id).toBe(other.id);
  });
});

describe('smarty target: observe', () => {
  it('reads customers and accounts back, null when absent', async () => {
    const c = emu.state.addCustomer({ ext_id: 'u1', profile: { firstname: 'A', comment: '' }, tariffs: [2, 1] });
    emu.state.addAccount({ customer_id: c.id, abonement: 55, status_reason: 'DEBT', flags: { active: false } });
    // Strict: customer/info documents only birthdate of the profile, so names are not observed (they cannot drift).
    expect(await target.observe('customer', 'u1', null)).toEqual({
      target: 'tv',
      kind: 'customer',
      key: 'u1',
      attrs: { birthdate: null },
      sets: { tariffs: ['1', '2'] },
    });
    const ids: ExecuteContext = { remoteIdOf: () => null, keyOf: (kind, id) => (kind === 'customer' && id === String(c.id) ? 'u1' : null) };
    const acc = await target.observe('account', '55', null, ids);
    expect(acc).toMatchObject({
      kind: 'account',
      key: '55',
      attrs: { active: false, status_reason: 'DEBT', allow_login_by_device_uid: true, allow_multiple_login: false },
      parent: { kind: 'customer', key: 'u1' },
    });
    expect(acc!.attrs).not.toHaveProperty('password');
    // An owner neither the answer nor the snapshot names is left out, not guessed.
    expect(await target.observe('account', '55', null)).not.toHaveProperty('parent');
    expect(await target.observe('customer', 'nobody', null)).toBeNull();
    expect(await target.observe('account', '56', null)).toBeNull();
  });

  it('lists customers keyed by the stored id when the list has no ext_id, skipping unknown ones', async () => {
    const mine = emu.state.addCustomer({ ext_id: 'u1', tariffs: [2] });
    emu.state.addCustomer({ ext_id: 'stranger', tariffs: [1] });
    const ctx: ExecuteContext = { remoteIdOf: () => null, keyOf: (kind, id) => (kind === 'customer' && id === String(mine.id) ? 'u1' : null) };
    const seen: Entity[] = [];
    for await (const page of target.observeAll!('customer', ctx)) seen.push(...page);
    expect(seen).toEqual([
      { target: 'tv', kind: 'customer', key: 'u1', attrs: { birthdate: null, mobile_phone_number: null }, sets: { tariffs: ['2'] } },
    ]);
  });

  it('reads names and keys by ext_id from a lenient server', async () => {
    await emu.stop();
    emu = createSmartyEmulator({ clientId: 5, apiKey: KEY, lenient: true });
    url = await emu.start();
    await target.close();
    target = makeTarget();
    const c = emu.state.addCustomer({ ext_id: 'u1', profile: { firstname: 'A', comment: '' }, tariffs: [2, 1] });
    emu.state.addAccount({ customer_id: c.id, abonement: 55 });
    expect(await target.observe('customer', 'u1', null)).toMatchObject({ attrs: { firstname: 'A', comment: null }, sets: { tariffs: ['1', '2'] } });
    expect(await target.observe('account', '55', null)).toMatchObject({ parent: { kind: 'customer', key: 'u1' } });
    const seen: Entity[] = [];
    for await (const page of target.observeAll!('customer', { remoteIdOf: () => null, keyOf: () => null })) seen.push(...page);
    expect(seen.map((e) => e.key)).toEqual(['u1']);
  });
});

describe('smarty target: error classification', () => {
  const probe = (): Promise<unknown> => target.execute(member('add_member', 'u1', '1'), noIds);

  it('retries 503 and 429 with Retry-After', async () => {
    emu.failNext(1, { status: 503, retryAfter: 3 });
    const e1 = await rejection(probe());
    expect(e1).toMatchObject({ retryable: true, status: 503, retryAfterMs: 3000 });
    emu.failNext(1, { status: 429, retryAfter: 1 });
    expect(await rejection(probe())).toMatchObject({ retryable: true, status: 429, retryAfterMs: 1000 });
  });

  it('retries network errors (stopped server) and unknown error -1', async () => {
    emu.failNext(1, { status: 200 });
    expect(await rejection(probe())).toMatchObject({ retryable: true });
    emu.failNext(1, { status: 0 });
    expect(await rejection(probe())).toMatchObject({ retryable: true });
    await emu.stop();
    const err = await rejection(probe());
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/network error/);
  });

  it('does not retry other HTTP errors, nor -2/-3, and names the setting to fix', async () => {
    emu.failNext(1, { status: 403 });
    expect(await rejection(probe())).toMatchObject({ retryable: false, status: 403 });
    const badKey = makeTarget({ apiKey: 'wrong' });
    const e2 = await rejection(badKey.observe('customer', 'u1', null));
    expect(e2.retryable).toBe(false);
    expect(e2.message).toMatch(/targets\.tv\.api_key/);
    await badKey.close();
    const badId = makeTarget({ clientId: 6 });
    const e3 = await rejection(badId.observe('customer', 'u1', null));
    expect(e3.message).toMatch(/targets\.tv\.client_id/);
    await badId.close();
  });

  it('keeps a trailing-slash base URL and never logs the key or signatures', async () => {
    const lines: string[] = [];
    const sink = new PassThrough();
    sink.on('data', (b: Buffer) => lines.push(b.toString()));
    const logged = makeTarget({ url: `${url}/`, logger: createLogger({ level: 'debug', destination: sink }) });
    emu.state.addCustomer({ ext_id: 'u1', profile: { comment: 'x' } });
    await logged.execute(create(entity('customer', 'u1', { comment: 'y' })), noIds);
    await logged.close();
    await new Promise((r) => setImmediate(r));
    expect(emu.stats().redirects).toBe(0);
    expect(emu.stats().byMethod['customer/modify']).toBe(1);
    const text = lines.join('');
    expect(text).toContain('smarty call');
    expect(text).not.toContain(KEY);
    const sigs = emu.requests().map((r) => r.params.signature).filter((s): s is string => typeof s === 'string');
    expect(sigs.length).toBeGreaterThan(0);
    for (const s of sigs) expect(text).not.toContain(s);
  });

  it('rejects bad options with the config path', () => {
    expect(() => smartyTargetFactory.create('tv', { url, client_id: 5 }, { logger: silentLogger() })).toThrow(BillsyncError);
    const thrown = ((): unknown => {
      try {
        smartyTargetFactory.create('tv', { url: 'smarty.local', client_id: 5, api_key: 'k' }, { logger: silentLogger() });
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(BillsyncError);
    expect((thrown as BillsyncError).path).toBe('targets.tv.url');
  });
});

describe('smarty target: check', () => {
  it('proves key and client id with a signed read and reports the ext_id fallback, writing nothing', async () => {
    const c = emu.state.addCustomer({ ext_id: 'u1', profile: { comment: 'x' } });
    emu.state.addAccount({ customer_id: c.id, abonement: 10 });
    emu.resetStats();
    const results = await target.check!();
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['tariff/list', 'ok'],
      ['customer/list', 'fallback'],
      ['account/list', 'ok'],
    ]);
    expect(results[1]!.detail).toMatch(/ids billsync stored/);
    expect(emu.stats().writes).toBe(0);
  });

  it('is all ok against a lenient server', async () => {
    await emu.stop();
    emu = createSmartyEmulator({ clientId: 5, apiKey: KEY, lenient: true });
    url = await emu.start();
    await target.close();
    target = makeTarget();
    emu.state.addCustomer({ ext_id: 'u1', profile: { comment: 'x' } });
    expect((await target.check!()).map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('fails naming the option to fix: api_key, client_id, url', async () => {
    const badKey = makeTarget({ apiKey: 'wrong' });
    const [k] = await badKey.check!();
    expect(k).toMatchObject({ name: 'tariff/list', status: 'failed', fix: expect.stringMatching(/^targets\.tv\.api_key: /) });
    await badKey.close();
    const badId = makeTarget({ clientId: 6 });
    expect((await badId.check!())[0]).toMatchObject({ status: 'failed', fix: expect.stringMatching(/^targets\.tv\.client_id: /) });
    await badId.close();
    await emu.stop();
    const gone = await target.check!();
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatchObject({ status: 'failed', fix: expect.stringMatching(/^targets\.tv\.url: /) });
  });
});
