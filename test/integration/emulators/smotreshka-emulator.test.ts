import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmotreshkaEmulator, MAX_AHEAD_MS, MAX_BEHIND_MS, type SmotreshkaEmulator } from '../../../src/emulators/smotreshka/index.js';

let emu: SmotreshkaEmulator;
let base: string;
let clock = Date.now();

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** Raw JSON calls, independent of the target's client, so the server is tested alone. */
async function call(method: string, path: string, body?: unknown, form = false): Promise<Answer> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' };
    init.body = form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body);
  }
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // HTML answers stay text.
  }
  return { status: res.status, body: parsed };
}

const create = (username: string, extra: Record<string, unknown> = {}) =>
  call('POST', '/v2/accounts', { username, email: `${username}@isp.users-mail.lfstrm.tv`, ...extra });

async function newAccount(username: string): Promise<string> {
  const r = await create(username);
  expect(r).toMatchObject({ status: 200, body: { created: true } });
  return (r.body as { id: string }).id;
}

beforeEach(async () => {
  clock = Date.now();
  emu = createSmotreshkaEmulator({ otherProviderUsernames: ['taken'], now: () => clock });
  base = await emu.start();
});
afterEach(async () => {
  await emu.stop();
});

describe('smotreshka emulator: auth and transport', () => {
  it('answers 403 to a client IP not on the allow-list, before any routing', async () => {
    emu.setAllowedIps(['10.0.0.1']);
    const r = await call('GET', '/v2/accounts?page_size=1&page_num=0');
    expect(r.status).toBe(403);
    expect(String(r.body)).toMatch(/403 Forbidden/);
    expect(emu.stats()).toMatchObject({ forbiddenIp: 1, reads: 0 });
    emu.setAllowedIps(['127.0.0.1']);
    expect((await call('GET', '/v2/accounts?page_size=1&page_num=0')).status).toBe(200);
  });

  it('injects failures by path prefix and counts reads and writes', async () => {
    emu.failNext(1, { status: 503, retryAfter: 2, pathPrefix: '/v2/accounts' });
    const res = await fetch(`${base}/v2/accounts?page_size=1&page_num=0`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    await newAccount('u1');
    expect(emu.stats()).toMatchObject({ reads: 1, writes: 1, injected: 1 });
    expect((await call('GET', '/v2/nothing')).status).toBe(404);
  });
});

describe('smotreshka emulator: accounts', () => {
  it('creates an account and treats a repeat create as created:false', async () => {
    const id = await newAccount('u1');
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(await create('u1')).toEqual({ status: 200, body: { id, created: false } });
    expect(emu.state.accounts.size).toBe(1);
  });

  it('refuses a username held by another provider, upper-case e-mails and bad usernames', async () => {
    expect(await create('taken')).toEqual({ status: 400, body: { error: 'Users exists and belongs to other provider' } });
    expect(await call('POST', '/v2/accounts', { username: 'u2', email: 'Ivan@Example.ru' })).toEqual({ status: 400, body: { error: 'invalid email' } });
    expect((await call('POST', '/v2/accounts', { username: 'u2' })).status).toBe(400);
    expect((await create('иван')).status).toBe(400);
    expect((await create('u3', { purchases: ['999'] })).status).toBe(400);
  });

  it('creates with purchases and reads the account in the SPEC shape', async () => {
    const r = await create('u1', { region: 'ru.north-west', info: { fio: 'Иванов' }, purchases: ['100'] });
    const id = (r.body as { id: string }).id;
    const got = await call('GET', `/v2/accounts/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      accounts: [{ id, username: 'u1', region: 'ru.north-west', info: { fio: 'Иванов' }, is_blocked: false, subscriptions: [{ id: '100' }] }],
    });
    expect((await call('GET', '/v2/accounts/5964c533ffffffffffffffff')).status).toBe(404);
  });

  it('updates region and replaces info whole', async () => {
    const id = await newAccount('u1');
    await call('POST', `/v2/accounts/${id}/update`, { info: { fio: 'A', operator: 'x' } });
    const r = await call('POST', `/v2/accounts/${id}/update`, { region: 'msk', info: { fio: 'B' } });
    expect(r).toEqual({ status: 200, body: { region: 'msk', info: { fio: 'B' } } });
    expect(await call('POST', `/v2/accounts/${id}/update`, { region: 5 })).toEqual({ status: 400, body: { error: 'Region is not valid' } });
  });

  it('archives on DELETE: 403 afterwards, hidden from the list, back (active) on create', async () => {
    const id = await newAccount('u1');
    await call('POST', `/v2/accounts/${id}/subscriptions`, { id: '100', valid: true });
    expect(await call('DELETE', `/v2/accounts/${id}`)).toEqual({ status: 200, body: { deleted: true } });
    expect((await call('GET', `/v2/accounts/${id}`)).status).toBe(403);
    expect((await call('DELETE', `/v2/accounts/${id}`)).status).toBe(403);
    expect((await call('POST', `/v2/accounts/${id}/update`, { region: 'x' })).status).toBe(403);
    expect((await call('GET', '/v2/accounts?page_size=10&page_num=0')).body).toMatchObject({ accounts: [], pagination: { total: 0 } });
    expect(await create('u1')).toEqual({ status: 200, body: { id, created: false } });
    expect((await call('GET', `/v2/accounts/${id}`)).status).toBe(200);
  });

  it('pages the list 0-based with a pagination object; page_size=-1 only when lenient', async () => {
    for (const u of ['a', 'b', 'c', 'd', 'e']) await newAccount(u);
    const p1 = await call('GET', '/v2/accounts?page_size=2&page_num=1');
    expect(p1.body).toMatchObject({ pagination: { page: 1, page_size: 2, pages: 3, total: 5 } });
    expect((p1.body as { accounts: { username: string }[] }).accounts.map((a) => a.username)).toEqual(['c', 'd']);
    expect((await call('GET', '/v2/accounts?page_size=-1&page_num=0')).status).toBe(400);
    expect((await call('GET', '/v2/accounts')).status).toBe(400);
    await emu.stop();
    emu = createSmotreshkaEmulator({ lenient: true });
    base = await emu.start();
    for (const u of ['a', 'b', 'c']) await newAccount(u);
    const all = await call('GET', '/v2/accounts?page_size=-1&page_num=0');
    expect((all.body as { accounts: unknown[] }).accounts).toHaveLength(3);
  });

  it('pages from 1 when so set (0 is a 400) and caps the page size when so set', async () => {
    await emu.stop();
    emu = createSmotreshkaEmulator({ pageBase: 1, maxPageSize: 2 });
    base = await emu.start();
    for (const u of ['a', 'b', 'c', 'd', 'e']) await newAccount(u);
    expect((await call('GET', '/v2/accounts?page_size=10&page_num=0')).status).toBe(400);
    const p1 = await call('GET', '/v2/accounts?page_size=10&page_num=1');
    expect(p1.body).toMatchObject({ pagination: { page: 1, page_size: 2, pages: 3, total: 5 } });
    expect((p1.body as { accounts: { username: string }[] }).accounts.map((a) => a.username)).toEqual(['a', 'b']);
    const p3 = await call('GET', '/v2/accounts?page_size=10&page_num=3');
    expect((p3.body as { accounts: { username: string }[] }).accounts.map((a) => a.username)).toEqual(['e']);
  });
});

describe('smotreshka emulator: subscriptions', () => {
  it('adds and removes idempotently, JSON or form', async () => {
    const id = await newAccount('u1');
    const path = `/v2/accounts/${id}/subscriptions`;
    expect(await call('POST', path, { id: '100', valid: true })).toEqual({ status: 200, body: { id: '100', valid: true } });
    expect(await call('POST', path, { id: '100', valid: 'true' }, true)).toEqual({ status: 200, body: { id: '100', valid: true } });
    expect(await call('GET', path)).toEqual({ status: 200, body: [{ id: '100' }] });
    expect(await call('POST', path, { id: '100', valid: false })).toEqual({ status: 200, body: { id: '100', valid: false } });
    expect(await call('POST', path, { id: '100', valid: false })).toEqual({ status: 200, body: { id: '100', valid: false } });
    expect(await call('GET', path)).toEqual({ status: 200, body: [] });
  });

  it('answers {} for an unknown id and 4006 for an archived one', async () => {
    const id = await newAccount('u1');
    const path = `/v2/accounts/${id}/subscriptions`;
    expect(await call('POST', path, { id: '999', valid: true })).toEqual({ status: 200, body: {} });
    emu.state.subscriptions.get('5010')!.archived = true;
    expect(await call('POST', path, { id: '5010', valid: true })).toEqual({ status: 400, body: { error: 'HTTP 400: 4006: ValidationErrIsArchived' } });
    const catalogue = (await call('GET', '/v2/subscriptions')).body as { id: string }[];
    expect(catalogue.map((s) => s.id)).not.toContain('5010');
  });
});

describe('smotreshka emulator: v3 account-state', () => {
  const state = (over: Record<string, unknown> = {}) => ({ balance: 0, status: 'suspended_no_funds', tvSuspended: true, stateTimestamp: clock, ...over });

  it('applies a newer state, ignores a stale one (answering as if accepted), rejects out-of-window timestamps', async () => {
    const id = await newAccount('u1');
    const path = `/accounts/v3/${id}/account-state`;
    expect(await call('POST', path, state())).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(emu.state.accounts.get(id)!.is_blocked).toBe(true);
    // Not newer than the last processed one: ignored, nothing changes — and the answer does not say so.
    expect(await call('POST', path, state({ status: 'active', tvSuspended: false }))).toEqual({ status: 200, body: { status: 'ok', message: '' } });
    expect(emu.state.accounts.get(id)!.is_blocked).toBe(true);
    expect(await call('POST', path, state({ status: 'active', tvSuspended: false, stateTimestamp: clock + 1 }))).toMatchObject({ body: { status: 'ok' } });
    expect(emu.state.accounts.get(id)!.is_blocked).toBe(false);
    expect(await call('POST', path, state({ stateTimestamp: clock - MAX_BEHIND_MS }))).toMatchObject({ status: 400, body: { code: 'STALE_TIMESTAMP' } });
    expect(await call('POST', path, state({ stateTimestamp: clock + MAX_AHEAD_MS }))).toMatchObject({ status: 400, body: { code: 'FUTURE_TIMESTAMP' } });
  });

  it('says "ignored" only when lenient', async () => {
    await emu.stop();
    emu = createSmotreshkaEmulator({ lenient: true, now: () => clock });
    base = await emu.start();
    const id = await newAccount('u1');
    const path = `/accounts/v3/${id}/account-state`;
    await call('POST', path, state());
    expect(await call('POST', path, state())).toMatchObject({ status: 200, body: { status: 'ignored' } });
  });

  it('validates the body (balance required) and refuses tvSuspended with status active', async () => {
    const id = await newAccount('u1');
    const path = `/accounts/v3/${id}/account-state`;
    const bad = await call('POST', path, { status: 'blocked', tvSuspended: 'yes' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect((bad.body as { details: string[] }).details).toHaveLength(4);
    const { balance: _b, ...noBalance } = state();
    expect(await call('POST', path, noBalance)).toMatchObject({ status: 400, body: { details: [expect.stringMatching(/^balance/)] } });
    expect((await call('POST', path, state({ status: 'active' }))).status).toBe(400);
    expect((await call('POST', '/accounts/v3/nope/account-state', state())).status).toBe(404);
  });

  it('takes ?delayed=true (recorded) and refuses a non-boolean delayed', async () => {
    const id = await newAccount('u1');
    const path = `/accounts/v3/${id}/account-state`;
    expect((await call('POST', `${path}?delayed=yes`, state())).status).toBe(400);
    expect((await call('POST', `${path}?delayed=true`, state())).status).toBe(200);
    expect(emu.state.accounts.get(id)!.accountState).toMatchObject({ delayed: true });
  });

  it('addresses the account by login when the integration is set so, and by id not at all then', async () => {
    await emu.stop();
    emu = createSmotreshkaEmulator({ accountStateId: 'username', now: () => clock });
    base = await emu.start();
    const id = await newAccount('u1');
    expect((await call('POST', `/accounts/v3/${id}/account-state`, state())).status).toBe(404);
    expect((await call('POST', '/accounts/v3/u1/account-state', state())).status).toBe(200);
    expect(emu.state.accounts.get(id)!.is_blocked).toBe(true);
  });
});
