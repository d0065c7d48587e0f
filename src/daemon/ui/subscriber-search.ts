/**
 * Subscriber search over the snapshot: a value is looked up as an entity key in every kind of
 * every target (an account number, a username, a contract uid) and as a source id in every
 * source; `source:id` looks up that source only. Exact matches, each an indexed lookup. Hits
 * are grouped by the subscriber they came from, with all that subscriber's entities.
 */
import type { SnapshotEntity } from '../../model/entity.js';
import type { Runtime } from '../../engine/runtime.js';

export interface SubscriberHit {
  readonly source: string;
  readonly id: string;
  /** Every snapshot entity this subscriber produced, over all targets. */
  readonly entities: readonly SnapshotEntity[];
}

export interface SearchResult {
  readonly subscribers: readonly SubscriberHit[];
  /** Matching entities no subscriber produced (an inventory's devices and doors). */
  readonly unowned: readonly SnapshotEntity[];
}

const MAX_HITS = 100;
const MAX_SUBSCRIBERS = 10;

/** `source:id` when `q` starts with the name of a source; otherwise a plain value. */
export function parseQuery(q: string, sources: readonly string[]): { value: string; source?: string } {
  const m = /^([a-z][a-z0-9_-]*):(.+)$/.exec(q);
  return m && sources.includes(m[1]!) ? { source: m[1]!, value: m[2]!.trim() } : { value: q };
}

export function sourceNames(rt: Runtime): string[] {
  return [...new Set(rt.mappings.map((m) => m.source))].sort();
}

export async function searchSubscribers(rt: Runtime, q: string): Promise<SearchResult> {
  const sources = sourceNames(rt);
  const parsed = parseQuery(q.trim(), sources);
  const kinds = parsed.source ? [] : [...rt.targets.keys()].flatMap((target) => (rt.kinds[target] ?? []).map((k) => ({ target, kind: k.kind })));
  const hits = await rt.store.findSnapshotEntities({ value: parsed.value, kinds, sources: parsed.source ? [parsed.source] : sources, limit: MAX_HITS });
  const origins = new Map<string, { source: string; id: string }>();
  for (const e of hits) if (e.origin) origins.set(`${e.origin.source}\u0000${e.origin.id}`, e.origin);
  const subscribers: SubscriberHit[] = [];
  for (const o of [...origins.values()].slice(0, MAX_SUBSCRIBERS)) {
    const entities = await rt.store.findSnapshotEntities({ value: o.id, kinds: [], sources: [o.source], limit: MAX_HITS });
    subscribers.push({ source: o.source, id: o.id, entities });
  }
  return { subscribers, unowned: hits.filter((e) => !e.origin) };
}
