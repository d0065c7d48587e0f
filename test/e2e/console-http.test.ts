/**
 * The daemon's web console over HTTP, in-process against the Hydra and Smarty emulators: every
 * page answers with the CSP and without secrets; actions need a login, the CSRF field and a
 * same-origin request, and are logged with who and what; Approve applies exactly the held-back
 * set through the target's worker, and refuses a set that is not the current one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP } from '../../src/daemon/ui/http-io.js';
import { TOKEN, waitFor } from './daemon-support/setup.js';
import { holdBackDeletes, SECRET_PASSWORD, startConsoleWorld, type ConsoleWorld } from './console-support/world.js';
import { login, request } from './console-support/http.js';
import { billsync } from './daemon-support/child.js';

describe('daemon console over HTTP', () => {
  let cw: ConsoleWorld;
  let base: string;

  beforeAll(async () => {
    cw = await startConsoleWorld();
    base = cw.daemon.url;
  }, 60_000);
  afterAll(async () => {
    await cw?.close();
  });

  /** Every secret this world knows, plus the account password the mapping sets. */
  const secrets = () => [TOKEN, cw.world.env.SMARTY_API_KEY!, SECRET_PASSWORD];
  const noSecrets = (html: string) => {
    for (const s of secrets()) expect(html).not.toContain(s);
  };

  it('serves every page with the CSP and security headers, and no secret', async () => {
    const root = await request(base, '/');
    expect(root.status).toBe(303);
    expect(root.headers.location).toBe('/ui/');
    const run = (await cw.daemon.runtime.store.listRuns(1))[0]!;
    const account = [...cw.world.smarty.state.accounts.values()][0]!;
    const customer = cw.world.hydra.state.all()[5]!;
    const pages = [
      '/ui/',
      '/ui/runs',
      `/ui/run?id=${run.id}`,
      `/ui/run?id=${run.id}&key=${customer.id}`,
      '/ui/held',
      `/ui/subscriber?q=${customer.id}`,
      `/ui/subscriber?q=hydra:${customer.id}`,
      `/ui/explain?target=smarty&kind=account&key=${account.abonement}`,
      `/ui/explain?target=smarty&kind=account&key=${account.abonement}&live=1`,
      '/ui/drift',
      '/ui/login',
    ];
    for (const p of pages) {
      const r = await request(base, p);
      expect(r.status, p).toBe(200);
      expect(r.headers['content-security-policy'], p).toBe(CSP);
      expect(CSP).toMatch(/default-src 'self'/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.body).not.toMatch(/<script/i);
      noSecrets(r.body);
    }
    const css = await request(base, '/ui/assets/console.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('shows the overview, a run with its ops, a subscriber and the explain view with [secret]', async () => {
    const overview = (await request(base, '/ui/')).body;
    expect(overview).toContain('id="target-smarty"');
    expect(overview).toMatch(/<svg[^>]+aria-label="ops per hour/);
    expect(overview).toMatch(/hydra: \d+ subscribers read/);
    expect(overview).toMatch(/customer: \d+/);

    const run = (await cw.daemon.runtime.store.listRuns(100)).at(-1)!;
    const runPage = (await request(base, `/ui/run?id=${run.id}`)).body;
    expect(runPage).toContain('Failures by reason');
    expect(runPage).toMatch(/<td>create<\/td>/);
    expect(runPage).toContain('password=[secret]');

    const c = cw.world.hydra.state.all()[3]!;
    const sub = (await request(base, `/ui/subscriber?q=${c.id}`)).body;
    expect(sub).toContain(`hydra:${c.id}`);
    expect(sub).toContain(`/ui/explain?target=smarty&amp;kind=customer&amp;key=${c.id}`);

    const acct = [...cw.world.smarty.state.accounts.values()][0]!;
    const x = (await request(base, `/ui/explain?target=smarty&kind=account&key=${acct.abonement}&live=1`)).body;
    // desired, snapshot (a digest), live (Smarty does not return it), and the literal rule.
    expect(x).toMatch(/<td>password<\/td><td>\[secret\]<\/td><td>\[secret\]<\/td><td>—<\/td><td><code>\[secret\]<\/code><\/td>/);
    expect(x).toMatch(/<td>account_ext_id<\/td><td>\d+<\/td><td>\d+<\/td><td>—<\/td><td><code>\{\{ id \}\}<\/code><\/td><td class="dim mono">[^<]*hydra-smarty\.yaml:\d+<\/td>/);
    // Russian data as is, not as character references.
    expect(x).toMatch(/From <a [^>]+>hydra:\d+<\/a> — [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+/);
  });

  it('answers 404 for an unknown run or page and 405 for a wrong method', async () => {
    expect((await request(base, '/ui/run?id=r_nope')).status).toBe(404);
    expect((await request(base, '/ui/nowhere')).status).toBe(404);
    expect((await request(base, '/ui/explain?target=nope&kind=x&key=1')).status).toBe(404);
    expect((await request(base, '/ui/held', { method: 'POST' })).status).toBe(405);
    expect((await request(base, '/ui/approve')).status).toBe(405);
  });

  it('refuses a Host that is not loopback while pages are open (DNS rebinding)', async () => {
    const r = await request(base, '/ui/', { headers: { host: 'attacker.example:80' } });
    expect(r.status).toBe(403);
  });

  it('logs in only with the token; the cookie is HttpOnly and SameSite=Strict', async () => {
    const wrong = await request(base, '/ui/login', { form: { token: 'not-the-token-at-all', next: '/ui/' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const evil = await request(base, '/ui/login', { form: { token: TOKEN }, headers: { origin: 'http://attacker.example' } });
    expect(evil.status).toBe(403);
    const ok = await request(base, '/ui/login', { form: { token: TOKEN, next: 'https://attacker.example/' } });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/ui/');
    const cookie = ([] as string[]).concat(ok.headers['set-cookie'] ?? [])[0]!;
    expect(cookie).toMatch(/^billsync_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/ui');
    const page = await request(base, '/ui/held', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.body).toContain('Log out');
    noSecrets(page.body);
  });

  it('refuses actions without a session, without or with a wrong CSRF field, or from another origin', async () => {
    const id = String(cw.world.hydra.state.all()[7]!.id);
    const { cookie, csrf } = await login(base, TOKEN);
    const tries: { what: string; headers?: Record<string, string>; form: Record<string, string> }[] = [
      { what: 'no session', form: { source: 'hydra', id, csrf } },
      { what: 'no csrf', headers: { cookie }, form: { source: 'hydra', id } },
      { what: 'wrong csrf', headers: { cookie }, form: { source: 'hydra', id, csrf: csrf.slice(1) + 'x' } },
      { what: 'other origin', headers: { cookie, origin: 'http://attacker.example' }, form: { source: 'hydra', id, csrf } },
      { what: 'forged session', headers: { cookie: 'billsync_session=forged' }, form: { source: 'hydra', id, csrf } },
    ];
    for (const t of tries) {
      const r = await request(base, '/ui/sync', { form: t.form, ...(t.headers ? { headers: t.headers } : {}) });
      expect(r.status, t.what).toBe(403);
      expect(r.headers['content-security-policy']).toBe(CSP);
    }
    for (const path of ['/ui/approve', '/ui/logout']) {
      expect((await request(base, path, { form: { target: 'smarty', hash: '0123456789abcdef' }, headers: { cookie } })).status, path).toBe(403);
    }
    expect(cw.logs.some((l) => l.console === 'sync' && /refused/.test(String(l.msg)))).toBe(true);
  });

  it('"sync now" runs the trigger path and is logged with who', async () => {
    const id = cw.world.hydra.state.addCustomer({ services: [100, 2, 6] });
    const { cookie, csrf } = await login(base, TOKEN, 'Мария');
    const r = await request(base, '/ui/sync', { form: { source: 'hydra', id: String(id), csrf }, headers: { cookie, origin: base } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('Finished: ok');
    expect([...cw.world.smarty.state.customers.values()].some((c) => c.ext_id === String(id))).toBe(true);
    expect(cw.logs.find((l) => l.msg === 'console: sync now requested')).toMatchObject({ console: 'sync', who: 'Мария', subscriber: `hydra:${id}` });
  });

  it('shows what the last plan --refresh found, and says so when nothing is stored', async () => {
    expect((await request(base, '/ui/drift')).body).toContain('No drift report is stored yet');
    const customer = [...cw.world.smarty.state.customers.values()][2]!;
    customer.profile.firstname = 'Подменённое <b>имя</b>';
    const plan = await billsync(['plan', '--refresh', '-c', cw.cfg.file], { ...cw.world.env, BILLSYNC_TOKEN: TOKEN });
    expect(plan.code, plan.stderr).toBe(0);
    const drift = (await request(base, '/ui/drift')).body;
    expect(drift).toContain('1 entity differs from the snapshot');
    expect(drift).toContain(`key=${customer.ext_id}`);
    expect(drift).toContain('Подменённое &lt;b&gt;имя&lt;/b&gt;');
    noSecrets(drift);
  }, 60_000);

  it('approves exactly the held-back set: a stale hash applies nothing, the current one applies it', async () => {
    const { ids, hash } = await holdBackDeletes(cw, 3);
    const { cookie, csrf } = await login(base, TOKEN, 'Пётр');
    const held = (await request(base, '/ui/held', { headers: { cookie } })).body;
    expect(held).toContain(hash);
    for (const rule of cw.daemon.health().targets.smarty!.heldBack!.rules) expect(held).toContain(rule);
    expect(held).toContain('action="/ui/approve"');
    const preview = await request(base, `/ui/held/preview?target=smarty&hash=${hash}`);
    expect(preview.status).toBe(200);
    for (const id of ids) expect(preview.body).toContain(`key=${id}`);

    const stale = await request(base, '/ui/approve', { form: { target: 'smarty', hash: '0123456789abcdef', csrf }, headers: { cookie } });
    expect(stale.status).toBe(409);
    for (const id of ids) expect([...cw.world.smarty.state.customers.values()].some((c) => c.ext_id === String(id))).toBe(true);

    const ok = await request(base, '/ui/approve', { form: { target: 'smarty', hash, csrf }, headers: { cookie } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatch(/Applied \d+ of \d+ ops on smarty/);
    for (const id of ids) expect([...cw.world.smarty.state.customers.values()].some((c) => c.ext_id === String(id))).toBe(false);
    expect(await cw.daemon.runtime.store.listHeldBack()).toEqual([]);
    expect(cw.logs.find((l) => l.msg === 'console: approve done')).toMatchObject({ console: 'approve', who: 'Пётр', target: 'smarty', hash, failed: 0 });
    await waitFor('held back cleared in health', () => cw.daemon.health().targets.smarty?.heldBack === null, 5000);
  });
});
