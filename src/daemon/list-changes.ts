/**
 * The listing step of a change-driven round: asks each source of a target what changed since a
 * moment and returns the subscribers to point-read (the I/O glue around `Source.changedSince`).
 */
import type { Runtime } from '../engine/runtime.js';
import type { SubscriberRef } from './change-rounds.js';

export interface ChangeListing {
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
export async function listChanges(rt: Runtime, since: Date, named: readonly SubscriberRef[], signal?: AbortSignal): Promise<ChangeListing> {
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
