/**
 * Compatibility checks: what `billsync check` prints per system, and what plan/apply run as a
 * preflight before touching anything. An adapter's optional `check()` (Source, Target) makes
 * read-only, authenticated calls proving the system answers, accepts our credentials and offers
 * every endpoint the adapter relies on. It does not throw for a system that answers wrongly — it
 * reports `failed` with the fix — and throws only for bugs.
 */

/** One thing an adapter relies on, and whether the live system gave it. */
export interface CheckResult {
  /** Short name of what was checked: `login`, `GET /subjects/customers`, `tariff/list`. */
  readonly name: string;
  /**
   * ok: answered as expected; fallback: it did not, and the adapter uses its documented
   * fallback (say which in `detail`); failed: billsync cannot work with this system as configured.
   */
  readonly status: 'ok' | 'fallback' | 'failed';
  /** What was seen: `answered 200 with 3 tariffs`, `401: key refused`. Never a secret. */
  readonly detail: string;
  /** For fallback/failed: the config key to change and how (`targets.smarty.options.key: …`). */
  readonly fix?: string;
}
