/**
 * What the emulator saw: request counters (the engine's "a second apply makes zero write calls"
 * test reads `writes`) and a bounded log of recent requests.
 */
import { RequestStats } from '../kit/request-stats.js';

export interface SmartyEmulatorStats {
  /** Every HTTP request received, whatever became of it. */
  readonly total: number;
  /** Requests per API method path (`customer/create`), including ones answered with an error. */
  readonly byMethod: Readonly<Record<string, number>>;
  /** Requests to methods that read (info, list). */
  readonly reads: number;
  /** Requests to methods that write (create/modify/delete/assign/remove/activate/deactivate). */
  readonly writes: number;
  /** Slash-less paths answered with a 301. */
  readonly redirects: number;
  /** Unknown paths answered with a 404. */
  readonly notFound: number;
  /** Requests answered by a `failNext` rule instead of the API. */
  readonly injected: number;
}

export interface SmartyRecordedRequest {
  readonly httpMethod: string;
  /** URL path with query string. */
  readonly url: string;
  /** API method path (`customer/create`), null when the path named none. */
  readonly method: string | null;
  readonly params: Readonly<Record<string, string | string[]>>;
  readonly status: number;
  /** The answer's `error` code when the API answered. */
  readonly error?: number;
}

/** Smarty's view of the shared counters, with its own count of 301s to slash-less paths. */
export class StatsRecorder extends RequestStats<SmartyRecordedRequest, 'redirects'> {
  constructor() {
    super(['redirects']);
  }

  snapshot(): SmartyEmulatorStats {
    const c = this.counts();
    return {
      total: c.total,
      byMethod: c.byKey,
      reads: c.reads,
      writes: c.writes,
      redirects: c.extra.redirects,
      notFound: c.notFound,
      injected: c.injected,
    };
  }
}
