/**
 * Smotreshka operator API wire client: JSON requests to `<url>/v2/...` and `<url>/accounts/v3/...`,
 * answers parsed and failures classified into retryable / not retryable TargetRequestErrors.
 * It knows nothing about entities.
 */
import { TargetRequestError } from '../../model/errors.js';
import { HttpClient, HttpNetworkError, retryAfterMs } from '../../util/http.js';
import type { Logger } from '../../util/logger.js';

export interface SmotreshkaClientOptions {
  /** API base without `/v2`, e.g. `https://operator.node.lfstrm.tv`. */
  readonly url: string;
  /** Target name in sync.yaml, so errors can name the config path to fix. */
  readonly targetName: string;
  readonly apiKey?: string;
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

/**
 * A 4xx answer about the request itself (400, 403 for an archived account, 404). Not retryable;
 * ops inspect `status` and `apiMessage` to treat expected ones (adopt, already gone).
 */
export class SmotreshkaApiError extends TargetRequestError {
  readonly apiMessage: string;
  readonly call: string;

  constructor(call: string, status: number, apiMessage: string) {
    super(`smotreshka ${call}: HTTP ${status}: ${apiMessage || '(no message)'}`, { retryable: false, status });
    this.name = 'SmotreshkaApiError';
    this.call = call;
    this.apiMessage = apiMessage;
  }
}

/** True when `err` is the API's answer with one of `statuses` (and matching text, if given). */
export function isApiError(err: unknown, statuses: readonly number[], text?: RegExp): err is SmotreshkaApiError {
  return err instanceof SmotreshkaApiError && statuses.includes(err.status ?? 0) && (text === undefined || text.test(err.apiMessage));
}

/** The error text of any of the platform's four error shapes, else the raw text (shortened). */
export function errorText(raw: string): string {
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      for (const k of ['error', 'message', 'result'] as const) {
        if (typeof o[k] === 'string' && o[k] !== '') {
          const code = o.code !== undefined && k === 'message' ? `${String(o.code)}: ` : '';
          return `${code}${o[k] as string}`;
        }
      }
    }
  } catch {
    // Not JSON: an HTML page from a proxy or the platform's front.
  }
  return raw.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

const PROBE = '/v2/accounts?page_size=1&page_num=0';

export class SmotreshkaClient {
  private readonly http: HttpClient;
  private readonly prefix: string;
  private readonly opts: SmotreshkaClientOptions;

  constructor(opts: SmotreshkaClientOptions) {
    const url = new URL(opts.url);
    this.opts = opts;
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.http = new HttpClient(url.origin, opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {});
  }

  /**
   * One call; resolves to the parsed JSON of a 2xx answer. 429/5xx/network failures are
   * retryable. A 403 is checked against the allow-list (one probe): if every request is refused
   * the error says so; otherwise the 403 is about this account (archived) and is returned as a
   * SmotreshkaApiError for the op to judge.
   */
  async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const call = `${method} ${path.replace(/\?.*$/, '')}`;
    const res = await this.send(method, path, call, body);
    if (res.status === 403 && (path === PROBE || (await this.send('GET', PROBE, 'GET /v2/accounts')).status === 403)) {
      throw this.notAllowListed(call);
    }
    if (res.status === 429 || res.status >= 500) {
      const after = retryAfterMs(res.headers['retry-after']);
      throw new TargetRequestError(`smotreshka ${call}: HTTP ${res.status} ${errorText(res.body)}`.trim(), {
        retryable: true,
        status: res.status,
        ...(after !== undefined ? { retryAfterMs: after } : {}),
      });
    }
    if (res.status >= 400 && res.status < 500) throw new SmotreshkaApiError(call, res.status, errorText(res.body));
    if (res.status < 200 || res.status >= 300) {
      const hint = res.status >= 300 && res.status < 400 ? ` (redirect to ${String(res.headers.location)}; check targets.${this.opts.targetName}.url)` : '';
      throw new TargetRequestError(`smotreshka ${call}: unexpected HTTP ${res.status}${hint}`, { retryable: false, status: res.status });
    }
    if (res.body.trim() === '') return {};
    try {
      return JSON.parse(res.body) as unknown;
    } catch {
      throw new TargetRequestError(
        `smotreshka ${call}: answer is not JSON (${res.body.slice(0, 80).replace(/\s+/g, ' ')}…); check targets.${this.opts.targetName}.url`,
        { retryable: false, status: res.status },
      );
    }
  }

  private async send(method: 'GET' | 'POST' | 'DELETE', path: string, call: string, body?: unknown) {
    const headers: Record<string, string> = { accept: 'application/json' };
    // INFERRED: no public source documents a key; some operators front the API with a proxy
    // that wants one, so a configured key travels as a bearer token.
    if (this.opts.apiKey !== undefined) headers.authorization = `Bearer ${this.opts.apiKey}`;
    // JSON although the SPEC declares form bodies: `info` is an object, and the clients seen
    // in the wild send JSON.
    if (body !== undefined) headers['content-type'] = 'application/json';
    const started = Date.now();
    try {
      const res = await this.http.request({
        method,
        path: `${this.prefix}${path}`,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      // Never log bodies (names, e-mails): the call, status and timing only.
      this.opts.logger?.debug({ call, status: res.status, ms: Date.now() - started }, 'smotreshka call');
      return res;
    } catch (err) {
      if (err instanceof HttpNetworkError) {
        throw new TargetRequestError(`smotreshka ${call}: network error: ${err.message}`, { retryable: true, cause: err });
      }
      throw err;
    }
  }

  private notAllowListed(call: string): TargetRequestError {
    return new TargetRequestError(
      `smotreshka ${call}: HTTP 403 for every request — the platform authenticates by source IP and this host's address is not on the operator's allow-list; ask Lifestream support to add this server's public IP (check targets.${this.opts.targetName}.url too)`,
      { retryable: false, status: 403 },
    );
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}
