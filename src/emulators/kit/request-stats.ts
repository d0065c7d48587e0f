/**
 * What an emulator saw: the request counters every emulator keeps and a bounded log of recent
 * requests. Each emulator's `stats()` is its own view of these (the engine's "a second apply
 * makes zero write calls" test reads `writes`); what only one system has (Smarty's redirects,
 * Smotreshka's refused IPs, UserSide's rejected keys) its emulator counts itself.
 */

/** Only the most recent requests are kept, so a 100,000-customer run does not hoard memory. */
export const REQUEST_LOG_LIMIT = 20_000;

export interface RequestCounts {
  /** Every HTTP request received, whatever became of it. */
  readonly total: number;
  /** Requests per key (route, API method, operation) that reached the API. */
  readonly byKey: Readonly<Record<string, number>>;
  /** Of those, the ones counted as reads. */
  readonly reads: number;
  /** Of those, the ones counted as writes. */
  readonly writes: number;
  /** Requests for unknown paths (or methods). */
  readonly notFound: number;
  /** Requests answered by a `failNext` rule. */
  readonly injected: number;
}

/** Counters and request log of one emulator; `R` is what it records per request. */
export class RequestStats<R = never> {
  private total = 0;
  private byKey = new Map<string, number>();
  private reads = 0;
  private writes = 0;
  private notFound = 0;
  private injected = 0;
  private log: R[] = [];

  /** A request arrived (counts towards `total`). */
  received(): void {
    this.total++;
  }

  /**
   * A request reached the API as `key`; `write` counts it as a write (true) or a read (false).
   * Left out, it counts as neither: the source emulators serve reads only and keep no such split.
   */
  reached(key: string, write?: boolean): void {
    this.byKey.set(key, (this.byKey.get(key) ?? 0) + 1);
    if (write === true) this.writes++;
    else if (write === false) this.reads++;
  }

  unknownPath(): void {
    this.notFound++;
  }

  failedOnPurpose(): void {
    this.injected++;
  }

  /** Adds to the log; past the limit the older half is dropped. */
  record(r: R): void {
    this.log.push(r);
    if (this.log.length > REQUEST_LOG_LIMIT) this.log = this.log.slice(-REQUEST_LOG_LIMIT / 2);
  }

  counts(): RequestCounts {
    return {
      total: this.total,
      byKey: Object.fromEntries(this.byKey),
      reads: this.reads,
      writes: this.writes,
      notFound: this.notFound,
      injected: this.injected,
    };
  }

  /** Recent requests, oldest first. */
  requests(): readonly R[] {
    return [...this.log];
  }

  reset(): void {
    this.total = this.reads = this.writes = this.notFound = this.injected = 0;
    this.byKey = new Map();
    this.log = [];
  }
}
