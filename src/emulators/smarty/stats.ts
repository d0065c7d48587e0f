/**
 * What the emulator saw: request counters (the engine's "a second apply makes zero write calls"
 * test reads `writes`) and a bounded log of recent requests.
 */

export interface SmartyEmulatorStats {
  /** Every HTTP request received, whatever became of it. */
  readonly total: number;
  /** Requests per API method path (`customer/create`), including ones answered with an error. */
  readonly byMethod: Readonly<Record<string, number>>;
  /** Requests to methods that read (info, list). */
  readonly reads: number;
  /** Requests to methods that write (create/modify/delete/assign/remove/activate/deactivate). */
  readonly writes: number;
  /** Slash-less paths answered with a 301. */
  readonly redirects: number;
  /** Unknown paths answered with a 404. */
  readonly notFound: number;
  /** Requests answered by a `failNext` rule instead of the API. */
  readonly injected: number;
}

export interface SmartyRecordedRequest {
  readonly httpMethod: string;
  /** URL path with query string. */
  readonly url: string;
  /** API method path (`customer/create`), null when the path named none. */
  readonly method: string | null;
  readonly params: Readonly<Record<string, string | string[]>>;
  readonly status: number;
  /** The answer's `error` code when the API answered. */
  readonly error?: number;
}

/** Only the most recent requests are kept, so a 100,000-customer run does not hoard memory. */
const LOG_LIMIT = 20_000;

export class StatsRecorder {
  private total = 0;
  private byMethod: Record<string, number> = {};
  private reads = 0;
  private writes = 0;
  private redirects = 0;
  private notFound = 0;
  private injected = 0;
  private log: SmartyRecordedRequest[] = [];

  received(): void {
    this.total++;
  }

  called(method: string, write: boolean): void {
    this.byMethod[method] = (this.byMethod[method] ?? 0) + 1;
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

  record(r: SmartyRecordedRequest): void {
    this.log.push(r);
    if (this.log.length > LOG_LIMIT) this.log = this.log.slice(-LOG_LIMIT / 2);
  }

  snapshot(): SmartyEmulatorStats {
    return {
      total: this.total,
      byMethod: { ...this.byMethod },
      reads: this.reads,
      writes: this.writes,
      redirects: this.redirects,
      notFound: this.notFound,
      injected: this.injected,
    };
  }

  requests(): readonly SmartyRecordedRequest[] {
    return [...this.log];
  }

  reset(): void {
    this.total = this.reads = this.writes = this.redirects = this.notFound = this.injected = 0;
    this.byMethod = {};
    this.log = [];
  }
}
