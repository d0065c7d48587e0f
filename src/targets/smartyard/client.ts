/**
 * SmartYard `/bill/api/` wire client: JSON POSTs to `<url>/bill/api/<route>/`, answers checked
 * against what the route must return, and failures classified into retryable / not retryable
 * TargetRequestErrors. It knows nothing about entities.
 */
import { TargetRequestError } from '../../model/errors.js';
import { HttpClient, HttpNetworkError, retryAfterMs, type HttpResponse } from '../../util/http.js';
import type { Logger } from '../../util/logger.js';
import type PQueue from 'p-queue';

export interface SmartyardClientOptions {
  /** Server base URL without `/bill/api`, e.g. `http://10.0.0.5:5000`. */
  readonly url: string;
  /** Target name in sync.yaml, so errors can name the config path to fix. */
  readonly targetName: string;
  /** Sent as `Authorization: Bearer` when set. */
  readonly token?: string;
  readonly timeoutMs?: number;
  readonly logger?: Logger;
  /**
   * Holds every HTTP request to the target's rate: most ops make two (a `rights_list/` before
   * each `rights_add/`, a `doors_list/` after each `doors_add/`), so the per-op apply queue alone
   * would let twice the configured requests per second through.
   */
  readonly limiter?: PQueue;
}

/** A JSON object answer. */
export type SmartyardAnswer = Readonly<Record<string, unknown>>;

/**
 * A 4xx answer about the request itself (422 `Ошибка запроса`, 400, 404). Not retryable; the
 * route and the server's own text are in the message.
 */
export class SmartyardApiError extends TargetRequestError {
  readonly route: string;
  readonly apiMessage: string;

  constructor(route: string, status: number, apiMessage: string, hint = '') {
    super(`smartyard ${route}: HTTP ${status}: ${apiMessage || '(no message)'}${hint}`, { retryable: false, status });
    this.name = 'SmartyardApiError';
    this.route = route;
    this.apiMessage = apiMessage;
  }
}

/**
 * The text of an error answer: the server's plain text (`Ошибка запроса`), the `message` or
 * `error` of its JSON error objects, else the page's text shortened.
 */
export function errorText(raw: string): string {
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      for (const k of ['message', 'error'] as const) if (typeof o[k] === 'string' && o[k] !== '') return o[k] as string;
    }
    if (typeof v === 'string') return v;
  } catch {
    // Plain text or an HTML page (Flask's default error pages).
  }
  return raw
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** Why a 422 may come, so the operator knows where to look. */
const HINT_422 =
  ' (the server failed the request: a field it requires is missing or invalid, a domophoneid/monitorid is already taken, or its models do not match its routes — see the server log)';

export class SmartyardClient {
  private readonly http: HttpClient;
  private readonly prefix: string;
  private readonly opts: SmartyardClientOptions;

  constructor(opts: SmartyardClientOptions) {
    const url = new URL(opts.url);
    this.opts = opts;
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.http = new HttpClient(url.origin, opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {});
  }

  /** Calls a route that must answer a JSON object (`devices_list`, `devices_add`, `rights_list`…). */
  async json(route: string, body?: unknown): Promise<SmartyardAnswer> {
    const res = await this.call(route, body);
    let v: unknown;
    try {
      v = JSON.parse(res.body);
    } catch {
      v = undefined;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new TargetRequestError(
        `smartyard ${route}/: expected a JSON object, got ${describeBody(res.body)}; check that targets.${this.opts.targetName}.url is the SmartYard app (its /bill/api/ routes)`,
        { retryable: false, status: res.status },
      );
    }
    return v as SmartyardAnswer;
  }

  /**
   * Calls an "output empty" route (`*_mod`, `*_del`, `doors_add`, `rights_add`, `rights_del`),
   * which answers 200 with an empty body. A JSON answer is accepted too (a newer server may say
   * more); any other text is not what the route returns and fails the call.
   */
  async empty(route: string, body: unknown): Promise<void> {
    const res = await this.call(route, body);
    const text = res.body.trim();
    if (text === '' || text === '""') return;
    try {
      JSON.parse(text);
      return;
    } catch {
      throw new TargetRequestError(
        `smartyard ${route}/: expected an empty answer, got ${describeBody(res.body)}; check targets.${this.opts.targetName}.url`,
        { retryable: false, status: res.status },
      );
    }
  }

  /** One POST; resolves to a 200 answer, else throws the classified error. */
  private async call(route: string, body: unknown): Promise<HttpResponse> {
    // Always the trailing slash: without it Flask answers 308.
    let path = `${this.prefix}/bill/api/${route}/`;
    let res = await this.send(route, path, body);
    if (res.status === 308 || res.status === 307) {
      // Only a proxy rewriting paths can still redirect; a 307/308 keeps method and body, so
      // following it once is safe — on the same origin only, never carrying the token elsewhere.
      const to = redirectPath(res, this.http.origin, path);
      if (to === undefined) throw this.redirectError(route, res);
      this.opts.logger?.warn({ route, from: path, to }, 'smartyard redirected a /bill/api call; following it once (check the url or the proxy)');
      path = to;
      res = await this.send(route, path, body);
    }
    if (res.status === 429 || res.status >= 500) {
      const after = retryAfterMs(res.headers['retry-after']);
      throw new TargetRequestError(`smartyard ${route}/: HTTP ${res.status} ${errorText(res.body)}`.trim(), {
        retryable: true,
        status: res.status,
        ...(after !== undefined ? { retryAfterMs: after } : {}),
      });
    }
    if (res.status >= 300 && res.status < 400) throw this.redirectError(route, res);
    if (res.status >= 400) {
      const hint = res.status === 422 ? HINT_422 : res.status === 401 || res.status === 403 ? ` (check targets.${this.opts.targetName}.token)` : '';
      throw new SmartyardApiError(`${route}/`, res.status, errorText(res.body), hint);
    }
    if (res.status !== 200) {
      throw new TargetRequestError(`smartyard ${route}/: unexpected HTTP ${res.status}`, { retryable: false, status: res.status });
    }
    return res;
  }

  private async send(route: string, path: string, body: unknown): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
    if (this.opts.token !== undefined) headers.authorization = `Bearer ${this.opts.token}`;
    const started = Date.now();
    try {
      // Routes that read no body still get `{}`: Flask needs a JSON content type to parse one.
      const request = () => this.http.request({ method: 'POST', path, headers, body: JSON.stringify(body ?? {}) });
      const res = this.opts.limiter ? await this.opts.limiter.add(request) : await request();
      // Never log bodies (stream URLs, SIP and panel passwords): route, status and timing only.
      this.opts.logger?.debug({ route, status: res.status, ms: Date.now() - started }, 'smartyard call');
      return res;
    } catch (err) {
      if (err instanceof HttpNetworkError) {
        throw new TargetRequestError(`smartyard ${route}/: network error: ${err.message}`, { retryable: true, cause: err });
      }
      throw err;
    }
  }

  private redirectError(route: string, res: HttpResponse): TargetRequestError {
    return new TargetRequestError(
      `smartyard ${route}/: HTTP ${res.status} redirect to ${String(res.headers.location)}; check targets.${this.opts.targetName}.url (the app's base, without /bill/api)`,
      { retryable: false, status: res.status },
    );
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}

/** The path a redirect points to, when it stays on `origin` and goes somewhere new. */
function redirectPath(res: HttpResponse, origin: string, from: string): string | undefined {
  const loc = Array.isArray(res.headers.location) ? res.headers.location[0] : res.headers.location;
  if (typeof loc !== 'string' || loc === '') return undefined;
  let to: URL;
  try {
    to = new URL(loc, `${origin}${from}`);
  } catch {
    return undefined;
  }
  const path = `${to.pathname}${to.search}`;
  return to.origin === origin && path !== from ? path : undefined;
}

/** A short description of an unexpected body for an error message. */
function describeBody(body: string): string {
  const t = body.trim();
  if (t === '') return 'an empty answer';
  return `'${t.slice(0, 80).replace(/\s+/g, ' ')}${t.length > 80 ? '…' : ''}'`;
}
