/**
 * A thin HTTP client over undici shared by source and target clients: keep-alive pool per origin,
 * per-request timeout, and errors classified as retryable (network, timeout) or not.
 */
import { Pool, errors as undiciErrors } from 'undici';

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with query string, relative to the client's origin. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs?: number;
}

/** A transport failure: the request may not have reached the server. Always retryable. */
export class HttpNetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpNetworkError';
  }
}

export class HttpClient {
  readonly origin: string;
  private readonly pool: Pool;
  private readonly defaultTimeoutMs: number;

  constructor(origin: string, opts: { connections?: number; timeoutMs?: number } = {}) {
    this.origin = new URL(origin).origin;
    this.defaultTimeoutMs = opts.timeoutMs ?? 30_000;
    this.pool = new Pool(this.origin, {
      connections: opts.connections ?? 32,
      keepAliveTimeout: 10_000,
      pipelining: 1,
    });
  }

  /** Sends one request and reads the whole body. Throws HttpNetworkError on transport failure. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const timeout = req.timeoutMs ?? this.defaultTimeoutMs;
    try {
      const res = await this.pool.request({
        method: req.method,
        path: req.path,
        headers: req.headers,
        body: req.body,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      const body = await res.body.text();
      return { status: res.statusCode, headers: res.headers, body };
    } catch (err) {
      if (err instanceof undiciErrors.UndiciError || isSystemError(err)) {
        throw new HttpNetworkError(`${req.method} ${this.origin}${req.path}: ${(err as Error).message}`, {
          cause: err,
        });
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function isSystemError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string';
}

/** Parses a Retry-After header (seconds or HTTP date) into ms; undefined when absent or bad. */
export function retryAfterMs(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
