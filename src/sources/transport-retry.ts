/**
 * The retry loop the source clients wrap around one request. Transport trouble — network errors
 * and the answers a client's `transient` test picks (429, a proxy's 5xx page) — is tried again
 * with the shared back-off table (util/backoff: jitter, Retry-After as the apply executor reads
 * it); anything else is the server's considered answer and goes back to the caller. The waits
 * happen outside `attempt`, so a request backing off holds no limiter slot, and an abort ends
 * them at once.
 */
import { SourceReadError } from '../model/errors.js';
import { retryDelay } from '../util/backoff.js';
import { HttpNetworkError, retryAfterMs, type HttpResponse } from '../util/http.js';
import { sleep } from '../util/sleep.js';

/** Longest back-off of our own between two attempts (a server's Retry-After may ask for more). */
const MAX_BACKOFF_MS = 60_000;

export interface TransportRetry {
  /** Retries after the first attempt; default 3. */
  readonly maxRetries?: number;
  /** First retry delay; doubles per attempt, with jitter. */
  readonly retryBaseMs: number;
  /** Aborts a wait between attempts (the attempt itself carries the signal as it needs). */
  readonly signal?: AbortSignal;
  /** Whether an answer is transport trouble worth another try. */
  readonly transient: (res: HttpResponse) => boolean;
  /** What was attempted, as the final error names it: `LANBilling getVgroups at http://…`. */
  readonly what: string;
  /** How a retried answer reads in the final error; default `answered HTTP <status>`. */
  readonly answered?: (status: number) => string;
  /** Cleans a network error's message, which names the URL (and whatever secret it carries). */
  readonly clean?: (message: string) => string;
  /** What the operator should do once the retries are used up. */
  readonly fix: string;
}

/**
 * Runs `attempt` until it yields an answer that is not transient; throws a retryable
 * SourceReadError once `maxRetries` retries are used up. Errors other than HttpNetworkError
 * (an abort, a bug) pass through at once.
 */
export async function sendWithRetries(attempt: () => Promise<HttpResponse>, retry: TransportRetry): Promise<HttpResponse> {
  const maxRetries = retry.maxRetries ?? 3;
  for (let n = 0; ; n++) {
    let res: HttpResponse | undefined;
    let failure: string;
    try {
      res = await attempt();
      if (!retry.transient(res)) return res;
      failure = retry.answered ? retry.answered(res.status) : `answered HTTP ${res.status}`;
    } catch (err) {
      if (!(err instanceof HttpNetworkError)) throw err;
      failure = `failed: ${retry.clean ? retry.clean(err.message) : err.message}`;
    }
    if (n >= maxRetries) {
      throw new SourceReadError(`${retry.what} ${failure} (gave up after ${n + 1} attempts)`, {
        retryable: true,
        status: res?.status,
        fix: retry.fix,
      });
    }
    const asked = retryAfterMs(res?.headers['retry-after']);
    const wait = retryDelay(n + 1, { baseDelayMs: retry.retryBaseMs, maxDelayMs: MAX_BACKOFF_MS }, asked !== undefined ? { retryAfterMs: asked } : {});
    await sleep(wait, retry.signal);
  }
}
