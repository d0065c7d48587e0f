/**
 * Wire client for UserSide's `api.php`: `key` + `cat` + `action` (`request` for cat=module)
 * as query parameters (a form POST once the query grows past what proxies accept), retries,
 * and the envelope's meaning. Every call goes through the source's limiter (rate +
 * concurrency); waits between retries happen outside it, so a backing-off call holds no slot.
 *
 * Failure rules: HTTP 401/403, or an ERROR about the key, fails as SOURCE_AUTH. Network
 * errors, 429, 502–504 and other 5xx answers that are not an ERROR envelope (PHP's fatal error
 * page, a proxy) are retried up to `maxRetries` times with backoff. An ERROR envelope is the
 * ERP's considered answer: not retried, it fails the call as a UsersideApiError. The API key
 * never appears in a message: it travels in the URL, so paths in errors carry no query.
 */
import type PQueue from 'p-queue';
import { SourceReadError } from '../../model/errors.js';
import { HttpClient, type HttpResponse } from '../../util/http.js';
import { sendWithRetries } from '../transport-retry.js';
import { parseAnswer, snippet, type UsAnswer } from './envelope.js';
import type { UsersideOptions } from './options.js';

export interface UsersideClientDeps {
  readonly sourceName: string;
  readonly limiter: PQueue;
  /** Retries after the first attempt for transport trouble; default 3. */
  readonly maxRetries?: number;
}

export type Params = Readonly<Record<string, string | number>>;

/** The ERP answered `Result: ERROR` (not about the key). */
export class UsersideApiError extends SourceReadError {
  constructor(
    /** `cat/action`, e.g. `customer/get_data`. */
    readonly request: string,
    readonly httpStatus: number,
    readonly errorText: string,
  ) {
    super(`UserSide ${request} answered ERROR (HTTP ${httpStatus}): ${errorText || '(no error text)'}`, { retryable: false, status: httpStatus === 200 ? undefined : httpStatus });
  }
}

/** Past this, parameters go in a form body: long query strings get cut by proxies. */
const MAX_QUERY_LENGTH = 2000;
const KEY_TROUBLE = /api[ _-]?key|wrong key|invalid key|access denied|доступ запрещ|неверный ключ|ключ api/i;

export class UsersideClient {
  private readonly http: HttpClient;

  constructor(
    private readonly opts: UsersideOptions,
    private readonly deps: UsersideClientDeps,
  ) {
    this.http = new HttpClient(opts.origin, { timeoutMs: opts.timeoutMs, connections: Math.max(2, opts.rate.concurrency ?? 4) });
  }

  /** Calls `cat`/`action`; the `data` of an OK answer. */
  async call(cat: string, action: string, params: Params = {}, signal?: AbortSignal): Promise<unknown> {
    const request = `${cat}/${action}`;
    const res = await this.send(request, this.encode(cat, action, params), signal);
    const answer = parseAnswer(res.body);
    if (res.status === 401 || res.status === 403 || (answer?.result === 'error' && KEY_TROUBLE.test(answer.errorText))) {
      throw this.authError(request, res, answer);
    }
    if (answer === null) {
      throw this.unexpected(request, `answer is not JSON (HTTP ${res.status}): ${this.clean(snippet(res.body))}`);
    }
    if (answer.result === 'error') throw new UsersideApiError(request, res.status, this.clean(answer.errorText));
    if (res.status < 200 || res.status >= 300) throw this.unexpected(request, `HTTP ${res.status} without an ERROR envelope`);
    if (answer.result === 'absent' && answer.data === undefined) throw this.unexpected(request, 'no Result and no data in the answer');
    return answer.data;
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  /** `cat`, `action` (or `request` for cat=module, as UserSide wants it there) and the key. */
  private encode(cat: string, action: string, params: Params): URLSearchParams {
    const query = new URLSearchParams({ key: this.opts.apiKey, cat, [cat === 'module' ? 'request' : 'action']: action });
    for (const [k, v] of Object.entries(params)) query.set(k, String(v));
    return query;
  }

  /** One call with retries for transport trouble; returns any other answer. */
  private async send(request: string, query: URLSearchParams, signal?: AbortSignal): Promise<HttpResponse> {
    const text = query.toString();
    const viaPost = this.opts.path.length + 1 + text.length > MAX_QUERY_LENGTH;
    const call = (): Promise<HttpResponse> =>
      this.http.request(
        viaPost
          ? { method: 'POST', path: this.opts.path, headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: text }
          : { method: 'GET', path: `${this.opts.path}?${text}`, headers: { accept: 'application/json' } },
      );
    return sendWithRetries(() => this.deps.limiter.add(call, { signal }), {
      maxRetries: this.deps.maxRetries,
      retryBaseMs: this.opts.retryBaseMs,
      signal,
      transient,
      what: `UserSide ${request} at ${this.opts.origin}${this.opts.path}`,
      // undici's message names the URL, key included.
      clean: (message) => this.clean(message),
      fix: `check that UserSide is reachable at sources.${this.deps.sourceName}.url and healthy, then run again`,
    });
  }

  private authError(request: string, res: HttpResponse, answer: UsAnswer | null): SourceReadError {
    const why = answer?.errorText ? `HTTP ${res.status}: ${this.clean(answer.errorText)}` : `HTTP ${res.status}`;
    return new SourceReadError(`UserSide refused the API key for ${request} (${why}); check sources.${this.deps.sourceName}.api_key`, {
      retryable: false,
      status: 403,
      fix: `set sources.${this.deps.sourceName}.api_key to the key configured in UserSide (userside3/main/config/config.php), e.g. via \${USERSIDE_API_KEY}`,
    });
  }

  private unexpected(request: string, what: string): SourceReadError {
    return new SourceReadError(`UserSide ${request}: unexpected answer (${what})`, {
      retryable: false,
      fix: `check that sources.${this.deps.sourceName}.url points at UserSide's api.php`,
    });
  }

  /**
   * Removes the API key from text that may echo the URL: as written, as encodeURIComponent
   * writes it, and as the query carries it (URLSearchParams escapes `~!'()` and writes a space
   * as `+`, which encodeURIComponent does not).
   */
  private clean(text: string): string {
    const key = this.opts.apiKey;
    const forms = new Set([key, encodeURIComponent(key), new URLSearchParams({ key }).toString().slice('key='.length)]);
    let out = text;
    for (const form of forms) out = out.split(form).join('[redacted]');
    return out;
  }
}

/** Worth another try: transport-level trouble, not the ERP's considered answer. */
function transient(res: HttpResponse): boolean {
  if (res.status === 429 || res.status === 502 || res.status === 503 || res.status === 504) return true;
  return res.status >= 500 && parseAnswer(res.body)?.result !== 'error';
}
