/**
 * What an emulator saw: the request counters every emulator keeps and a bounded log of recent
 * requests. Each emulator's `stats()` is its own view of these (the engine's "a second apply
 * makes zero write calls" test reads `writes`); what only some systems have (redirects, refused
 * IPs, rejected keys) each counts under its own names beside them.
 */

/** Only the most recent requests are kept, so a 100,000-customer run does not hoard memory. */
export const REQUEST_LOG_LIMIT = 20_000;

export interface RequestCounts<E extends string = never> {
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
  /** The emulator's own counters, by the names it gave them. */
  readonly extra: Readonly<Record<E, number>>;
}

/**
 * Counters and request log of one emulator; `R` is what it records per request, `E` the names of
 * its own counters.
 */
export class RequestStats<R = never, E extends string = never> {
  private total = 0;
  private byKey = new Map<string, number>();
  private reads = 0;
  private writes = 0;
  private notFound = 0;
  private injected = 0;
  private log: R[] = [];
  private extra = new Map<E, number>();

  constructor(private readonly extraNames: readonly E[] = []) {}

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

  /** Counts one more on the emulator's own counter `name` (a redirect, a refused key). */
  bump(name: E): void {
    this.extra.set(name, (this.extra.get(name) ?? 0) + 1);
  }

  /** Adds to the log; past the limit the older half is dropped. */
  record(r: R): void {
    this.log.push(r);
    if (this.log.length > REQUEST_LOG_LIMIT) this.log = this.log.slice(-REQUEST_LOG_LIMIT / 2);
  }

  counts(): RequestCounts<E> {
    return {
      total: this.total,
      byKey: Object.fromEntries(this.byKey),
      reads: this.reads,
      writes: this.writes,
      notFound: this.notFound,
      injected: this.injected,
      extra: Object.fromEntries(this.extraNames.map((name) => [name, this.extra.get(name) ?? 0])) as Record<E, number>,
    };
  }

  /** Recent requests, oldest first. */
  requests(): readonly R[] {
    return [...this.log];
  }

  reset(): void {
    this.total = this.reads = this.writes = this.notFound = this.injected = 0;
    this.byKey = new Map();
    this.extra = new Map();
    this.log = [];
  }
}
