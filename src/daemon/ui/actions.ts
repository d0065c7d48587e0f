/**
 * The console's POST actions: login, logout, approve, sync now. Every action but login needs a
 * session (a login with the daemon token), the session's CSRF token in the form, and a request
 * the browser says comes from the console itself; each is logged with who, from where and what.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BillsyncError } from '../../model/errors.js';
import type { ConsoleDeps, PageResult } from './context.js';
import { CLEAR_SESSION_COOKIE, readForm, redirect, remoteAddress, sameOrigin, sessionCookie } from './http-io.js';
import { html } from './html.js';
import { approvedPage, refusedPage, syncedPage } from './pages/action-result.js';
import { loginPage, safeNext } from './pages/login.js';
import { sourceNames } from './subscriber-search.js';
import { sameSecret, sessionTag, type LoginThrottle, type Session, type SessionStore } from './sessions.js';
import { scrub } from './scrub.js';

export interface ActionContext {
  readonly deps: ConsoleDeps;
  readonly sessions: SessionStore;
  readonly throttle: LoginThrottle;
  /** Renders a page result in the layout and sends it. */
  send(res: ServerResponse, page: PageResult, session: Session | null, headers?: Record<string, string>): void;
}

type Action = (c: ActionContext, req: IncomingMessage, res: ServerResponse, session: Session | null) => Promise<void>;

export const login: Action = async (c, req, res, session) => {
  const from = remoteAddress(req);
  const log = c.deps.logger.child({ console: 'login', from });
  if (c.deps.token === undefined) return c.send(res, loginPage({ next: null, tokenSet: false, auth: c.deps.auth, status: 403 }), session);
  if (!sameOrigin(req)) return c.send(res, refusedPage(403, 'Refused', 'This login did not come from the console’s own page.'), session);
  if (c.throttle.blocked(from)) {
    log.warn('console login refused: too many wrong tokens from this address');
    return c.send(res, loginPage({ next: null, tokenSet: true, auth: c.deps.auth, status: 429, error: 'Too many wrong tokens from your address: wait a few minutes.' }), session);
  }
  const form = await readForm(req);
  const next = form?.get('next') ?? null;
  if (!form || !sameSecret(form.get('token') ?? '', c.deps.token)) {
    c.throttle.failed(from);
    log.warn('console login refused: wrong token');
    return c.send(res, loginPage({ next, tokenSet: true, auth: c.deps.auth, status: 401, error: 'Wrong token.' }), session);
  }
  c.throttle.succeeded(from);
  if (session) c.sessions.end(session.id);
  // Control characters out: the name goes into logs and pages.
  const who = (form.get('who') ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 64) || 'operator';
  const s = c.sessions.create(who, from);
  log.info({ who, session: sessionTag(s) }, 'console login');
  redirect(res, safeNext(next), { 'set-cookie': sessionCookie(s.id) });
};

/** The checks every action makes; the form when they pass, else the refusal already sent. */
async function authorised(c: ActionContext, req: IncomingMessage, res: ServerResponse, session: Session | null, what: string): Promise<{ form: URLSearchParams; session: Session } | null> {
  const refuse = (status: number, message: string): null => {
    c.deps.logger.warn({ console: what, from: remoteAddress(req), who: session?.who ?? null, status }, `console ${what} refused: ${message}`);
    c.send(res, refusedPage(status, 'Refused', message), session);
    return null;
  };
  if (c.deps.token === undefined) return refuse(403, 'Actions are off: this daemon has no daemon.token to log in with.');
  if (!sameOrigin(req)) return refuse(403, 'This request did not come from the console’s own pages.');
  if (!session) return refuse(403, 'Log in with the daemon token first (the link at the top right).');
  const form = await readForm(req);
  if (!form) return refuse(400, 'Expected a form (application/x-www-form-urlencoded, at most 8 KB).');
  if (!sameSecret(form.get('csrf') ?? '', session.csrf)) return refuse(403, 'The form’s CSRF token is missing or wrong: reload the page and try again.');
  return { form, session };
}

export const logout: Action = async (c, req, res, session) => {
  const ok = await authorised(c, req, res, session, 'logout');
  if (!ok) return;
  c.sessions.end(ok.session.id);
  c.deps.logger.info({ console: 'logout', who: ok.session.who, session: sessionTag(ok.session) }, 'console logout');
  redirect(res, '/ui/', { 'set-cookie': CLEAR_SESSION_COOKIE });
};

export const approve: Action = async (c, req, res, session) => {
  const ok = await authorised(c, req, res, session, 'approve');
  if (!ok) return;
  const target = ok.form.get('target') ?? '';
  const hash = ok.form.get('hash') ?? '';
  const log = c.deps.logger.child({ console: 'approve', who: ok.session.who, from: remoteAddress(req), session: sessionTag(ok.session), target, hash });
  if (!c.deps.rt.targets.has(target) || !/^[0-9a-f]{8,128}$/.test(hash)) return c.send(res, refusedPage(400, 'Refused', 'Unknown target or malformed hash.', '/ui/held'), ok.session);
  log.warn('console: approve requested');
  try {
    const o = await c.deps.approve(target, hash, `console: ${ok.session.who} from ${remoteAddress(req)}`);
    log.warn({ run: o.runId, ops: o.ops, succeeded: o.succeeded, failed: o.failed }, 'console: approve done');
    c.send(res, approvedPage(o), ok.session);
  } catch (err) {
    if (!(err instanceof BillsyncError)) throw err;
    const message = scrub(err.message, c.deps.rt.config.secretValues);
    log.warn({ err: message, code: err.code }, 'console: approve refused');
    c.send(res, refusedPage(err.code === 'PLAN_STALE' || err.code === 'LOCKED' ? 409 : 400, 'Not approved', html`${message}${err.fix ? html`<br><span class="dim">${scrub(err.fix, c.deps.rt.config.secretValues)}</span>` : ''}`, '/ui/held'), ok.session);
  }
};

export const syncNow: Action = async (c, req, res, session) => {
  const ok = await authorised(c, req, res, session, 'sync');
  if (!ok) return;
  const source = ok.form.get('source') ?? '';
  const id = (ok.form.get('id') ?? '').trim();
  if (!sourceNames(c.deps.rt).includes(source) || id === '' || id.length > 200) return c.send(res, refusedPage(400, 'Refused', 'Unknown source or empty subscriber id.'), ok.session);
  const log = c.deps.logger.child({ console: 'sync', who: ok.session.who, from: remoteAddress(req), session: sessionTag(ok.session), subscriber: `${source}:${id}` });
  let request: ReturnType<typeof c.deps.submit>;
  try {
    request = c.deps.submit(source, id);
  } catch (err) {
    return c.send(res, refusedPage(503, 'Not queued', (err as Error).message), ok.session);
  }
  log.info({ requestId: request.requestId, jobId: request.jobId }, 'console: sync now requested');
  let timer: NodeJS.Timeout | undefined;
  const result = request.result.catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }));
  const r = await Promise.race([result, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), c.deps.waitLimitMs)))]).finally(() => clearTimeout(timer));
  if (r !== null && 'error' in r) {
    const message = scrub(r.error, c.deps.rt.config.secretValues);
    log.warn({ err: message }, 'console: sync now failed');
    return c.send(res, refusedPage(500, 'Sync failed', message), ok.session);
  }
  if (r === null) return c.send(res, syncedPage(source, id, { queued: `Still running after ${Math.round(c.deps.waitLimitMs / 1000)} s; it goes on in the background (request ${request.requestId}).` }), ok.session);
  log.info({ status: r.status }, 'console: sync now done');
  c.send(res, syncedPage(source, id, r), ok.session);
};
