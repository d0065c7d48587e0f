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

/** Whether `spec` applies to `path` (the full path; a prefix may include `basePath` or leave it out). */
export function faultMatches(spec: FaultSpec, path: string, basePath: string): boolean {
  if (spec.pathPrefix === undefined) return true;
  const relative = path.startsWith(basePath) ? path.slice(basePath.length) : path;
  return path.startsWith(spec.pathPrefix) || relative.startsWith(spec.pathPrefix);
}
