/**
 * The console in a real browser (Debian's Chromium driven by playwright-core): log in, read the
 * overview, open a run, search a subscriber and explain it, approve a held-back set and see it
 * applied on the Smarty emulator, and see actions without the CSRF field, without a login, or
 * from another origin refused. Screenshots of each page go to test/artifacts/.
 * Skipped, saying so, where /usr/bin/chromium is not installed.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN } from './daemon-support/setup.js';
import { holdBackDeletes, SECRET_PASSWORD, startConsoleWorld, type ConsoleWorld } from './console-support/world.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!existsSync(CHROMIUM)) {
  describe('console in a real browser', () => {
    it.skip(`skipped: ${CHROMIUM} is not installed (apt-get install chromium)`, () => undefined);
  });
} else {
  describe('console in a real browser', () => {
    let cw: ConsoleWorld;
    let profile: string;
    let context: BrowserContext;
    let page: Page;
    let base: string;
    const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

    beforeAll(async () => {
      await mkdir(ARTIFACTS, { recursive: true });
      cw = await startConsoleWorld({ subscribers: 30, seed: 31 });
      base = cw.daemon.url;
      profile = await mkdtemp(join(tmpdir(), 'billsync-chromium-'));
      context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1200, height: 800 } });
      page = context.pages()[0] ?? (await context.newPage());
    }, 90_000);

    afterAll(async () => {
      await context?.close();
      await cw?.close();
      if (profile) await rm(profile, { recursive: true, force: true });
    });

    it('shows the overview, and logs in with the daemon token', async () => {
      const res = await page.goto(`${base}/`);
      expect(res?.status()).toBe(200);
      expect(page.url()).toBe(`${base}/ui/`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Overview');
      const card = page.locator('#target-smarty');
      await expect(card.locator('h2').textContent()).resolves.toMatch(/^smarty\s+ok/);
      await expect(card.textContent()).resolves.toMatch(/hydra: \d+ subscribers read/);
      expect(await card.locator('svg rect.ok').count()).toBeGreaterThan(0);
      await shot('overview');

      await page.getByRole('link', { name: 'Log in' }).click();
      await page.getByLabel('Daemon token').fill(TOKEN);
      await page.getByLabel('Your name').fill('Оператор Анна');
      await shot('login');
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect(page.locator('header .who').textContent()).resolves.toContain('Оператор Анна');
      const cookies = await context.cookies(`${base}/ui/`);
      expect(cookies.find((c) => c.name === 'billsync_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/ui' });
    }, 60_000);

    it('opens a run and searches its ops by key', async () => {
      await page.getByRole('link', { name: 'Runs', exact: true }).click();
      await expect(page.locator('h1').textContent()).resolves.toBe('Runs');
      await shot('runs');
      await page.locator('table a.mono').last().click();
      await expect(page.locator('h1').textContent()).resolves.toMatch(/^Run r_/);
      const rows = await page.locator('table.ops tbody tr').count();
      expect(rows).toBeGreaterThan(10);
      await shot('run');
      const key = (await page.locator('table.ops tbody tr').first().locator('td').nth(3).textContent())!.trim();
      await page.getByLabel('entity key').fill(key);
      await page.getByRole('button', { name: 'Search' }).click();
      const keys = await page.locator('table.ops tbody tr td:nth-child(4)').allTextContents();
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) expect(k.trim()).toBe(key);
    }, 60_000);

    it('finds a subscriber, explains an entity with secrets redacted, and syncs it now', async () => {
      const c = cw.world.hydra.state.all()[4]!;
      await page.getByLabel('find a subscriber').fill(String(c.id));
      await page.getByRole('button', { name: 'Find' }).click();
      await expect(page.locator('h2').first().textContent()).resolves.toBe(`hydra:${c.id}`);
      await shot('subscriber');
      await page.locator(`a[href*="kind=account"]`).first().click();
      await expect(page.locator('h1').textContent()).resolves.toMatch(/^smarty account/);
      const row = page.locator('tr', { has: page.locator('td', { hasText: /^password$/ }) });
      await expect(row.locator('td').nth(1).textContent()).resolves.toBe('[secret]');
      expect(await page.content()).not.toContain(SECRET_PASSWORD);
      await shot('explain');
      await page.getByRole('button', { name: /^Sync hydra:\d+ now$/ }).click();
      await expect(page.locator('.notice').first().textContent()).resolves.toMatch(/Finished: ok/);
      expect(cw.logs.some((l) => l.msg === 'console: sync now done' && l.who === 'Оператор Анна')).toBe(true);
    }, 60_000);

    it('approves a held-back set and it is applied on the emulator', async () => {
      const { ids, hash } = await holdBackDeletes(cw, 3);
      await page.getByRole('link', { name: /Held back/ }).click();
      await expect(page.locator('#held-smarty').textContent()).resolves.toContain(hash);
      await shot('held-back');
      for (const id of ids) expect([...cw.world.smarty.state.customers.values()].some((x) => x.ext_id === String(id))).toBe(true);
      await page.getByRole('button', { name: /^Approve \d+ ops on smarty$/ }).click();
      await expect(page.locator('.notice').first().textContent()).resolves.toMatch(/Applied \d+ of \d+ ops on smarty/);
      await shot('approved');
      for (const id of ids) expect([...cw.world.smarty.state.customers.values()].some((x) => x.ext_id === String(id))).toBe(false);
      expect(cw.logs.some((l) => l.msg === 'console: approve done' && l.who === 'Оператор Анна' && l.hash === hash)).toBe(true);
    }, 60_000);

    it('refuses an action without the CSRF field, without a login, or from another origin', async () => {
      const c = cw.world.hydra.state.all()[6]!;
      await page.goto(`${base}/ui/subscriber?q=hydra:${c.id}`);
      // The form without its hidden CSRF field, submitted by the browser.
      await page.locator('form[action="/ui/sync"] input[name=csrf]').evaluateAll((els) => els.forEach((e) => e.remove()));
      const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/ui/sync')), page.getByRole('button', { name: /^Sync hydra:\d+ now$/ }).click()]);
      expect(refused.status()).toBe(403);
      await expect(page.locator('.notice').textContent()).resolves.toMatch(/CSRF token is missing or wrong/);
      await shot('refused');

      const stranger = await context.browser()?.newContext();
      const anonymous = stranger ? await stranger.request.post(`${base}/ui/sync`, { form: { source: 'hydra', id: String(c.id), csrf: 'x' } }) : await page.request.post(`${base}/ui/sync`, { form: { source: 'hydra', id: String(c.id) }, headers: { cookie: '' } });
      expect(anonymous.status()).toBe(403);
      await stranger?.close();

      // Another origin (same site, other port) posting the form, even with a real CSRF value.
      await page.goto(`${base}/ui/held`);
      const csrf = await page.locator('input[name=csrf]').first().getAttribute('value');
      const evil = await attackerPage(base, csrf ?? '', String(c.id));
      try {
        await page.goto(evil.url);
        const [r] = await Promise.all([page.waitForResponse((x) => x.url().endsWith('/ui/sync')), page.getByRole('button', { name: 'Win a prize' }).click()]);
        expect(r.status()).toBe(403);
      } finally {
        evil.server.closeAllConnections();
        await new Promise((res) => evil.server.close(res));
      }
      const refusals = cw.logs.filter((l) => l.console === 'sync' && /refused/.test(String(l.msg)));
      expect(refusals.length).toBeGreaterThanOrEqual(2);
    }, 60_000);
  });
}

/** A page on another origin with a form that posts to the console. */
async function attackerPage(base: string, csrf: string, id: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><form method="post" action="${base}/ui/sync"><input type="hidden" name="source" value="hydra"><input type="hidden" name="id" value="${id}"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">Win a prize</button></form>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server };
}
