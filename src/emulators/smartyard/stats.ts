/**
 * What the SmartYard emulator saw: request counters (the engine's "a second apply makes zero
 * write calls" test reads `writes`) and a bounded log of requests with their bodies and the
 * `Authorization` header the client sent (the server itself checks none).
 */

export interface SmartyardEmulatorStats {
  /** Every HTTP request received, whatever became of it. */
  readonly total: number;
  /** Requests per route name (`rights_add`) that reached a route on its slashed path. */
  readonly byRoute: Readonly<Record<string, number>>;
  /** Requests to list/read routes (and `auth/`). */
  readonly reads: number;
  /** Requests to routes that change state (`*_add`, `*_mod`, `*_del`, …), whatever they answered. */
  readonly writes: number;
  /** 308 answers to a path without its trailing slash. */
  readonly redirects: number;
  /** Unknown paths (404) and wrong methods (405). */
  readonly notFound: number;
  /** Requests answered by a `failNext` rule instead of (or after) the API. */
  readonly injected: number;
}

export interface SmartyardRecordedRequest {
  readonly httpMethod: string;
  /** URL path with query string. */
  readonly url: string;
  /** Route name, null when none matched (redirects included). */
  readonly route: string | null;
  /** The `Authorization` header as sent, undefined without one. */
  readonly authorization?: string;
  readonly contentType?: string;
  /** Parsed JSON body, or the raw text when it is not JSON; undefined when empty. */
  readonly body?: unknown;
  /** Status answered; 0 when the connection was dropped. */
  readonly status: number;
}

const LOG_LIMIT = 20_000;

export class StatsRecorder {
  private total = 0;
  private byRoute: Record<string, number> = {};
  private reads = 0;
  private writes = 0;
  private redirects = 0;
  private notFound = 0;
  private injected = 0;
  private log: SmartyardRecordedRequest[] = [];

  received(): void {
    this.total++;
  }

  routed(route: string, write: boolean): void {
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
    if (write) this.writes++;
    else this.reads++;
  }

  redirected(): void {
    this.redirects++;
  }

  unknownPath(): void {
    this.notFound++;
  }

  failedOnPurpose(): void {
    this.injected++;
  }

  record(r: SmartyardRecordedRequest): void {
    this.log.push(r);
    if (this.log.length > LOG_LIMIT) this.log = this.log.slice(-LOG_LIMIT / 2);
  }

  snapshot(): SmartyardEmulatorStats {
    return {
      total: this.total,
      byRoute: { ...this.byRoute },
      reads: this.reads,
      writes: this.writes,
      redirects: this.redirects,
      notFound: this.notFound,
      injected: this.injected,
    };
  }

  requests(): readonly SmartyardRecordedRequest[] {
    return [...this.log];
  }

  reset(): void {
    this.total = this.reads = this.writes = this.redirects = this.notFound = this.injected = 0;
    this.byRoute = {};
    this.log = [];
  }
}
