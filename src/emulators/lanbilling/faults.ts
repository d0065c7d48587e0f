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

/** Whether `spec` applies to a request for `path` calling `op` (undefined when unparsable). */
export function faultMatches(spec: FaultSpec, path: string, op: string | undefined): boolean {
  const prefix = spec.pathPrefix;
  return prefix === undefined || path.startsWith(prefix) || op?.startsWith(prefix) === true;
}
