/**
 * What the Smotreshka emulator saw: request counters (the engine's "a second apply makes zero
 * write calls" test reads `writes`) and a bounded log of recent requests with their bodies.
 */

export interface SmotreshkaEmulatorStats {
  /** Every HTTP request received, whatever became of it. */
  readonly total: number;
  /** Requests per route (`POST /v2/accounts/:id/subscriptions`) that passed the allow-list. */
  readonly byRoute: Readonly<Record<string, number>>;
  /** GET requests that reached a route. */
  readonly reads: number;
  /** POST/DELETE requests that reached a route. */
  readonly writes: number;
  /** Requests refused because the client IP is not on the allow-list. */
  readonly forbiddenIp: number;
  /** Unknown paths or methods. */
  readonly notFound: number;
  /** Requests answered by a `failNext` rule instead of the API. */
  readonly injected: number;
}

export interface SmotreshkaRecordedRequest {
  readonly httpMethod: string;
  /** URL path with query string. */
  readonly url: string;
  /** Route pattern, null when none matched. */
  readonly route: string | null;
  /** Parsed body (JSON or form), undefined when there was none. */
  readonly body?: unknown;
  readonly status: number;
}

const LOG_LIMIT = 20_000;

export class StatsRecorder {
  private total = 0;
  private byRoute: Record<string, number> = {};
  private reads = 0;
  private writes = 0;
  private forbiddenIp = 0;
  private notFound = 0;
  private injected = 0;
  private log: SmotreshkaRecordedRequest[] = [];

  received(): void {
    this.total++;
  }

  routed(route: string, write: boolean): void {
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
    if (write) this.writes++;
    else this.reads++;
  }

  forbidden(): void {
    this.forbiddenIp++;
  }

  unknownPath(): void {
    this.notFound++;
  }

  failedOnPurpose(): void {
    this.injected++;
  }

  record(r: SmotreshkaRecordedRequest): void {
    this.log.push(r);
    if (this.log.length > LOG_LIMIT) this.log = this.log.slice(-LOG_LIMIT / 2);
  }

  snapshot(): SmotreshkaEmulatorStats {
    return {
      total: this.total,
      byRoute: { ...this.byRoute },
      reads: this.reads,
      writes: this.writes,
      forbiddenIp: this.forbiddenIp,
      notFound: this.notFound,
      injected: this.injected,
    };
  }

  requests(): readonly SmotreshkaRecordedRequest[] {
    return [...this.log];
  }

  reset(): void {
    this.total = this.reads = this.writes = this.forbiddenIp = this.notFound = this.injected = 0;
    this.byRoute = {};
    this.log = [];
  }
}
