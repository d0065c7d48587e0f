/**
 * A loopback Smarty Billing API: a real node:http server with the quirks a client must survive
 * (Django's APPEND_SLASH 301, errors as HTTP 200 + JSON, signatures, clamped paging) and hooks
 * for tests (injected failures, counters, request log, direct access to the state).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../../util/sleep.js';
import type { LoopbackEmulator } from '../kit/emulator.js';
import { FailureQueue, retryAfterHeader } from '../kit/failure-queue.js';
import { MAX_BODY_BYTES, readBody } from '../kit/http-body.js';
import { LoopbackServer } from '../kit/loopback-server.js';
import { FormParams, parseIntStrict } from './form.js';
import { expectedSignature } from './signature-check.js';
import { RegistrationCounter, type RegistrationLimit } from './registration-limit.js';
import { GET_METHODS, METHODS, isWriteMethod } from './methods.js';
import type { MethodOptions } from './method-options.js';
import { SmartyState, type SmartyTariff } from './state.js';
import type { SmartyDeviceType } from './device-state.js';
import { StatsRecorder, type SmartyEmulatorStats, type SmartyRecordedRequest } from './stats.js';
import { fail, type ApiAnswer } from './views.js';

const BASE_PATH = '/billing/api/';

/**
 * Options of the Smarty emulator. By default it answers at the strictest reading of the docs;
 * each switch marked "lenient" restores a behaviour a real server may well have but the docs do
 * not promise, so a test can run billsync in a "lenient world" too (`lenient: true` turns them
 * all on). Switches for quirks the docs leave open say which reading their default takes.
 */
export interface SmartyEmulatorOptions {
  /** Operator id the emulator accepts (default 1); any other client_id → error -3. */
  readonly clientId?: number;
  /** Billing API key signatures are checked against (default `secretkey`). */
  readonly apiKey?: string;
  /** Tariff plans that exist (default: 1 Basic, 2 HD, 3 Kids). */
  readonly tariffs?: readonly SmartyTariff[];
  /** Device types (`system_name`s) devices can be bound with (default: device-state.ts). */
  readonly deviceTypes?: readonly SmartyDeviceType[];
  /** Delay before every answer. */
  readonly latencyMs?: number;
  /** Default of every lenient switch below (default false: strict). */
  readonly lenient?: boolean;
  /**
   * Lenient: customer/info answers `id` and `ext_id`, customer/list items `ext_id`. The docs list
   * neither (list items do have `id`), so by default a client must key customers by the id it
   * stored, or look them up by ext_id (a documented lookup key) — never read ext_id back.
   */
  readonly customerIds?: boolean;
  /** Lenient: customer/info and list items answer names, comment and phones (undocumented). */
  readonly customerProfile?: boolean;
  /**
   * account/modify resets omitted flags to the modify defaults the docs list (default true, the
   * pessimistic reading the notes warn of; `lenient` turns it off: omitted flags are kept).
   */
  readonly resetOmittedFlags?: boolean;
  /** Answer repeated tariff assign/remove with errors 4/3 like an external-API plugin (default false). */
  readonly strictTariffs?: boolean;
  /**
   * customer/create answers error 2 ("registration limit from this IP exceeded") once `max`
   * customers were created from the client's IP within `windowMs`. The docs name the error, not
   * the numbers, so there is none by default.
   */
  readonly registrationLimit?: RegistrationLimit;
  /** Clock for the registration window (default Date.now). */
  readonly now?: () => number;
}

export interface FailureRule {
  /** HTTP status to answer with; 200 answers API error -1, 0 drops the connection. */
  readonly status: number;
  /** Retry-After header value, in seconds. */
  readonly retryAfter?: number;
  /** Only requests whose method path (`customer/`) or URL path (`/billing/api/customer/`) starts so. */
  readonly pathPrefix?: string;
}

export interface SmartyEmulator extends LoopbackEmulator<SmartyState, SmartyEmulatorStats> {
  /** Listens on 127.0.0.1; resolves to the base URL including `/billing/api`. */
  start(port?: number): Promise<string>;
  /** The next `n` matching requests fail as described instead of reaching the API. */
  failNext(n: number, rule: FailureRule): void;
  /** Recent requests, oldest first (bounded). */
  requests(): readonly SmartyRecordedRequest[];
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
function clientIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** Creates a Smarty Billing API emulator (not yet listening). */
export function createSmartyEmulator(opts: SmartyEmulatorOptions = {}): SmartyEmulator {
  const clientId = opts.clientId ?? 1;
  const apiKey = opts.apiKey ?? 'secretkey';
  const lenient = opts.lenient ?? false;
  const methodOptions: MethodOptions = {
    strictTariffs: opts.strictTariffs ?? false,
    resetOmittedFlags: opts.resetOmittedFlags ?? !lenient,
    customerViews: { ids: opts.customerIds ?? lenient, profile: opts.customerProfile ?? lenient },
  };
  const state = new SmartyState(opts.tariffs, opts.deviceTypes);
  const stats = new StatsRecorder();
  const failures = new FailureQueue<FailureRule>();
  const registrations = new RegistrationCounter(opts.registrationLimit, opts.now ?? Date.now);

  function takeFailure(method: string, urlPath: string): FailureRule | undefined {
    return failures.take((r) => r.pathPrefix === undefined || method.startsWith(r.pathPrefix) || urlPath.startsWith(r.pathPrefix));
  }

  /** Checks client_id and signature, then runs the method. */
  function answer(method: string, params: FormParams, ip: string): ApiAnswer {
    const cid = parseIntStrict(params.get('client_id'));
    if (cid === undefined || cid !== clientId) return fail(-3, 'Client ID not found');
    const expected = expectedSignature(params.pairs(), apiKey);
    if (params.get('signature') !== expected) return fail(-2, 'Invalid signature');
    if (method !== 'customer/create') return METHODS.get(method)!(params, state, methodOptions);
    if (registrations.exceeded(ip)) return fail(2, 'Registration limit from this IP exceeded');
    const created = METHODS.get(method)!(params, state, methodOptions);
    if (created.error === 0) registrations.record(ip);
    return created;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.received();
    const body = await readBody(req, MAX_BODY_BYTES);
    if (opts.latencyMs) await sleep(opts.latencyMs);
    const url = new URL(req.url ?? '/', 'http://emulator');
    const rec = { httpMethod: req.method ?? '', url: `${url.pathname}${url.search}` };
    const send = (status: number, text: string, headers: Record<string, string>, extra: Partial<SmartyRecordedRequest> = {}): void => {
      stats.record({ ...rec, method: null, params: {}, ...extra, status });
      res.writeHead(status, headers).end(text);
    };
    if (body === undefined) return send(413, 'Request body too large', { 'content-type': 'text/plain' });
    if (!url.pathname.startsWith(BASE_PATH)) {
      stats.unknownPath();
      return send(404, '<h1>Not Found</h1>', { 'content-type': 'text/html' });
    }
    if (!url.pathname.endsWith('/')) {
      // Django APPEND_SLASH: the client is redirected and, following it, loses a POST body.
      stats.bump('redirects');
      return send(301, '', { location: `${url.pathname}/${url.search}` });
    }
    const method = url.pathname.slice(BASE_PATH.length, -1);
    if (!METHODS.has(method)) {
      stats.unknownPath();
      return send(404, '<h1>Not Found</h1>', { 'content-type': 'text/html' });
    }
    stats.reached(method, isWriteMethod(method));
    const injected = takeFailure(method, url.pathname);
    if (injected) {
      stats.failedOnPurpose();
      if (injected.status === 0) {
        stats.record({ ...rec, method, params: {}, status: 0 });
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = { 'content-type': 'text/html', ...retryAfterHeader(injected) };
      if (injected.status === 200) {
        const a = fail(-1, 'Unknown error');
        return send(200, JSON.stringify(a), { ...headers, 'content-type': 'application/json' }, { method, error: -1 });
      }
      return send(injected.status, `<h1>Error ${injected.status}</h1>`, headers, { method });
    }
    let params: FormParams;
    if (req.method === 'POST') {
      // Like Django's request.POST: only a form-encoded body is parsed.
      const type = req.headers['content-type'] ?? '';
      params = type.startsWith('application/x-www-form-urlencoded') ? FormParams.parse(body) : FormParams.parse('');
    } else if (req.method === 'GET' && GET_METHODS.has(method)) {
      params = FormParams.parse(url.search);
    } else {
      return send(405, '', { allow: 'POST' }, { method });
    }
    const a = answer(method, params, clientIp(req));
    send(200, JSON.stringify(a), { 'content-type': 'application/json' }, { method, params: params.toRecord(), error: a.error });
  }

  const server = new LoopbackServer('smarty emulator', handle, (_err, _req, res) => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/html' });
    res.end('<h1>Server Error (500)</h1>');
  });

  return {
    state,
    start: async (port = 0) => `${await server.start(port)}/billing/api`,
    stop: () => server.stop(),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    failNext: (n, rule) => failures.add(n, rule),
    requests: () => stats.requests(),
  };
}
