/**
 * Wire client for LBcore SOAP `api3`: manager `Login` → `sessnum` cookie sent on every call,
 * retries, SOAP Faults. Every call goes through the source's limiter (rate + concurrency), logins
 * excepted; waits between retries happen outside it so a backing-off request holds no slot.
 *
 * Failure rules: an auth fault (`error_auth` / "Client not authorized") or HTTP 401/403 triggers
 * exactly one re-login (shared by all calls that saw the same stale session) and one retry.
 * Network errors, 429, 502–504 and 5xx answers that are not SOAP Faults (a proxy's page) are
 * retried up to `maxRetries` times with backoff. A SOAP Fault is the server's considered answer
 * and is not retried: it fails the call as a LanbillingFault carrying the fault's text.
 */
import type PQueue from 'p-queue';
import { SourceReadError } from '../../model/errors.js';
import { HttpClient, type HttpResponse } from '../../util/http.js';
import { sendWithRetries } from '../transport-retry.js';
import type { LanbillingOptions } from './options.js';
import { buildSoapRequest, parseSoapAnswer, type SoapFaultInfo, type XmlArgs, type XmlNode } from './soap.js';

export interface LanbillingClientDeps {
  readonly sourceName: string;
  readonly limiter: PQueue;
  /** Retries after the first attempt for transport trouble; default 3. */
  readonly maxRetries?: number;
}

/** A SOAP Fault answered to an api3 call (not an auth one: those re-login or fail as SOURCE_AUTH). */
export class LanbillingFault extends SourceReadError {
  constructor(
    readonly op: string,
    readonly fault: SoapFaultInfo,
  ) {
    super(`LANBilling ${op} answered a SOAP Fault: ${faultText(fault)}`, { retryable: false, status: 500 });
  }
}

const AUTH_FAULT = /error_auth|not authori[sz]ed|not logged in|session (?:is )?(?:expired|invalid|not found)/i;

export class LanbillingClient {
  private readonly http: HttpClient;
  private session: string | null = null;
  private loginInFlight: Promise<string> | null = null;
  private closed = false;

  constructor(
    private readonly opts: LanbillingOptions,
    private readonly deps: LanbillingClientDeps,
  ) {
    this.http = new HttpClient(opts.origin, { timeoutMs: opts.timeoutMs, connections: Math.max(2, opts.rate.concurrency ?? 8) });
  }

  /**
   * Calls `op` with a session; the `<op>Response` element. A higher `priority` leaves the
   * limiter's queue before the calls already waiting in it (a read's next page, fetched while
   * the current page's entries are read).
   */
  async call(op: string, args: XmlArgs, signal?: AbortSignal, priority = 0): Promise<XmlNode> {
    const body = buildSoapRequest(op, args);
    let reloggedIn = false;
    for (;;) {
      if (this.session === null) await this.login();
      // The session is read when the request leaves the queue, not when it was queued: calls
      // queued behind a re-login then go out with the new session instead of failing.
      let sent = '';
      const headers = (): Record<string, string> => {
        sent = this.session ?? '';
        return { cookie: `sessnum=${sent}` };
      };
      const res = await this.send(op, body, headers, signal, false, priority);
      const answer = parseSoapAnswer(res.body, op);
      const auth = res.status === 401 || res.status === 403 || (answer.kind === 'fault' && AUTH_FAULT.test(faultText(answer.fault)));
      if (auth) {
        if (reloggedIn) {
          throw new SourceReadError(`LANBilling ${op} refused the session even right after a fresh login as '${this.opts.login}'`, {
            retryable: false,
            status: 401,
            fix: `give the manager of sources.${this.deps.sourceName}.login read access to account entries, users and services`,
          });
        }
        reloggedIn = true;
        await this.relogin(sent);
        continue;
      }
      if (answer.kind === 'fault') throw new LanbillingFault(op, answer.fault);
      if (answer.kind === 'response' && res.status === 200) return answer.body;
      throw this.unexpected(op, res, answer.kind === 'unexpected' ? answer.reason : `HTTP ${res.status}`);
    }
  }

  /** Logs in unless a session is open; what `check()` proves first. */
  async ensureSession(): Promise<void> {
    if (this.session === null) await this.login();
  }

  /** Ends the session (`Logout`), best effort: LBcore may cap a manager's open sessions. */
  async logout(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session === null) return;
    try {
      await this.http.request({ method: 'POST', path: this.opts.path, headers: this.headers({ cookie: `sessnum=${session}` }), body: buildSoapRequest('Logout', {}), timeoutMs: 2000 });
    } catch {
      // The session expires on its own; closing must not fail because the server is gone.
    }
  }

  /** Logs out and closes the connection pool; a second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.logout();
    await this.http.close();
  }

  /** Logs in again after `rejected` was refused, unless another call already replaced it. */
  private async relogin(rejected: string): Promise<void> {
    if (this.session !== null && this.session !== rejected) return;
    this.session = null;
    await this.login();
  }

  /** One login at a time: concurrent callers share it. Not tied to any read's abort signal. */
  private login(): Promise<string> {
    this.loginInFlight ??= this.doLogin().finally(() => {
      this.loginInFlight = null;
    });
    return this.loginInFlight;
  }

  private async doLogin(): Promise<string> {
    const body = buildSoapRequest('Login', { login: this.opts.login, pass: this.opts.password });
    const res = await this.send('Login', body, () => ({}), undefined, true);
    const answer = parseSoapAnswer(res.body, 'Login');
    // A Server fault at login is LBcore's own trouble, not a wrong password.
    if (answer.kind === 'fault' && /Server$/.test(answer.fault.faultcode) && !AUTH_FAULT.test(faultText(answer.fault))) {
      throw new LanbillingFault('Login', answer.fault);
    }
    if (answer.kind === 'fault' || res.status === 401 || res.status === 403) {
      const why = answer.kind === 'fault' ? faultText(answer.fault) : `HTTP ${res.status}`;
      throw new SourceReadError(`LANBilling rejected the manager login '${this.opts.login}' (${why}); check sources.${this.deps.sourceName}.login/password`, {
        retryable: false,
        status: 401,
        fix: `set sources.${this.deps.sourceName}.login and password to a LANBilling manager's credentials`,
      });
    }
    if (answer.kind !== 'response' || res.status !== 200) {
      throw this.unexpected('Login', res, answer.kind === 'unexpected' ? answer.reason : `HTTP ${res.status}`);
    }
    const session = sessnumOf(res.headers['set-cookie']);
    if (session === undefined) throw this.unexpected('Login', res, 'no sessnum cookie');
    this.session = session;
    return session;
  }

  /**
   * One request with retries for transport trouble; returns any other answer. API calls wait
   * for a slot, then for a login in progress, and only then read their headers. The login
   * itself bypasses the limiter: it must never wait behind the calls that need it.
   */
  private async send(op: string, body: string, extra: () => Record<string, string>, signal?: AbortSignal, isLogin = false, priority = 0): Promise<HttpResponse> {
    const request = (): Promise<HttpResponse> => this.http.request({ method: 'POST', path: this.opts.path, headers: this.headers(extra()), body });
    const limited = async (): Promise<HttpResponse> => {
      if (this.loginInFlight) await this.loginInFlight;
      return request();
    };
    return sendWithRetries(() => (isLogin ? request() : this.deps.limiter.add(limited, { signal, priority })), {
      maxRetries: this.deps.maxRetries,
      retryBaseMs: this.opts.retryBaseMs,
      signal,
      transient: (res) => transient(res, op),
      what: `LANBilling ${op} at ${this.opts.origin}`,
      fix: `check that LBcore is reachable at sources.${this.deps.sourceName}.url and healthy, then run again`,
    });
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    // LBcore (gSOAP) dispatches on the Body's operation element; SOAP 1.1 still wants the header.
    return { 'content-type': 'text/xml; charset=utf-8', accept: 'text/xml', soapaction: '""', ...extra };
  }

  private unexpected(op: string, res: HttpResponse, what: string): SourceReadError {
    return new SourceReadError(`LANBilling ${op}: unexpected answer (${what}, HTTP ${res.status})`, {
      retryable: false,
      status: res.status,
      fix: `check that sources.${this.deps.sourceName}.url points at LBcore's SOAP port (usually :34012)`,
    });
  }
}

/** Worth another try: transport-level trouble, not the server's considered answer. */
function transient(res: HttpResponse, op: string): boolean {
  if (res.status === 429 || res.status === 502 || res.status === 503 || res.status === 504) return true;
  return res.status >= 500 && parseSoapAnswer(res.body, op).kind !== 'fault';
}

function faultText(f: SoapFaultInfo): string {
  return [f.faultstring, f.detail].filter((t) => t !== '').join(': ') || f.faultcode || '(empty fault)';
}

/** The `sessnum` value among Set-Cookie headers. */
function sessnumOf(header: string | string[] | undefined): string | undefined {
  const cookies = Array.isArray(header) ? header : header === undefined ? [] : [header];
  for (const cookie of cookies) {
    const [pair] = cookie.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (pair && eq > 0 && pair.slice(0, eq).trim() === 'sessnum') {
      const value = pair.slice(eq + 1).trim();
      if (value !== '') return value;
    }
  }
  return undefined;
}
