/**
 * One change-driven round of one target (see change-rounds.ts for when one runs): ask each source
 * what changed since a moment, then point-read and plan exactly those subscribers (plus the named
 * ones) and apply — the same restricted plan a trigger makes, so a subscriber missing from the
 * listing is out of scope and nothing of it is deleted or blocked. The I/O glue around
 * `Source.changedSince` and reconcileTarget.
 */
import type { Runtime } from '../engine/runtime.js';
import type { Logger } from '../util/logger.js';
import type { SubscriberRef } from './change-rounds.js';
import type { DaemonMetrics } from './metrics.js';
import { reconcileTarget, type TargetRunOutcome } from './reconcile-target.js';
import { scopeRuntime } from './scoped-runtime.js';

export interface ChangeRoundOptions {
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly metrics?: DaemonMetrics;
}

/**
 * Lists, plans and applies one change-driven round of `target`. Throws when a listing or a point
 * read fails (the caller keeps its watermark).
 */
export async function changeRound(rt: Runtime, target: string, since: Date, named: readonly SubscriberRef[], opts: ChangeRoundOptions): Promise<{ outcome: TargetRunOutcome; listing: ChangeListing }> {
  const listing = await listChanges(scopeRuntime(rt, target, opts.logger), since, named, opts.signal);
  opts.logger.info({ since: since.toISOString(), subscribers: listing.only.length, sources: listing.bySource }, 'change-driven round: changed subscribers listed');
  if (listing.only.length === 0) {
    // Nothing changed: no plan, no snapshot load.
    return { listing, outcome: { target, status: 'ok', runId: null, ops: 0, succeeded: 0, failed: [], notRun: 0, heldBack: [], skipped: [], read: {}, targetTrouble: false } };
  }
  const outcome = await reconcileTarget(rt, target, { only: listing.only, signal: opts.signal, logger: opts.logger, ...(opts.metrics ? { metrics: opts.metrics } : {}) });
  return { outcome, listing };
}

interface ChangeListing {
  /** Changed subscribers plus the named ones, each once, in source order. */
  readonly only: readonly SubscriberRef[];
  /** Per source: ids listed as changed and the requests the listing cost. */
  readonly bySource: Readonly<Record<string, { readonly changed: number; readonly requests: number; readonly basis: string }>>;
}

/**
 * @param rt a runtime scoped to one target (its sources only)
 * @param named subscribers to look at whatever the sources list (missed triggers)
 * Throws when a source cannot list (the caller keeps the watermark; the round counts as failed).
 */
async function listChanges(rt: Runtime, since: Date, named: readonly SubscriberRef[], signal?: AbortSignal): Promise<ChangeListing> {
  const seen = new Set<string>();
  const only: SubscriberRef[] = [];
  const add = (r: SubscriberRef): void => {
    const k = `${r.source}:${r.id}`;
    if (seen.has(k)) return;
    seen.add(k);
    only.push(r);
  };
  const bySource: Record<string, { changed: number; requests: number; basis: string }> = {};
  for (const [name, src] of rt.sources) {
    if (!src.changedSince) throw new Error(`source ${name} cannot list what changed; its targets run full rounds only`);
    const set = await src.changedSince(since, signal);
    bySource[name] = { changed: set.ids.length, requests: set.requests, basis: set.basis };
    for (const id of set.ids) add({ source: name, id });
  }
  for (const r of named) if (rt.sources.has(r.source)) add(r);
  return { only, bySource };
}
