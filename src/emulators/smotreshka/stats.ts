/**
 * What the Smotreshka emulator saw: request counters (the engine's "a second apply makes zero
 * write calls" test reads `writes`) and a bounded log of recent requests with their bodies.
 */
import { RequestStats } from '../kit/request-stats.js';

export interface SmotreshkaEmulatorStats {
  /** Every HTTP request received, whatever became of it. */
  readonly total: number;
  /** Requests per route (`POST /v2/accounts/:id/subscriptions`) that passed the allow-list. */
  readonly byRoute: Readonly<Record<string, number>>;
  /** GET requests that reached a route. */
  readonly reads: number;
  /** POST/DELETE requests that reached a route. */
  readonly writes: number;
  /** Requests refused because the client IP is not on the allow-list. */
  readonly forbiddenIp: number;
  /** Unknown paths or methods. */
  readonly notFound: number;
  /** Requests answered by a `failNext` rule instead of the API. */
  readonly injected: number;
}

export interface SmotreshkaRecordedRequest {
  readonly httpMethod: string;
  /** URL path with query string. */
  readonly url: string;
  /** Route pattern, null when none matched. */
  readonly route: string | null;
  /** Parsed body (JSON or form), undefined when there was none. */
  readonly body?: unknown;
  readonly status: number;
}

/** Smotreshka's view of the shared counters, with its own count of requests the allow-list refused. */
export class StatsRecorder extends RequestStats<SmotreshkaRecordedRequest, 'forbiddenIp'> {
  constructor() {
    super(['forbiddenIp']);
  }

  snapshot(): SmotreshkaEmulatorStats {
    const c = this.counts();
    return {
      total: c.total,
      byRoute: c.byKey,
      reads: c.reads,
      writes: c.writes,
      forbiddenIp: c.extra.forbiddenIp,
      notFound: c.notFound,
      injected: c.injected,
    };
  }
}
