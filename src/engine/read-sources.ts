/**
 * Reads every source of a runtime once, feeding each batch to the caller as it arrives, and
 * collects which reads could not be proved complete (sources/source.ts ReadCompleteness).
 */
import type { Subscriber } from '../model/subscriber.js';
import type { Runtime } from './runtime.js';

/** Where subscribers come from instead of the sources: batches already in hand (tests, benchmarks). */
export type SubscriberBatches = ReadonlyMap<string, AsyncIterable<readonly Subscriber[]> | Iterable<readonly Subscriber[]>>;

/** How far one source's read is: records fed so far, and whether the read has finished. */
export interface SourceReadProgress {
  readonly source: string;
  readonly read: number;
  readonly done: boolean;
}

export interface SourceReads {
  /** Per source, reading (and feeding) time. */
  readonly readMs: Readonly<Record<string, number>>;
  /** Per source, why its read was not proved complete; absent = proved. */
  readonly incomplete: ReadonlyMap<string, string>;
}

/**
 * Streams every source (or the supplied batches, complete by the caller's word) into `feed`.
 * A source that never reports its completeness counts as unproved.
 */
export async function readSources(
  rt: Pick<Runtime, 'sources' | 'logger'>,
  feed: (source: string, batch: readonly Subscriber[]) => void,
  supplied?: SubscriberBatches,
  onProgress?: (p: SourceReadProgress) => void,
): Promise<SourceReads> {
  const readMs: Record<string, number> = {};
  const incomplete = new Map<string, string>();
  // Per source, the larger of what was fed and what the source says it has read (a source may
  // count records before handing over the page that holds them).
  const counted = new Map<string, number>();
  const progress = (source: string, read: number, done: boolean): void => {
    const n = Math.max(read, counted.get(source) ?? 0);
    counted.set(source, n);
    onProgress?.({ source, read: n, done });
  };
  const readAll = async (name: string, batches: AsyncIterable<readonly Subscriber[]> | Iterable<readonly Subscriber[]>): Promise<void> => {
    const started = performance.now();
    let fed = 0;
    for await (const batch of batches) {
      feed(name, batch);
      fed += batch.length;
      progress(name, fed, false);
    }
    readMs[name] = performance.now() - started;
    progress(name, fed, true);
    rt.logger.info({ source: name, records: fed, ms: Math.round(readMs[name]!) }, 'source read');
  };
  if (supplied) {
    await Promise.all([...supplied].map(([name, batches]) => readAll(name, batches)));
    return { readMs, incomplete };
  }
  await Promise.all(
    [...rt.sources].map(async ([name, source]) => {
      let proved = false;
      const batches = source.read({
        onProgress: (p) => progress(name, p.read, false),
        onCompleteness: (c) => {
          proved = true;
          if (!c.complete) incomplete.set(name, c.reason);
          else rt.logger.debug({ source: name, proof: c.proof }, 'source read proved complete');
        },
      });
      await readAll(name, batches);
      if (!proved) incomplete.set(name, `source ${name} did not prove its read complete`);
    }),
  );
  for (const [source, reason] of incomplete) rt.logger.warn({ source, reason }, 'source read not proved complete: its deletes, blocks and removals are held back');
  return { readMs, incomplete };
}
