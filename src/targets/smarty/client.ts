/**
 * Smarty Billing API wire client: signed form POSTs to `<url>/<method>/`, answers parsed and
 * classified into retryable / not retryable TargetRequestErrors. It knows nothing about entities.
 */
import { TargetRequestError } from '../../model/errors.js';
import { HttpClient, HttpNetworkError, retryAfterMs, type HttpResponse } from '../../util/http.js';
import type { Logger } from '../../util/logger.js';
import { signParams, type SmartyParams } from './signature.js';

export interface SmartyClientOptions {
  /** Base URL including the API prefix, e.g. `https://smarty.example.com/billing/api`. */
  readonly url: string;
  readonly clientId: number | string;
  /** The Billing API key (not the TVMW/Content API key). Only ever used to sign. */
  readonly apiKey: string;
  /** Target name in sync.yaml, so auth errors can name the config path to fix. */
  readonly targetName: string;
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

/** A successful answer (`error` was 0). */
export type SmartyAnswer = Readonly<Record<string, unknown>>;

/**
 * A method-specific Smarty error (positive `error` code), e.g. 1 "customer with this ext_id already
 * exists" on customer/create. Not retryable; targets inspect `method` and `apiCode` to treat
 * expected ones (adopt on duplicate, tolerate not-found on delete).
 */
export class SmartyApiError extends TargetRequestError {
  /** API method path, e.g. `customer/create`. */
  readonly method: string;
  /** Smarty's `error` code (positive, meaning depends on the method). */
  readonly apiCode: number;
  readonly apiMessage: string;
  readonly errorFields?: Readonly<Record<string, unknown>>;

  constructor(method: string, apiCode: number, apiMessage: string, errorFields?: Readonly<Record<string, unknown>>) {
    super(`smarty ${method}: error ${apiCode}: ${apiMessage || '(no message)'}${fieldsText(errorFields)}`, {
      retryable: false,
      status: 200,
    });
    this.name = 'SmartyApiError';
    this.method = method;
    this.apiCode = apiCode;
    this.apiMessage = apiMessage;
    if (errorFields) this.errorFields = errorFields;
  }
}

/** True when `err` is Smarty's answer `code` (one of `codes`) to `method`, optionally with matching text. */
export function isApiError(err: unknown, method: string, codes: readonly number[], text?: RegExp): err is SmartyApiError {
  return (
    err instanceof SmartyApiError &&
    err.method === method &&
    codes.includes(err.apiCode) &&
    (text === undefined || text.test(err.apiMessage))
  );
}

function fieldsText(fields: Readonly<Record<string, unknown>> | undefined): string {
  if (!fields || Object.keys(fields).length === 0) return '';
  return ` (${Object.entries(fields)
    .map(([f, v]) => `${f}: ${Array.isArray(v) ? v.join(' ') : String(v)}`)
    .join('; ')})`;
}

export class SmartyClient {
  private readonly http: HttpClient;
  /** URL path prefix (`/billing/api`), kept: the Python clients replace the path and lose it. */
  private readonly prefix: string;
  private readonly opts: SmartyClientOptions;

  constructor(opts: SmartyClientOptions) {
    const url = new URL(opts.url);
    this.opts = opts;
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.http = new HttpClient(url.origin, opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {});
  }

  /**
   * Calls one API method (`customer/info`) with params; client_id and the signature are added.
   * Resolves to the answer when `error` is 0, otherwise throws a TargetRequestError
   * (SmartyApiError for method-specific codes).
   */
  async call(method: string, params: SmartyParams): Promise<SmartyAnswer> {
    const name = method.replace(/^\/+|\/+$/g, '');
    // Always the trailing slash: a slash-less path gets Django's 301 and the POST body is lost.
    const path = `${this.prefix}/${name}/`;
    const body = new URLSearchParams(signParams(params, this.opts.clientId, this.opts.apiKey).map(([k, v]): [string, string] => [k, v])).toString();
    const started = Date.now();
    let res: HttpResponse;
    try {
      res = await this.http.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    } catch (err) {
      if (err instanceof HttpNetworkError) {
        throw new TargetRequestError(`smarty ${name}: network error: ${err.message}`, { retryable: true, cause: err });
      }
      throw err;
    }
    // Never log params (passwords) or the signature: method, status and timing only.
    this.opts.logger?.debug({ method: name, status: res.status, ms: Date.now() - started }, 'smarty call');
    if (res.status === 429 || res.status >= 500) {
      const after = retryAfterMs(res.headers['retry-after']);
      throw new TargetRequestError(`smarty ${name}: HTTP ${res.status}`, {
        retryable: true,
        status: res.status,
        ...(after !== undefined ? { retryAfterMs: after } : {}),
      });
    }
    if (res.status !== 200) {
      const hint = res.status >= 300 && res.status < 400 ? ` (redirect to ${String(res.headers.location)}; check targets.${this.opts.targetName}.url)` : '';
      throw new TargetRequestError(`smarty ${name}: unexpected HTTP ${res.status}${hint}`, { retryable: false, status: res.status });
    }
    return this.interpret(name, res.body);
  }

  /** Turns a 200 body into the answer or the matching error. */
  private interpret(method: string, text: string): SmartyAnswer {
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new TargetRequestError(
        `smarty ${method}: answer is not JSON (${text.slice(0, 80).replace(/\s+/g, ' ')}…); check targets.${this.opts.targetName}.url points at /billing/api`,
        { retryable: false, status: 200 },
      );
    }
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
      throw new TargetRequestError(`smarty ${method}: answer is not a JSON object`, { retryable: false, status: 200 });
    }
    const a = answer as Record<string, unknown>;
    const code = Number(a.error ?? 0);
    const message = typeof a.error_message === 'string' ? a.error_message : '';
    if (code === 0) return a;
    const target = `targets.${this.opts.targetName}`;
    switch (code) {
      case -1:
        // Unknown server-side error (details only in the server log): usually transient.
        throw new TargetRequestError(`smarty ${method}: unknown server error (-1) ${message}`.trim(), { retryable: true, status: 200 });
      case -2:
        throw new TargetRequestError(
          `smarty ${method}: invalid signature (-2); check ${target}.api_key (the Billing API key, not the TVMW key)`,
          { retryable: false, status: 200 },
        );
      case -3:
        throw new TargetRequestError(`smarty ${method}: client ID not found (-3); check ${target}.client_id`, {
          retryable: false,
          status: 200,
        });
      default:
        if (code > 0) {
          const fields = a.error_fields;
          throw new SmartyApiError(method, code, message, typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>) : undefined);
        }
        throw new TargetRequestError(`smarty ${method}: error ${code}: ${message}`, { retryable: false, status: 200 });
    }
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}
