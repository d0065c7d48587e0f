/**
 * A trigger: "subscriber `source:id` changed, sync it now" — the same plan-and-apply as a full
 * reconcile, restricted to that subscriber, on every target its source feeds.
 */
import type { WorkerRun } from './target-worker.js';

export interface TriggerResult {
  readonly source: string;
  readonly id: string;
  /** ok: applied everywhere; partial: some target failed or was skipped; failed: none applied. */
  readonly status: 'ok' | 'partial' | 'failed';
  readonly targets: readonly WorkerRun[];
}

/** Key of a subscriber in the coalescer: `source:id`. */
export const triggerKey = (source: string, id: string): string => `${source}:${id}`;

/** Splits a coalescer key back; ids may contain ':' themselves, source names may not. */
export function parseTriggerKey(key: string): { source: string; id: string } {
  const i = key.indexOf(':');
  return { source: key.slice(0, i), id: key.slice(i + 1) };
}

/** The overall status of a trigger from its per-target runs. */
export function triggerStatus(runs: readonly WorkerRun[]): TriggerResult['status'] {
  const good = runs.filter((r) => r.status === 'ok').length;
  if (good === runs.length) return 'ok';
  return good > 0 || runs.some((r) => r.status === 'partial') ? 'partial' : 'failed';
}
