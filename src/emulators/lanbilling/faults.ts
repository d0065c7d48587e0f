/**
 * Fault injection: `failNext(n, {status})` makes the next n matching requests fail with that
 * status before the session check, the way a proxy or an overloaded LBcore would. All api3
 * calls share one URL, so `pathPrefix` matches the URL path or the operation name
 * (`getUsboxServices`, `Login`).
 */

export interface FaultSpec {
  readonly status: number;
  /** Only requests whose URL path or operation name starts with this fail; default all. */
  readonly pathPrefix?: string;
  /** Answer only after this many ms (slow failures, client timeouts). */
  readonly delayMs?: number;
  /** Retry-After header value (seconds) to send, if any. */
  readonly retryAfter?: number;
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

  /** Consumes and returns the first fault matching the request. */
  take(path: string, op: string | undefined): FaultSpec | undefined {
    const index = this.pending.findIndex((f) => {
      const prefix = f.spec.pathPrefix;
      return prefix === undefined || path.startsWith(prefix) || (op !== undefined && op.startsWith(prefix));
    });
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
