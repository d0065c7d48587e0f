/**
 * A loopback UserSide ERP `api.php` server for tests, demos and users' CI: API key check,
 * `cat` + `action` (or old `subcat`, or `request` for cat=module) dispatch, GET or POST
 * (form body), the customer, state and tariff reads a sync needs, in whichever JSON shape the
 * `quirks` ask for; request stats, fault injection and latency on demand.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../../util/sleep.js';
import type { LoopbackEmulator } from '../kit/emulator.js';
import { FailureQueue, retryAfterHeader } from '../kit/failure-queue.js';
import { readBody } from '../kit/http-body.js';
import { LoopbackServer } from '../kit/loopback-server.js';
import { RequestStats } from '../kit/request-stats.js';
import { faultMatches, type FaultSpec } from './faults.js';
import { generateUsersideData, type GenerateOptions } from './generate.js';
import type { UsData } from './model.js';
import { DEFAULT_QUIRKS, errorBody, type Quirks } from './render.js';
import { route, type InstallFeatures, type Reply } from './routes.js';
import { UsersideState } from './state.js';

export const API_PATH = '/api.php';
export const DEFAULT_API_KEY = 'billsync-userside-key';

/** What a test can switch while the server runs. */
export interface UsersideInstall {
  readonly quirks?: Partial<Quirks>;
  /** Whether `module/get_user_list` exists; default true (older installs lack it). */
  readonly bulkList?: boolean;
  /** Whether `get_data` takes a comma list of ids; default true. */
  readonly multiGet?: boolean;
  /** Whether `cat=tariff` exists (3.12.2+); default true. */
  readonly tariffCategory?: boolean;
  /**
   * Whether `get_user_list` refuses a call without `billing_id`; default false. The PHP wrapper
   * treats it as required, but the installs the other clients talk to answer without it, so the
   * default keeps the list open and this switch is the strict reading.
   */
  readonly userListNeedsBillingId?: boolean;
}

export interface UsersideEmulatorOptions extends UsersideInstall {
  /** The API key (`key=`) the install accepts. */
  readonly apiKey?: string;
  /** Delay before every answer, to make concurrency visible. */
  readonly latencyMs?: number;
  /** Data to serve; default `generateUsersideData(customers, seed, generate)`. */
  readonly data?: UsData;
  /** Customers to generate when `data` is absent; default 100. */
  readonly customers?: number;
  readonly seed?: number;
  readonly generate?: GenerateOptions;
  /** Told about every request (its `cat/action` and parameters, the key left out). */
  readonly onRequest?: (request: string, params: Readonly<Record<string, string>>) => void;
}

export interface UsersideEmulatorStats {
  readonly total: number;
  /** Requests per `cat/action`, e.g. `customer/get_data`; without cat or action under `(invalid)`. */
  readonly byRequest: Readonly<Record<string, number>>;
  /** Requests refused for a missing or wrong key. */
  readonly rejectedKeys: number;
  /** Requests answered by a `failNext` rule. */
  readonly injected: number;
  /** Most requests handled at the same time since the last reset. */
  readonly peakInFlight: number;
}

export interface UsersideEmulator extends LoopbackEmulator<UsersideState, UsersideEmulatorStats> {
  /** Listens on 127.0.0.1 and returns the api.php URL. */
  start(port?: number): Promise<string>;
  /** Changes quirks or features from the next request on. */
  configure(install: UsersideInstall): void;
  /** The next `n` requests matching `spec.request` answer `spec.status`. */
  failNext(n: number, spec: FaultSpec): void;
  clearFaults(): void;
  /** Sets the delay before every answer. */
  setLatency(ms: number): void;
}

export function createUsersideEmulator(opts: UsersideEmulatorOptions = {}): UsersideEmulator {
  const apiKey = opts.apiKey ?? DEFAULT_API_KEY;
  const seed = opts.seed ?? 1;
  const state = new UsersideState(opts.data ?? generateUsersideData(opts.customers ?? 100, seed, opts.generate), { seed });
  let quirks: Quirks = { ...DEFAULT_QUIRKS, ...opts.quirks };
  let features: InstallFeatures = {
    bulkList: opts.bulkList ?? true,
    multiGet: opts.multiGet ?? true,
    tariffCategory: opts.tariffCategory ?? true,
    userListNeedsBillingId: opts.userListNeedsBillingId ?? false,
  };
  let latencyMs = opts.latencyMs ?? 0;
  const faults = new FailureQueue<FaultSpec>();
  const stats = new RequestStats<never, 'rejectedKeys'>(['rejectedKeys']);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const params = new URLSearchParams(url.search);
    const body = await readBody(req);
    if (req.method === 'POST' && body !== '') for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
    const cat = params.get('cat') ?? '';
    const action = params.get('action') ?? params.get('subcat') ?? params.get('request') ?? '';
    const request = cat && action ? `${cat}/${action}` : '(invalid)';
    stats.received();
    stats.reached(request);
    if (latencyMs > 0) await sleep(latencyMs);
    if (url.pathname !== API_PATH) return sendRaw(res, 404, 'text/html', '<html><body><h1>404 Not Found</h1></body></html>');

    const fault = faults.take((spec) => faultMatches(spec, request));
    if (fault) {
      stats.failedOnPurpose();
      if (fault.delayMs) await sleep(fault.delayMs);
      const headers = retryAfterHeader(fault);
      if (fault.body !== undefined) return sendRaw(res, fault.status, 'text/html; charset=utf-8', fault.body, headers);
      return send(res, { status: fault.status, body: errorBody(quirks, fault.errorText ?? `injected fault ${fault.status}`) }, headers);
    }
    // UserSide's answer to a bad key is undocumented; a 403 with an ERROR envelope follows the
    // notes' rule that errors come with a non-200 status.
    if (params.get('key') !== apiKey) {
      stats.bump('rejectedKeys');
      return send(res, { status: 403, body: errorBody(quirks, 'Access denied: wrong or missing API key') });
    }
    if (opts.onRequest) {
      const shown = Object.fromEntries([...params].filter(([k]) => k !== 'key'));
      opts.onRequest(request, shown);
    }
    const reply = route(cat, action, { state, render: { quirks, houses: state.houses }, features, params });
    if (!reply) {
      const what = cat === 'module' ? 'request' : 'action';
      return send(res, { status: 400, body: errorBody(quirks, `Unknown ${what}: ${action || '(none)'}`) });
    }
    await send(res, reply);
  };

  const server = new LoopbackServer('userside emulator', handle, (err, _req, res) =>
    send(res, { status: 500, body: errorBody(quirks, `emulator bug: ${String(err)}`) }),
  );

  return {
    state,
    start: async (port = 0) => `${await server.start(port)}${API_PATH}`,
    stop: () => server.stop(),
    stats() {
      const c = stats.counts();
      return { total: c.total, byRequest: c.byKey, rejectedKeys: c.extra.rejectedKeys, injected: c.injected, peakInFlight: server.peakInFlight };
    },
    resetStats() {
      stats.reset();
      server.resetPeak();
    },
    configure(install) {
      if (install.quirks) quirks = { ...quirks, ...install.quirks };
      features = {
        bulkList: install.bulkList ?? features.bulkList,
        multiGet: install.multiGet ?? features.multiGet,
        tariffCategory: install.tariffCategory ?? features.tariffCategory,
        userListNeedsBillingId: install.userListNeedsBillingId ?? features.userListNeedsBillingId,
      };
    },
    failNext: (n, spec) => faults.add(n, spec),
    clearFaults: () => faults.clear(),
    setLatency(ms) {
      latencyMs = ms;
    },
  };
}

async function send(res: ServerResponse, reply: Reply, headers: Record<string, string> = {}): Promise<void> {
  if (res.headersSent) return;
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  if ('body' in reply) {
    res.end(JSON.stringify(reply.body));
    return;
  }
  for (const chunk of reply.chunks()) {
    // Respect backpressure: a 100k-customer list is tens of megabytes.
    if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
    if (res.destroyed) return;
  }
  res.end();
}

function sendRaw(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(body);
}
