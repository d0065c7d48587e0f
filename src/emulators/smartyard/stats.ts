/**
 * What the SmartYard emulator saw: request counters (the engine's "a second apply makes zero
 * write calls" test reads `writes`) and a bounded log of requests with their bodies and the
 * `Authorization` header the client sent (the server itself checks none).
 */
import { RequestStats } from '../kit/request-stats.js';

export interface SmartyardEmulatorStats {
  /** Every HTTP request received, whatever became of it. */
  readonly total: number;
  /** Requests per route name (`rights_add`) that reached a route on its slashed path. */
  readonly byRoute: Readonly<Record<string, number>>;
  /** Requests to list/read routes (and `auth/`). */
  readonly reads: number;
  /** Requests to routes that change state (`*_add`, `*_mod`, `*_del`, …), whatever they answered. */
  readonly writes: number;
  /** 308 answers to a path without its trailing slash. */
  readonly redirects: number;
  /** Unknown paths (404) and wrong methods (405). */
  readonly notFound: number;
  /** Requests answered by a `failNext` rule instead of (or after) the API. */
  readonly injected: number;
}

export interface SmartyardRecordedRequest {
  readonly httpMethod: string;
  /** URL path with query string. */
  readonly url: string;
  /** Route name, null when none matched (redirects included). */
  readonly route: string | null;
  /** The `Authorization` header as sent, undefined without one. */
  readonly authorization?: string;
  readonly contentType?: string;
  /** Parsed JSON body, or the raw text when it is not JSON; undefined when empty. */
  readonly body?: unknown;
  /** Status answered; 0 when the connection was dropped. */
  readonly status: number;
}

/** SmartYard's view of the shared counters, with its own count of 308s to unslashed paths. */
export class StatsRecorder extends RequestStats<SmartyardRecordedRequest, 'redirects'> {
  constructor() {
    super(['redirects']);
  }

  snapshot(): SmartyardEmulatorStats {
    const c = this.counts();
    return {
      total: c.total,
      byRoute: c.byKey,
      reads: c.reads,
      writes: c.writes,
      redirects: c.extra.redirects,
      notFound: c.notFound,
      injected: c.injected,
    };
  }
}
