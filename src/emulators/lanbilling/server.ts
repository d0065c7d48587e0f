/**
 * A loopback LANBilling LBcore SOAP (`api3`) server for tests, demos and users' CI: manager
 * `Login` → `sessnum` cookie, the read operations a sync needs (`getVgroups`, `getVgroup`, `Count`,
 * `getAccount`, `getUsboxServices`, `getCatalogs`, `getCatalogServices`, `getAgents`),
 * `Logout`, SOAP Faults for errors and for a missing or expired session, request stats, fault
 * injection and session expiry on demand. Every POST path is the endpoint, as on LBcore's port.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../../util/sleep.js';
import type { LoopbackEmulator } from '../kit/emulator.js';
import { FailureQueue, retryAfterHeader } from '../kit/failure-queue.js';
import { readBody } from '../kit/http-body.js';
import { LoopbackServer } from '../kit/loopback-server.js';
import { RequestStats } from '../kit/request-stats.js';
import { faultMatches, type FaultSpec } from './faults.js';
import { generateLanbillingData, type GenerateOptions } from './generate.js';
import type { LbData } from './model.js';
import { runOperation, type OperationContext, type OperationReply } from './operations.js';
import { SessionStore, sessnumFrom } from './sessions.js';
import { noMethodFault, parseSoapRequest, renderSoapFault, renderSoapResponse, type SoapRequest, type XmlObject } from './soap.js';
import { LanbillingState } from './state.js';

export interface LanbillingEmulatorOptions {
  /** Manager credentials `Login` accepts. */
  readonly login?: string;
  readonly password?: string;
  /** Session lifetime; default one hour (the real one is undocumented). */
  readonly sessionTtlMs?: number;
  /** Delay before every answer, to make concurrency visible. */
  readonly latencyMs?: number;
  /** Data to serve; default `generateLanbillingData(vgroups, seed, generate)`. */
  readonly data?: LbData;
  /** Vgroups to generate when `data` is absent; default 100. */
  readonly vgroups?: number;
  readonly seed?: number;
  readonly generate?: GenerateOptions;
  /**
   * A server that ignores `flt.archive` in `getVgroups` and `Count` (its semantics per method are
   * undocumented): archived entries come back despite `archive` 0. Default false (honoured).
   */
  readonly ignoresArchiveFilter?: boolean;
  /** `Count` counts archived entries although the list hides them (Count's filter is inferred). Default false. */
  readonly countIncludesArchived?: boolean;
  /** The server ignores `ord[]` and pages by login instead of vgid. Default false. */
  readonly ignoresOrder?: boolean;
  /** Whether usbox services carry their catalog `uuid`; default true. */
  readonly uuidInServices?: boolean;
  /** Whether `Count` answers; default true (false: a Client fault, as a build without it might). */
  readonly count?: boolean;
}

export interface LanbillingEmulatorStats {
  readonly total: number;
  /** Requests per api3 operation (`Login`, `getVgroups`, …); unparsable ones under `(invalid)`. */
  readonly byOperation: Readonly<Record<string, number>>;
  /** Requests answered by a `failNext` rule. */
  readonly injected: number;
  /** Most requests handled at the same time since the last reset. */
  readonly peakInFlight: number;
  /** Sessions open now (a client that logs out at the end leaves none). */
  readonly openSessions: number;
}

export interface LanbillingEmulator extends LoopbackEmulator<LanbillingState, LanbillingEmulatorStats> {
  /** Listens on 127.0.0.1 and returns the SOAP endpoint URL. */
  start(port?: number): Promise<string>;
  /** The next `n` requests matching `spec.pathPrefix` (URL path or operation) answer `spec.status`. */
  failNext(n: number, spec: FaultSpec): void;
  clearFaults(): void;
  /** Ends every session: the next call answers the `Client not authorized` fault. */
  expireSessions(): void;
  /**
   * The next `n` non-empty list answers of `spec.op` (default `getVgroups`) lose one entry (the
   * last, or the first): a page that comes back short once, as under a glitch or a concurrent
   * change, to exercise a reader's re-read.
   */
  shortenNext(n: number, spec?: ShortenSpec): void;
}

export interface ShortenSpec {
  /** Operation whose answers are shortened; default `getVgroups`. */
  readonly op?: string;
  /** Which entry goes missing; default 'last'. */
  readonly drop?: 'first' | 'last';
  /** Only answers to requests with this `flt.archive`; default any. */
  readonly archive?: 0 | 1;
}

export const DEFAULT_LOGIN = 'billsync';
export const DEFAULT_PASSWORD = 'billsync';

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const fault = (code: 'Client' | 'Server', string: string, detail: string): Answer => ({
  status: 500,
  body: renderSoapFault(code, string, detail),
});

export function createLanbillingEmulator(opts: LanbillingEmulatorOptions = {}): LanbillingEmulator {
  const login = opts.login ?? DEFAULT_LOGIN;
  const password = opts.password ?? DEFAULT_PASSWORD;
  const seed = opts.seed ?? 1;
  const data = opts.data ?? generateLanbillingData(opts.vgroups ?? 100, seed, opts.generate);
  const state = new LanbillingState(data, { seed });
  const sessions = new SessionStore(opts.sessionTtlMs ?? 3_600_000);
  const faults = new FailureQueue<FaultSpec>();
  const shortens = new FailureQueue<ShortenSpec>();
  const ctx: OperationContext = {
    state,
    ignoresArchiveFilter: opts.ignoresArchiveFilter ?? false,
    countIncludesArchived: opts.countIncludesArchived ?? false,
    ignoresOrder: opts.ignoresOrder ?? false,
    uuidInServices: opts.uuidInServices ?? true,
    count: opts.count ?? true,
  };
  const stats = new RequestStats();

  const answer = async (req: IncomingMessage): Promise<Answer> => {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    const parsed = req.method === 'POST' ? parseSoapRequest(raw) : 'only POST carries SOAP requests';
    const op = typeof parsed === 'string' ? undefined : parsed.op;
    stats.received();
    stats.reached(op ?? '(invalid)');
    if (opts.latencyMs) await sleep(opts.latencyMs);

    const injectedFault = faults.take((spec) => faultMatches(spec, path, op));
    if (injectedFault) {
      stats.failedOnPurpose();
      if (injectedFault.delayMs) await sleep(injectedFault.delayMs);
      const headers = retryAfterHeader(injectedFault);
      // gSOAP answers its own errors with a Fault; anything else looks like a proxy's page.
      if (injectedFault.status === 500) return { ...fault('Server', 'error_internal', 'injected fault 500'), headers };
      return { status: injectedFault.status, body: `injected fault ${injectedFault.status}`, headers: { 'content-type': 'text/plain', ...headers } };
    }
    if (typeof parsed === 'string') return fault('Client', 'error_request', parsed);
    const cookie = sessnumFrom(req.headers.cookie);
    if (parsed.op === 'Login') {
      if (parsed.args.login !== login || parsed.args.pass !== password) {
        return fault('Client', 'error_auth', 'Incorrect login or password');
      }
      const id = sessions.issue();
      const body = renderSoapResponse('Login', { ret: { manager: { personid: 1, login, fio: 'Billsync Manager', descr: '' } } });
      return { status: 200, body, headers: { 'set-cookie': `sessnum=${id}; path=/` } };
    }
    if (!sessions.valid(cookie)) return fault('Client', 'error_auth', 'Client not authorized');
    if (parsed.op === 'Logout') {
      sessions.end(cookie);
      return { status: 200, body: renderSoapResponse('Logout', { ret: 1 }) };
    }
    const reply: OperationReply | undefined = runOperation(parsed.op, parsed.args, ctx);
    if (!reply) return fault('Client', 'error_method', noMethodFault(`ns1:${parsed.op}`));
    if ('fault' in reply) return fault(reply.fault.code, reply.fault.string, reply.fault.detail);
    return { status: 200, body: renderSoapResponse(parsed.op, shortened(parsed, reply.payload, shortens)) };
  };

  const server = new LoopbackServer(
    'lanbilling emulator',
    async (req, res) => send(res, await answer(req)),
    (err, _req, res) => send(res, fault('Server', 'error_internal', `emulator bug: ${String(err)}`)),
  );

  return {
    state,
    start: (port = 0) => server.start(port),
    stop: () => server.stop(),
    stats() {
      const c = stats.counts();
      return { total: c.total, byOperation: c.byKey, injected: c.injected, peakInFlight: server.peakInFlight, openSessions: sessions.open };
    },
    resetStats() {
      stats.reset();
      server.resetPeak();
    },
    failNext: (n, spec) => faults.add(n, spec),
    clearFaults: () => {
      faults.clear();
      shortens.clear();
    },
    shortenNext: (n, spec = {}) => shortens.add(n, spec),
    expireSessions: () => sessions.expireAll(),
  };
}

/** The payload minus one `ret` entry when a `shortenNext` rule applies to this answer. */
function shortened(req: SoapRequest, payload: XmlObject, rules: FailureQueue<ShortenSpec>): XmlObject {
  const ret = payload.ret;
  if (!Array.isArray(ret) || ret.length === 0) return payload;
  const flt = req.args.flt;
  const archive = typeof flt === 'object' && flt !== null ? (flt as Record<string, unknown>).archive : undefined;
  const rule = rules.take((r) => (r.op ?? 'getVgroups') === req.op && (r.archive === undefined || String(r.archive) === archive));
  if (!rule) return payload;
  return { ...payload, ret: rule.drop === 'first' ? ret.slice(1) : ret.slice(0, -1) };
}

function send(res: ServerResponse, a: Answer): void {
  if (res.headersSent) return;
  res.writeHead(a.status, { 'content-type': 'text/xml; charset=utf-8', ...a.headers });
  res.end(a.body);
}
