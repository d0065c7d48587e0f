/**
 * The console's authentication over real HTTP with stand-in daemon parts: with ui_auth token
 * every page needs a login; sessions end on logout and when idle; the CSRF token is the
 * session's own; repeated wrong tokens are throttled; without daemon.token nobody logs in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { request } from '../../e2e/console-support/http.js';
import { startStandIn, type StandIn } from './console-standin.js';

const TOKEN = 'console-token-0123456789';

describe('console authentication (ui_auth: token)', () => {
  let standIn: StandIn | undefined;
  const clock = { t: Date.parse('2025-03-01T10:00:00Z') };
  let approvals: { target: string; hash: string }[] = [];

  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  async function start(opts: { token?: string } = { token: TOKEN }): Promise<string> {
    standIn = await startStandIn({ auth: 'token', now: () => clock.t, ...(opts.token !== undefined ? { token: opts.token } : {}) });
    approvals = standIn.approvals;
    await standIn.temp.store.putHeldBack('smarty', { hash: '0123456789abcdef', ops: 3, reasons: [{ target: 'smarty', rule: 'delete_limit', message: '3 deletes over the cap of 1', ops: 3 }] });
    return standIn.url;
  }

  const loginAs = async (base: string): Promise<{ cookie: string; csrf: string }> => {
    const r = await request(base, '/ui/login', { form: { token: TOKEN, next: '/ui/held' } });
    expect(r.status).toBe(303);
    const cookie = String(([] as string[]).concat(r.headers['set-cookie'] ?? [])[0]).split(';')[0]!;
    const held = await request(base, '/ui/held', { headers: { cookie } });
    return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(held.body)![1]! };
  };

  it('sends every page to the login first, whatever the Host, and back after it', async () => {
    const base = await start();
    for (const path of ['/ui/', '/ui/runs?before=r_x', '/ui/held', '/ui/nowhere']) {
      const r = await request(base, path, { headers: { host: 'billsync.isp.example:8089' } });
      expect(r.status, path).toBe(303);
      expect(String(r.headers.location), path).toMatch(/^\/ui\/login/);
    }
    expect((await request(base, '/ui/runs?before=r_x')).headers.location).toBe('/ui/login?next=%2Fui%2Fruns%3Fbefore%3Dr_x');
    const form = await request(base, '/ui/login');
    expect(form.status).toBe(200);
    expect(form.body).toContain('type="password" name="token"');
    expect(form.body).not.toContain(TOKEN);

    const { cookie } = await loginAs(base);
    const held = await request(base, '/ui/held', { headers: { cookie } });
    expect(held.status).toBe(200);
    expect(held.body).toContain('0123456789abcdef');
    expect(held.body).toContain('3 deletes over the cap of 1');
  });

  it('ends sessions on logout and when idle', async () => {
    const base = await start();
    const a = await loginAs(base);
    expect((await request(base, '/ui/logout', { form: {}, headers: { cookie: a.cookie } })).status).toBe(403);
    const out = await request(base, '/ui/logout', { form: { csrf: a.csrf }, headers: { cookie: a.cookie } });
    expect(out.status).toBe(303);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await request(base, '/ui/held', { headers: { cookie: a.cookie } })).status).toBe(303);

    const b = await loginAs(base);
    clock.t += 59_000;
    expect((await request(base, '/ui/held', { headers: { cookie: b.cookie } })).status).toBe(200);
    clock.t += 61_000;
    expect((await request(base, '/ui/held', { headers: { cookie: b.cookie } })).status).toBe(303);
  });

  it("takes only the session's own CSRF token", async () => {
    const base = await start();
    const a = await loginAs(base);
    const b = await loginAs(base);
    expect(a.csrf).not.toBe(b.csrf);
    const cross = await request(base, '/ui/approve', { form: { target: 'smarty', hash: '0123456789abcdef', csrf: b.csrf }, headers: { cookie: a.cookie } });
    expect(cross.status).toBe(403);
    expect(approvals).toEqual([]);
    const ok = await request(base, '/ui/approve', { form: { target: 'smarty', hash: '0123456789abcdef', csrf: a.csrf }, headers: { cookie: a.cookie } });
    expect(ok.status).toBe(200);
    expect(approvals).toEqual([{ target: 'smarty', hash: '0123456789abcdef' }]);
    const unknown = await request(base, '/ui/approve', { form: { target: 'nope', hash: '0123456789abcdef', csrf: a.csrf }, headers: { cookie: a.cookie } });
    expect(unknown.status).toBe(400);
    expect(approvals).toHaveLength(1);
  });

  it('throttles repeated wrong tokens, even before a right one', async () => {
    const base = await start();
    for (let i = 0; i < 10; i++) expect((await request(base, '/ui/login', { form: { token: `wrong-${i}` } })).status).toBe(401);
    const r = await request(base, '/ui/login', { form: { token: TOKEN } });
    expect(r.status).toBe(429);
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it('lets nobody log in without daemon.token', async () => {
    const base = await start({});
    const page = await request(base, '/ui/login');
    expect(page.body).toContain('has no <code>daemon.token</code>');
    expect((await request(base, '/ui/login', { form: { token: '' } })).status).toBe(403);
    expect((await request(base, '/ui/approve', { form: { target: 'smarty', hash: '0123456789abcdef', csrf: '' } })).status).toBe(403);
    expect(approvals).toEqual([]);
  });
});
