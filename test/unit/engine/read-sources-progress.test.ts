/** readSources reports each source's progress (records fed, and the source's own count) and its end. */
import { describe, expect, it } from 'vitest';
import { readSources, type SourceReadProgress } from '../../../src/engine/read-sources.js';
import type { ReadOptions, Source } from '../../../src/sources/source.js';
import { silentLogger } from '../../../src/util/logger.js';
import { aSubscriber } from '../../support/subscriber-builder.js';

function source(name: string, pages: number[], opts: { ownCount?: number } = {}): Source {
  return {
    type: 'fake',
    name,
    async *read(o: ReadOptions = {}) {
      let id = 0;
      for (const size of pages) {
        // A source may count records before it hands over their page.
        if (opts.ownCount !== undefined) o.onProgress?.({ read: opts.ownCount });
        yield Array.from({ length: size }, () => aSubscriber({ id: `${name}-${++id}` }));
      }
      o.onCompleteness?.({ complete: true, proof: 'test' });
    },
    async readOne() {
      return null;
    },
    async close() {},
  };
}

describe('readSources progress', () => {
  it('reports records per source as pages arrive, then done, keeping completeness', async () => {
    const seen: SourceReadProgress[] = [];
    const fed: string[] = [];
    const reads = await readSources(
      { sources: new Map([['hydra', source('hydra', [2, 3])], ['userside', source('userside', [1], { ownCount: 4 })]]), logger: silentLogger() },
      (s, batch) => fed.push(`${s}:${batch.length}`),
      undefined,
      (p) => seen.push(p),
    );
    expect(reads.incomplete.size).toBe(0);
    expect(fed.sort()).toEqual(['hydra:2', 'hydra:3', 'userside:1']);
    const of = (s: string) => seen.filter((p) => p.source === s).map((p) => `${p.read}${p.done ? ' done' : ''}`);
    expect(of('hydra')).toEqual(['2', '5', '5 done']);
    // The source's own count is larger than what was fed so far: the larger one shows.
    expect(of('userside')).toEqual(['4', '4', '4 done']);
  });
});
