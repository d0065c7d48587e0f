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

/** Whether `spec` applies to `request` (`cat/action`); a bare action matches any category. */
export function faultMatches(spec: FaultSpec, request: string): boolean {
  const action = request.slice(request.indexOf('/') + 1);
  return spec.request === undefined || spec.request === request || spec.request === action;
}
