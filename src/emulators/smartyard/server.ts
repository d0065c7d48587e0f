/**
 * A loopback AX SmartYard `/bill/api`: a real node:http server answering as the Flask app does
 * (POST-only slashed paths with a 308 for the unslashed ones, Werkzeug's 400 for a body that is
 * not JSON, the 422 JSON of the body helper, the 422 text of guarded blocks, `""` bodies), with
 * hooks for tests (injected failures and drops, latency, counters, a request log and direct
 * access to the state). No route checks authentication, like the real one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../../util/sleep.js';
import type { LoopbackEmulator } from '../kit/emulator.js';
import { FailureQueue } from '../kit/failure-queue.js';
import { MAX_BODY_BYTES, readBody } from '../kit/http-body.js';
import { LoopbackServer } from '../kit/loopback-server.js';
import { ColumnError } from './columns.js';
import { DatabaseError, PythonError, type BillRoute, type ServerCondition } from './request.js';
import { BILL_PREFIX, routeTable } from './routes.js';
import { SmartyardState } from './state.js';
import { StatsRecorder, type SmartyardEmulatorStats, type SmartyardRecordedRequest } from './stats.js';
import {
  BAD_REQUEST,
  INTERNAL_ERROR,
  METHOD_NOT_ALLOWED,
  NOT_FOUND,
  REQUEST_ERROR,
  UNPROCESSABLE,
  redirect,
  type Reply,
} from './views.js';

/** The constant `auth/` hands out (the real one is a fixed string in the source, too). */
export const DEFAULT_TOKEN = 'smartyard-bill-api-static-token';

/**
 * Options of the SmartYard emulator. By default it answers as the working `/bill/api` contract
 * (the one ABillS relies on), with every documented quirk of the published views kept.
 * `head` and `databaseDown` reproduce conditions the notes describe that a client must survive.
 */
export interface SmartyardEmulatorOptions {
  /** What `auth/` answers as `token`. */
  readonly token?: string;
  /** The `types` table (default 1 cam, 2 newcam, 3 lock). */
  readonly types?: ReadonlyMap<number, string>;
  /** Delay before every answer. */
  readonly latencyMs?: number;
  /**
   * The published HEAD (afcc744): `devices_add/` and `doors_add/` answer 422 `Ошибка запроса` to
   * every call (their model constructors need columns the routes do not pass). Default false:
   * the older working contract.
   */
  readonly head?: boolean;
  /**
   * The database is down: `devices_list/` and `types_list/` answer empty lists as if all were
   * well (the published views swallow the error), other routes fail. Default false; also
   * switchable while running (`setDatabaseDown`).
   */
  readonly databaseDown?: boolean;
}

export interface SmartyardFailureRule {
  /** HTTP status to answer with; 0 drops the connection without an answer. */
  readonly status: number;
  /** Only requests to this route (`rights_add`; a trailing slash is ignored). */
  readonly route?: string;
  /** Response body (default a small HTML page). */
  readonly body?: string;
  /**
   * Run the request first, then fail: the change is made but the client sees an error or a
   * dropped connection (a lost answer to a non-idempotent call such as `rights_add/`).
   */
  readonly afterApply?: boolean;
}

export interface SmartyardEmulator extends LoopbackEmulator<SmartyardState, SmartyardEmulatorStats> {
  /** Listens on 127.0.0.1; resolves to the base URL without a path (the client appends `/bill/api/`). */
  start(port?: number): Promise<string>;
  /** The next `n` matching requests fail as described. */
  failNext(n: number, rule: SmartyardFailureRule): void;
  /** Changes the delay before every answer. */
  setLatency(ms: number): void;
  /** Takes the emulated database down (or brings it back): see `databaseDown`. */
  setDatabaseDown(down: boolean): void;
  /** Recent requests, oldest first (bounded). */
  requests(): readonly SmartyardRecordedRequest[];
}

/** Werkzeug's `is_json`: `application/json` or `application/*+json`, parameters ignored. */
function isJson(contentType: string | undefined): boolean {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
}

/** Python truthiness of a parsed JSON value. */
function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

/** Routes whose views read the database but do not check the condition themselves. */
const PLAIN_DB_ROUTES = new Set(['keys_list', 'keys_add', 'keys_del', 'address_devices_list', 'address_devices_update']);

/** The body helper, then the view; exceptions become the guard's 422 text or a 500 page. */
function runRoute(route: BillRoute, text: string, contentType: string | undefined, state: SmartyardState, condition: ServerCondition): Reply {
  let data: unknown;
  if (route.readsBody) {
    if (!isJson(contentType)) return BAD_REQUEST;
    try {
      data = JSON.parse(text);
    } catch {
      return BAD_REQUEST;
    }
    if (!truthy(data)) return UNPROCESSABLE;
  }
  try {
    if (condition.databaseDown && PLAIN_DB_ROUTES.has(route.name)) throw new DatabaseError();
    return route.handle(data, state, condition);
  } catch (e) {
    // Only the exceptions the Python view would raise are swallowed by its guard; anything else
    // is an emulator bug and must not pass for an API answer.
    if (route.guarded && (e instanceof ColumnError || e instanceof PythonError)) return REQUEST_ERROR;
    return INTERNAL_ERROR;
  }
}

/** Creates a SmartYard emulator (not yet listening). */
export function createSmartyardEmulator(opts: SmartyardEmulatorOptions = {}): SmartyardEmulator {
  const state = new SmartyardState(opts.types);
  const routes = routeTable(opts.token ?? DEFAULT_TOKEN);
  const stats = new StatsRecorder();
  const failures = new FailureQueue<SmartyardFailureRule>();
  let latencyMs = opts.latencyMs ?? 0;
  const condition: ServerCondition = { head: opts.head ?? false, databaseDown: opts.databaseDown ?? false };

  function takeFailure(route: string): SmartyardFailureRule | undefined {
    return failures.take((r) => r.route === undefined || r.route.replace(/^\/+|\/+$/g, '') === route);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.received();
    const text = await readBody(req, MAX_BODY_BYTES);
    if (latencyMs > 0) await sleep(latencyMs);
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? '';
    const rec: SmartyardRecordedRequest = {
      httpMethod: method,
      url: `${url.pathname}${url.search}`,
      route: null,
      ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
      ...(req.headers['content-type'] !== undefined ? { contentType: req.headers['content-type'] } : {}),
      ...(text ? { body: logBody(text) } : {}),
      status: 0,
    };
    const send = (reply: Reply, route: string | null = null): void => {
      stats.record({ ...rec, route, status: reply.status });
      res.writeHead(reply.status, {
        'content-type': reply.contentType,
        'content-length': String(Buffer.byteLength(reply.body)),
        ...reply.headers,
      });
      res.end(reply.body);
    };
    if (text === undefined) return send({ status: 413, contentType: 'text/html; charset=utf-8', body: '<h1>Request Entity Too Large</h1>' });

    const rest = url.pathname.startsWith(BILL_PREFIX) ? url.pathname.slice(BILL_PREFIX.length) : undefined;
    const slashed = rest?.endsWith('/') === true;
    const route = rest === undefined ? undefined : routes.get(slashed ? rest.slice(0, -1) : rest);
    if (!route) {
      stats.unknownPath();
      return send(NOT_FOUND);
    }
    const allowed = method === 'POST' || method === 'OPTIONS';
    if (!slashed) {
      // Werkzeug redirects only a method the slashed rule accepts; others find no rule at all.
      if (!allowed) {
        stats.unknownPath();
        return send(NOT_FOUND);
      }
      stats.bump('redirects');
      return send(redirect(`http://${req.headers.host ?? '127.0.0.1'}${url.pathname}/${url.search}`));
    }
    if (!allowed) {
      stats.unknownPath();
      return send({ ...METHOD_NOT_ALLOWED, headers: { allow: 'OPTIONS, POST' } }, route.name);
    }
    if (method === 'OPTIONS') return send({ status: 200, contentType: 'text/html; charset=utf-8', body: '', headers: { allow: 'OPTIONS, POST' } }, route.name);

    stats.reached(route.name, route.write);
    const injected = takeFailure(route.name);
    if (injected?.afterApply) runRoute(route, text, req.headers['content-type'], state, condition);
    if (injected) {
      stats.failedOnPurpose();
      if (injected.status === 0) {
        stats.record({ ...rec, route: route.name, status: 0 });
        req.socket.destroy();
        return;
      }
      return send({ status: injected.status, contentType: 'text/html; charset=utf-8', body: injected.body ?? `<h1>Error ${injected.status}</h1>` }, route.name);
    }
    send(runRoute(route, text, req.headers['content-type'], state, condition), route.name);
  }

  const server = new LoopbackServer('smartyard emulator', handle, (_err, _req, res) => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
    res.end(INTERNAL_ERROR.body);
  });

  return {
    state,
    start: (port = 0) => server.start(port),
    stop: () => server.stop(),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    failNext: (n, rule) => failures.add(n, rule),
    setLatency(ms) {
      latencyMs = ms;
    },
    setDatabaseDown(down) {
      condition.databaseDown = down;
    },
    requests: () => stats.requests(),
  };
}

/** The body for the log: parsed JSON when it is JSON, else the raw text. */
function logBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
