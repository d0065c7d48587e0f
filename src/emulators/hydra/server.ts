/**
 * A loopback Hydra "Hoper" REST v2 server for tests, demos and users' CI: login with operator
 * credentials, token auth on every other route, Oracle-style JSON in singular/plural envelopes,
 * page/per_page paging, request stats, fault injection and token expiry on demand.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../../util/sleep.js';
import type { LoopbackEmulator } from '../kit/emulator.js';
import { FailureQueue, retryAfterHeader } from '../kit/failure-queue.js';
import { readBody } from '../kit/http-body.js';
import { LoopbackServer } from '../kit/loopback-server.js';
import { RequestStats } from '../kit/request-stats.js';
import { TokenStore, tokenFromHeader } from './auth.js';
import { faultMatches, type FaultSpec } from './faults.js';
import { generateHydraData, type GenerateOptions } from './generate.js';
import type { HydraData } from './model.js';
import { errorBody, matchRoute, type Reply } from './routes.js';
import type { Json } from './render.js';
import { HydraState } from './state.js';

export const BASE_PATH = '/rest/v2';

export interface HydraEmulatorOptions {
  readonly login?: string;
  readonly password?: string;
  /** Session token lifetime; default one hour (real lifetime is undocumented). */
  readonly tokenTtlMs?: number;
  /** Delay before every answer, to make concurrency visible. */
  readonly latencyMs?: number;
  /** Server-side cap on `per_page`; default 1000. */
  readonly maxPerPage?: number;
  /** Data to serve; default `generateHydraData(customers, seed, generate)`. */
  readonly data?: HydraData;
  /** Customers to generate when `data` is absent; default 100. */
  readonly customers?: number;
  readonly seed?: number;
  readonly generate?: GenerateOptions;
  /**
   * Whether `GET /subjects/customers` (the paged customer list) exists; default true. No vendor
   * client confirms that route (shared/api/hydra.md §1), so `false` is the strict world: it
   * answers Rails' 404 for an unknown route, as a Hoper without it would. The default keeps it
   * because the demo, the pairs and most tests page through it; the strict world is one switch
   * away and the Hydra tests run both.
   */
  readonly customerList?: boolean;
}

export interface HydraEmulatorStats {
  readonly total: number;
  /** Counts by `METHOD /path-template` relative to `/rest/v2`, e.g. `GET /subjects/customers/:id`. */
  readonly byRoute: Readonly<Record<string, number>>;
  /** Most requests handled at the same time since the last reset (checks client concurrency). */
  readonly peakInFlight: number;
}

export interface HydraEmulator extends LoopbackEmulator<HydraState, HydraEmulatorStats> {
  /** Listens on 127.0.0.1 and returns the base URL including `/rest/v2`. */
  start(port?: number): Promise<string>;
  /** The next `n` requests matching `spec.pathPrefix` answer `spec.status`. */
  failNext(n: number, spec: FaultSpec): void;
  /** Drops injected faults not yet consumed. */
  clearFaults(): void;
  /** Ends every session: the next authenticated call answers 401. */
  expireTokens(): void;
  /** Switches the paged customer list on or off from the next request (see `customerList`). */
  setCustomerList(exists: boolean): void;
}

/** The INFERRED list route `customerList: false` takes away. */
const LIST_TEMPLATE = 'GET /subjects/customers';

export const DEFAULT_LOGIN = 'billsync';
export const DEFAULT_PASSWORD = 'billsync';

export function createHydraEmulator(opts: HydraEmulatorOptions = {}): HydraEmulator {
  const login = opts.login ?? DEFAULT_LOGIN;
  const password = opts.password ?? DEFAULT_PASSWORD;
  const maxPerPage = opts.maxPerPage ?? 1000;
  const seed = opts.seed ?? 1;
  const data = opts.data ?? generateHydraData(opts.customers ?? 100, seed, opts.generate);
  const state = new HydraState(data, { seed, ...opts.generate });
  const tokens = new TokenStore(opts.tokenTtlMs ?? 3_600_000);
  const faults = new FailureQueue<FaultSpec>();
  const stats = new RequestStats();
  let customerList = opts.customerList ?? true;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    const base = `http://${req.headers.host ?? '127.0.0.1'}${BASE_PATH}`;
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
    const relative = path.startsWith(`${BASE_PATH}/`) ? path.slice(BASE_PATH.length) : undefined;
    const isLogin = method === 'POST' && relative === '/login';
    const found = relative === undefined || isLogin ? undefined : matchRoute(method, relative);
    const matched = found && (customerList || found.route.template !== LIST_TEMPLATE) ? found : undefined;
    stats.received();
    stats.reached(isLogin ? 'POST /login' : matched ? matched.route.template : `${method} (unmatched)`);
    if (opts.latencyMs) await sleep(opts.latencyMs);

    const fault = faults.take((spec) => faultMatches(spec, path, BASE_PATH));
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      return send(res, { status: fault.status, body: errorBody(`injected fault ${fault.status}`) }, retryAfterHeader(fault));
    }
    if (isLogin) return send(res, loginReply(body, login, password, tokens, base));
    if (!matched) return send(res, { status: 404, body: errorBody(`No route matches [${method}] "${url.pathname}"`) });
    if (!tokens.valid(tokenFromHeader(req.headers.authorization))) {
      return send(res, { status: 401, body: errorBody('Unauthorized: missing, unknown or expired token') });
    }
    send(res, matched.route.handle({ state, base, query: url.searchParams, params: matched.params, maxPerPage }));
  };

  const server = new LoopbackServer('hydra emulator', handle, (err, _req, res) => {
    send(res, { status: 500, body: errorBody(`emulator bug: ${String(err)}`) });
  });

  return {
    state,
    start: async (port = 0) => `${await server.start(port)}${BASE_PATH}`,
    stop: () => server.stop(),
    stats() {
      const c = stats.counts();
      return { total: c.total, byRoute: c.byKey, peakInFlight: server.peakInFlight };
    },
    resetStats() {
      stats.reset();
      server.resetPeak();
    },
    failNext: (n, spec) => faults.add(n, spec),
    clearFaults: () => faults.clear(),
    expireTokens: () => tokens.expireAll(),
    setCustomerList(exists) {
      customerList = exists;
    },
  };
}

function loginReply(raw: string, login: string, password: string, tokens: TokenStore, base: string): Reply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { status: 400, body: errorBody('Body must be JSON: {"session":{"login":…,"password":…}}') };
  }
  const session = typeof parsed === 'object' && parsed !== null ? (parsed as { session?: unknown }).session : undefined;
  const creds = typeof session === 'object' && session !== null ? (session as { login?: unknown; password?: unknown }) : undefined;
  if (!creds) return { status: 400, body: errorBody('session is required') };
  if (creds.login !== login || creds.password !== password) {
    return { status: 401, body: errorBody('Invalid login or password') };
  }
  return { status: 200, body: { session: { token: tokens.issue() }, navigation: { self: `${base}/login` } } };
}

function send(res: ServerResponse, reply: Reply, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const body = JSON.stringify(reply.body satisfies Json);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}
