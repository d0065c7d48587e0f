/**
 * Reads every source the mappings use, whole. A source that fails fails the run: a partial read
 * must never reach the planner, where it would look like subscribers leaving.
 */
import type { Subscriber } from '../model/subscriber.js';
import type { Source } from '../sources/source.js';

export interface SourceRead {
  readonly subscribers: readonly Subscriber[];
  readonly ms: number;
}

export async function readSources(
  sources: ReadonlyMap<string, Source>,
  onProgress?: (source: string, read: number) => void,
): Promise<Map<string, SourceRead>> {
  const out = new Map<string, SourceRead>();
  await Promise.all(
    [...sources].map(async ([name, source]) => {
      const started = performance.now();
      const subscribers: Subscriber[] = [];
      for await (const batch of source.read({ onProgress: (p) => onProgress?.(name, p.read) })) {
        for (const s of batch) subscribers.push(s);
      }
      out.set(name, { subscribers, ms: performance.now() - started });
    }),
  );
  return out;
}
