/**
 * A loopback Smotreshka (Lifestream) operator API: a real node:http server that authenticates by
 * source IP only (403 for any address not on the allow-list, as the platform does), with hooks for
 * tests (injected failures, counters, request log, direct access to the state).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../../util/sleep.js';
import type { LoopbackEmulator } from '../kit/emulator.js';
import { FailureQueue, retryAfterHeader } from '../kit/failure-queue.js';
import { MAX_BODY_BYTES, readBody } from '../kit/http-body.js';
import { LoopbackServer } from '../kit/loopback-server.js';
import { matchRoute, type RouteContext } from './routes.js';
import { SmotreshkaState, type SmotreshkaSubscription } from './state.js';
import { StatsRecorder, type SmotreshkaEmulatorStats, type SmotreshkaRecordedRequest } from './stats.js';
import { badRequest, type RouteRequest } from './views.js';

/**
 * Options of the Smotreshka emulator. By default it answers at the strictest reading of the SPEC;
 * each switch marked "lenient" restores a behaviour seen in the wild but not in the SPEC, so a
 * test can run billsync in a "lenient world" too (`lenient: true` turns them all on).
 */
export interface SmotreshkaEmulatorOptions {
  /** Client IPs the platform answers (default ['127.0.0.1']); others get 403. */
  readonly allowedIps?: readonly string[];
  /** The subscription catalogue (default: base 100, 102, 106; extras 5010, 5020). */
  readonly subscriptions?: readonly SmotreshkaSubscription[];
  /** Usernames other providers' subscribers hold in the global namespace. */
  readonly otherProviderUsernames?: readonly string[];
  /** Delay before every answer. */
  readonly latencyMs?: number;
  /** Shape of `GET /v2/accounts/{id}` (default 'wrapped', the SPEC's `{accounts:[…]}`). */
  readonly getShape?: 'wrapped' | 'plain';
  /** Clock for the v3 timestamp window (default Date.now). */
  readonly now?: () => number;
  /** Default of every lenient switch below (default false: strict). */
  readonly lenient?: boolean;
  /**
   * What `{accountId}` of the v3 account-state names: the platform id (default) or the login —
   * "depending on integration settings" (SPEC), so exactly one of them per emulator; the other
   * is an unknown account.
   */
  readonly accountStateId?: 'account_id' | 'username';
  /**
   * Lenient: a v3 state whose stateTimestamp is not newer than the last processed one answers
   * `{status: 'ignored'}`. The SPEC only says such a request is ignored, not that the answer
   * differs, so by default it answers like an accepted one and changes nothing.
   */
  readonly revealIgnoredState?: boolean;
  /**
   * The first `page_num` of `GET /v2/accounts` (default 0: the SPEC's example answer shows
   * `page: 0`; its numbering is not stated). A lower page_num is a 400.
   */
  readonly pageBase?: 0 | 1;
  /** Lenient: `page_size=-1` lists every account in one page (ABillS does this; not in the SPEC). */
  readonly pageSizeAll?: boolean;
  /**
   * Largest `page_size` served; a larger request gets this many per page, and
   * `pagination.page_size` says so. No limit by default (none is documented).
   */
  readonly maxPageSize?: number;
}

export interface FailureRule {
  /** HTTP status to answer with; 0 drops the connection. */
  readonly status: number;
  /** Retry-After header value, in seconds. */
  readonly retryAfter?: number;
  /** Only requests whose URL path starts so (e.g. `/v2/accounts`). */
  readonly pathPrefix?: string;
}

export interface SmotreshkaEmulator extends LoopbackEmulator<SmotreshkaState, SmotreshkaEmulatorStats> {
  /** Listens on 127.0.0.1; resolves to the base URL (no path). */
  start(port?: number): Promise<string>;
  /** The next `n` matching requests fail as described instead of reaching the API. */
  failNext(n: number, rule: FailureRule): void;
  /** Replaces the IP allow-list. */
  setAllowedIps(ips: readonly string[]): void;
  /** Recent requests, oldest first (bounded). */
  requests(): readonly SmotreshkaRecordedRequest[];
}

/** `::ffff:127.0.0.1` → `127.0.0.1`, so IPv4 allow-list entries match dual-stack sockets. */
function clientIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** Creates a Smotreshka emulator (not yet listening). */
export function createSmotreshkaEmulator(opts: SmotreshkaEmulatorOptions = {}): SmotreshkaEmulator {
  const state = new SmotreshkaState(opts.subscriptions, opts.otherProviderUsernames);
  const stats = new StatsRecorder();
  const failures = new FailureQueue<FailureRule>();
  let allowed = new Set(opts.allowedIps ?? ['127.0.0.1']);
  const lenient = opts.lenient ?? false;
  const ctx: RouteContext = {
    state,
    options: {
      getShape: opts.getShape ?? 'wrapped',
      pageBase: opts.pageBase ?? 0,
      pageSizeAll: opts.pageSizeAll ?? lenient,
      ...(opts.maxPageSize !== undefined ? { maxPageSize: opts.maxPageSize } : {}),
    },
    stateOptions: { accountStateId: opts.accountStateId ?? 'account_id', revealIgnored: opts.revealIgnoredState ?? lenient },
    now: opts.now ?? Date.now,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.received();
    const text = await readBody(req, MAX_BODY_BYTES);
    if (opts.latencyMs) await sleep(opts.latencyMs);
    const url = new URL(req.url ?? '/', 'http://emulator');
    const rec = { httpMethod: req.method ?? '', url: `${url.pathname}${url.search}`, route: null };
    const send = (status: number, body: string, headers: Record<string, string>, extra: Partial<SmotreshkaRecordedRequest> = {}): void => {
      stats.record({ ...rec, ...extra, status });
      res.writeHead(status, headers).end(body);
    };
    const json = (status: number, body: unknown, extra: Partial<SmotreshkaRecordedRequest> = {}): void =>
      send(status, JSON.stringify(body), { 'content-type': 'application/json' }, extra);
    if (!allowed.has(clientIp(req))) {
      // The platform's front answers an unknown source IP before any routing.
      stats.bump('forbiddenIp');
      return send(403, '<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1></body></html>', {
        'content-type': 'text/html',
      });
    }
    if (text === undefined) return json(413, { error: 'Request Entity Too Large' });
    const match = matchRoute(req.method ?? '', url.pathname);
    if (!match) {
      stats.unknownPath();
      return json(404, { error: 'Not found' });
    }
    const route = match.route.name;
    stats.reached(route, match.route.method !== 'GET');
    const injected = failures.take((r) => r.pathPrefix === undefined || url.pathname.startsWith(r.pathPrefix));
    if (injected) {
      stats.failedOnPurpose();
      if (injected.status === 0) {
        stats.record({ ...rec, route, status: 0 });
        req.socket.destroy();
        return;
      }
      return send(injected.status, `<h1>Error ${injected.status}</h1>`, { 'content-type': 'text/html', ...retryAfterHeader(injected) }, { route });
    }
    const body = parseBody(text, req.headers['content-type'] ?? '');
    if (body === null) return json(400, badRequest().body, { route });
    const routeReq: RouteRequest = { id: match.id, query: url.searchParams, body };
    const reply = match.route.handle(routeReq, ctx);
    json(reply.status, reply.body, { route, ...(body !== undefined ? { body } : {}) });
  }

  const server = new LoopbackServer('smotreshka emulator', handle, (_err, _req, res) => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":"Internal Server Error"}');
  });

  return {
    state,
    start: (port = 0) => server.start(port),
    stop: () => server.stop(),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    failNext: (n, rule) => failures.add(n, rule),
    setAllowedIps(ips) {
      allowed = new Set(ips);
    },
    requests: () => stats.requests(),
  };
}

/**
 * JSON (what clients send) or form fields (what the SPEC declares); undefined for an empty body,
 * null when it cannot be read as either.
 */
function parseBody(text: string, contentType: string): Record<string, unknown> | undefined | null {
  if (text.trim() === '') return undefined;
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
