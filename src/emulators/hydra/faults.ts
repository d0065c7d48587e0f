/**
 * Fault injection: `failNext(n, {status})` makes the next n matching requests fail with that
 * status before auth or routing, the way a proxy or an overloaded Hoper would.
 */

export interface FaultSpec {
  readonly status: number;
  /** Retry-After header value (seconds) to send, if any. */
  readonly retryAfter?: number;
  /** Only requests whose path starts with this (with or without `/rest/v2`) fail; default all. */
  readonly pathPrefix?: string;
  /** Answer only after this many ms (slow failures, staggered answers, client timeouts). */
  readonly delayMs?: number;
}

interface PendingFault {
  remaining: number;
  readonly spec: FaultSpec;
}

export class FaultQueue {
  private readonly pending: PendingFault[] = [];

  add(count: number, spec: FaultSpec): void {
    if (count > 0) this.pending.push({ remaining: count, spec });
  }

  /** Consumes and returns the first fault matching `path` (full path incl. `/rest/v2`). */
  take(path: string, basePath: string): FaultSpec | undefined {
    const relative = path.startsWith(basePath) ? path.slice(basePath.length) : path;
    const index = this.pending.findIndex(
      (f) => f.spec.pathPrefix === undefined || path.startsWith(f.spec.pathPrefix) || relative.startsWith(f.spec.pathPrefix),
    );
    const fault = this.pending[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.pending.splice(index, 1);
    return fault.spec;
  }

  clear(): void {
    this.pending.length = 0;
  }
}
