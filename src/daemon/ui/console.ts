/**
 * The daemon's web console: server-rendered pages under /ui/ on the daemon's own port, no
 * JavaScript. Read-only pages follow daemon.ui_auth; actions always need a login with the
 * daemon token (session cookie + CSRF field). Every response carries a strict CSP.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BillsyncError } from '../../model/errors.js';
import * as actions from './actions.js';
import { CONSOLE_CSS } from './assets/console-css.js';
import type { ConsoleDeps, Page, PageResult } from './context.js';
import { cookie, redirect, sendAsset, sendHtml, SESSION_COOKIE } from './http-io.js';
import { href, html } from './html.js';
import { layout, notice } from './layout.js';
import { driftPage } from './pages/drift.js';
import { explainPage } from './pages/explain.js';
import { heldBackPage } from './pages/held-back.js';
import { heldPreviewPage } from './pages/held-preview.js';
import { loginPage } from './pages/login.js';
import { notFound } from './pages/not-found.js';
import { overviewPage } from './pages/overview.js';
import { runPage } from './pages/run.js';
import { runsPage } from './pages/runs.js';
import { subscriberPage } from './pages/subscriber.js';
import { scrub } from './scrub.js';
import { LoginThrottle, SESSION_DEFAULTS, SessionStore, type Session, type SessionOptions } from './sessions.js';
import { isLoopbackHost } from './settings.js';

const PAGES: Readonly<Record<string, Page>> = {
  '/ui/': overviewPage,
  '/ui/runs': runsPage,
  '/ui/run': runPage,
  '/ui/held': heldBackPage,
  '/ui/held/preview': heldPreviewPage,
  '/ui/subscriber': subscriberPage,
  '/ui/explain': explainPage,
  '/ui/drift': driftPage,
};

const ACTIONS: Readonly<Record<string, typeof actions.login | undefined>> = { '/ui/login': actions.login, '/ui/logout': actions.logout, '/ui/approve': actions.approve, '/ui/sync': actions.syncNow };

export interface Console {
  /** Answers a console request; false when the path is not the console's. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  readonly sessions: SessionStore;
}

export function createConsole(deps: ConsoleDeps, opts: Partial<Omit<SessionOptions, 'now'>> = {}): Console {
  const now = () => deps.now().getTime();
  const sessions = new SessionStore({ ...SESSION_DEFAULTS, ...opts, now });
  const throttle = new LoginThrottle({ limit: 10, windowMs: 5 * 60_000, now });
  const send = (res: ServerResponse, page: PageResult, session: Session | null, headers: Record<string, string> = {}): void => {
    const heldOps = safeHeldOps(deps);
    sendHtml(res, page.status ?? 200, layout({ title: page.title, path: currentPath(res), session, canLogin: deps.token !== undefined, heldOps }, page.body), headers);
  };
  const ctx: actions.ActionContext = { deps, sessions, throttle, send };

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    if (path === '/' || path === '/ui') return (redirect(res, '/ui/'), true);
    if (!path.startsWith('/ui/')) return false;
    (res as PathTagged).consolePath = path;
    if (deps.auth === 'none' && !loopbackHostHeader(req)) {
      // An open console answers only to loopback names: a web page cannot reach it through a
      // DNS name rebound to 127.0.0.1 and read it.
      sendHtml(res, 403, html`<!doctype html><title>Refused</title><p>The console answers only at 127.0.0.1, [::1] or localhost while daemon.ui_auth is none.</p>`);
      return true;
    }
    if (path === '/ui/assets/console.css' && req.method === 'GET') return (sendAsset(res, 'text/css; charset=utf-8', CONSOLE_CSS), true);
    const session = sessions.get(cookie(req, SESSION_COOKIE));
    const action = ACTIONS[path];
    const page = PAGES[path];
    if (req.method === 'POST' && action) return (await action(ctx, req, res, session), true);
    if (req.method === 'GET' && path === '/ui/login') {
      send(res, loginPage({ next: url.searchParams.get('next'), tokenSet: deps.token !== undefined, auth: deps.auth }), session);
      return true;
    }
    if (req.method === 'GET' && page) {
      if (deps.auth === 'token' && !session) return (redirect(res, href('/ui/login', { next: path + url.search })), true);
      send(res, await render(page, { url, session }), session);
      return true;
    }
    if (action || page) {
      res.writeHead(405, { allow: action ? 'POST' : 'GET', 'content-type': 'text/plain; charset=utf-8' });
      res.end(`method ${req.method} not allowed on ${path}\n`);
      return true;
    }
    if (deps.auth === 'token' && !session) return (redirect(res, '/ui/login'), true);
    send(res, notFound(`No console page ${path}.`), session);
    return true;
  }

  async function render(page: Page, req: { url: URL; session: Session | null }): Promise<PageResult> {
    try {
      return await page(deps, req);
    } catch (err) {
      if (!(err instanceof BillsyncError)) {
        deps.logger.error({ err: (err as Error).message, path: req.url.pathname }, 'console page failed');
        return { status: 500, title: 'Error', body: html`<h1>Internal error</h1>${notice('bad', 'The page failed; the daemon log has the details.')}` };
      }
      const message = scrub(err.message, deps.rt.config.secretValues);
      const status = err.code === 'USAGE' ? 400 : err.code === 'PLAN_STALE' ? 409 : 502;
      return { status, title: 'Error', body: html`<h1>Could not show this page</h1>${notice('bad', html`${message}${err.fix ? html`<br><span class="dim">${scrub(err.fix, deps.rt.config.secretValues)}</span>` : ''}`)}` };
    }
  }

  return { handle, sessions };
}

type PathTagged = ServerResponse & { consolePath?: string };
const currentPath = (res: ServerResponse): string => (res as PathTagged).consolePath ?? '/ui/';

function safeHeldOps(deps: ConsoleDeps): number {
  try {
    return deps.health().heldBackOps;
  } catch {
    return 0;
  }
}

function loopbackHostHeader(req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return isLoopbackHost(name);
}
