/**
 * Fault injection: `failNext(n, spec)` makes the next n matching requests answer `spec.status`
 * (with an ERROR envelope, or a raw body such as a proxy's HTML page) before the key is checked,
 * the way an overloaded PHP backend or a proxy in front of UserSide would.
 */

export interface FaultSpec {
  readonly status: number;
  /** Only requests for this `cat/action` (e.g. `customer/get_data`) or bare action fail; default all. */
  readonly request?: string;
  /** ErrorText of the ERROR envelope; default `injected fault <status>`. */
  readonly errorText?: string;
  /** A raw body instead of the JSON envelope (e.g. an HTML error page). */
  readonly body?: string;
  /** Retry-After header value (seconds) to send, if any. */
  readonly retryAfter?: number;
  /** Answer only after this many ms. */
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

  /** Consumes and returns the first fault matching `request` (`cat/action`). */
  take(request: string): FaultSpec | undefined {
    const action = request.slice(request.indexOf('/') + 1);
    const index = this.pending.findIndex((f) => f.spec.request === undefined || f.spec.request === request || f.spec.request === action);
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
