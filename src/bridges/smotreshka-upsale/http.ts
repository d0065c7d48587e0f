/**
 * The upsale callbacks on the daemon's port: `POST …/upsale/v3/{add,replace}-subscription/
 * {ensure,commit}` (the paths the LANBilling guide gives the platform's support, seed 002; any
 * prefix, as the third-party bridge mounts them under /api), and `GET /v1/upsale/purchases`
 * (daemon token) listing purchases for the billing. Errors are JSON `{error, …}` saying what is wrong.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../util/logger.js';
import { bearerMatches } from '../../daemon/auth.js';
import type { PurchaseState } from '../../model/purchase.js';
import type { PurchaseStore } from '../../store/purchase-queries.js';
import { callerAuth } from './auth.js';
import type { UpsaleSettings } from './config.js';
import type { UpsaleMetrics } from './metrics.js';
import { parseParams, parseRoute } from './params.js';
import { UpsaleCallError, UpsaleService } from './service.js';

export interface UpsaleHttpDeps {
  /** Absent: every callback is refused (default closed). */
  readonly settings?: UpsaleSettings;
  readonly store: PurchaseStore;
  /** username_prefix of the settings' target. */
  readonly usernamePrefix: string;
  /** daemon.token, for the listing. */
  readonly token: string | undefined;
  readonly logger: Logger;
  readonly metrics?: UpsaleMetrics;
  readonly now?: () => Date;
}

export interface UpsaleHttp {
  /** Answers the request when it is one of the bridge's; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

/** The optional context body is read and dropped (it may carry the subscriber's IP and device). */
const MAX_BODY = 64 * 1024;
const STATES: readonly PurchaseState[] = ['ensured', 'committed', 'reflected', 'expired'];

export function upsaleHttp(deps: UpsaleHttpDeps): UpsaleHttp {
  const auth = callerAuth(deps.settings);
  const now = deps.now ?? (() => new Date());
  const service = deps.settings
    ? new UpsaleService({ store: deps.store, target: deps.settings.target, usernamePrefix: deps.usernamePrefix, ...(deps.settings.offers ? { offers: new Set(deps.settings.offers) } : {}), now })
    : undefined;
  return {
    async handle(req, res, url) {
      if (url.pathname === '/v1/upsale/purchases') {
        await list(req, res, url, deps);
        return true;
      }
      const route = parseRoute(url.pathname);
      if (!route) return false;
      const started = performance.now();
      const label = `${route.operation}-${route.phase}`;
      const answer = (status: number, body: object, what: string): void => {
        json(res, status, body);
        deps.metrics?.answered(label, what, performance.now() - started);
      };
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        answer(405, { error: `method ${req.method} not allowed on ${url.pathname}: the upsale callbacks are POST` }, '405');
        return true;
      }
      const verdict = auth.check(req.socket.remoteAddress, req.headers.authorization, url.searchParams.get('token'));
      if (!verdict.ok) {
        deps.logger.warn({ path: url.pathname, from: req.socket.remoteAddress, why: verdict.error }, 'upsale callback refused');
        answer(verdict.status, { error: verdict.error }, String(verdict.status));
        return true;
      }
      if (!(await drain(req))) {
        answer(413, { error: `body larger than ${MAX_BODY} bytes (the context body is optional; parameters go in the query string)` }, '413');
        return true;
      }
      const parsed = parseParams(route, url.searchParams);
      if (!parsed.ok) {
        answer(400, { error: `invalid ${label} call: ${parsed.problems.join('; ')}`, problems: parsed.problems }, '400');
        return true;
      }
      try {
        const a = route.phase === 'ensure' ? await service!.ensure(parsed.params) : await service!.commit(parsed.params);
        deps.logger.info({ route: label, qsTransactionId: parsed.params.qsTransactionId, account: parsed.params.accountLogin, offer: parsed.params.newOfferId, result: a.result, ...(a.message ? { why: a.message } : {}) }, 'upsale callback answered');
        answer(200, a, a.result);
      } catch (err) {
        if (!(err instanceof UpsaleCallError)) throw err;
        deps.logger.warn({ route: label, qsTransactionId: parsed.params.qsTransactionId, why: err.message }, 'upsale callback refused');
        answer(err.status, { error: err.message }, String(err.status));
      }
      return true;
    },
  };
}

/** GET /v1/upsale/purchases?state=committed&target=tv&limit=100 — daemon.token required. */
async function list(req: IncomingMessage, res: ServerResponse, url: URL, deps: UpsaleHttpDeps): Promise<void> {
  if (req.method !== 'GET') return json(res, 405, { error: `method ${req.method} not allowed on ${url.pathname}; use GET` });
  if (deps.token === undefined) return json(res, 403, { error: 'the purchase listing is disabled: this daemon has no daemon.token configured' });
  if (!bearerMatches(req.headers.authorization, deps.token)) {
    res.setHeader('www-authenticate', 'Bearer realm="billsync"');
    return json(res, 401, { error: 'missing or wrong bearer token (Authorization: Bearer <daemon.token>)' });
  }
  const states = url.searchParams.getAll('state').flatMap((s) => s.split(','));
  const bad = states.filter((s) => !STATES.includes(s as PurchaseState));
  if (bad.length > 0) return json(res, 400, { error: `unknown state ${bad.join(', ')}; use ${STATES.join(', ')}` });
  const limitText = url.searchParams.get('limit') ?? '1000';
  const limit = /^\d{1,5}$/.test(limitText) ? Math.min(Number(limitText), 10_000) : NaN;
  if (!(limit > 0)) return json(res, 400, { error: `limit must be a number from 1 to 10000, not '${limitText}'` });
  const target = url.searchParams.get('target') ?? undefined;
  const purchases = await deps.store.list({ ...(target ? { target } : {}), states: states.length > 0 ? (states as PurchaseState[]) : ['committed'], limit });
  return json(res, 200, { purchases });
}

/** Reads and drops the body; false when it is too large. */
async function drain(req: IncomingMessage): Promise<boolean> {
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return false;
  }
  return true;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body) + '\n');
}
