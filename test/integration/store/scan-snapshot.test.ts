/**
 * scanSnapshot on both dialects: every row once, in chunks of at most the size asked for, in
 * code-point (kind, key) order — the order SnapshotHasher hashes in, so a streamed plan's
 * snapshot hash equals the store's own.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotEntity } from '../../../src/model/entity.js';
import { fromLoadedRow } from '../../../src/model/loaded-row.js';
import { SnapshotHasher } from '../../../src/store/snapshot-hash.js';
import type { Store } from '../../../src/store/store.js';
import { HARNESSES, type TestStore } from './dialects.js';
import { byKindKey, entity, many, SAMPLE } from './fixtures.js';

describe.each(HARNESSES)('scanSnapshot on $name', (harness) => {
  let t: TestStore;
  let store: Store;
  beforeEach(async () => {
    t = await harness.create();
    store = t.store;
  });
  afterEach(async () => {
    await t?.cleanup();
  });

  const scan = async (target: string, chunkRows: number): Promise<SnapshotEntity[][]> => {
    const chunks: SnapshotEntity[][] = [];
    await store.scanSnapshot(target, chunkRows, (rows) => chunks.push(rows.map((r) => fromLoadedRow(target, r))));
    return chunks;
  };

  it('hands over every row once, in chunks across the boundary (1001 rows by 250), equal to loadSnapshot', async () => {
    await store.putSnapshot([...many(1001), ...many(3, 'other')]);
    const chunks = await scan('bulk', 250);
    expect(chunks.map((c) => c.length)).toEqual([250, 250, 250, 250, 1]);
    expect(byKindKey(chunks.flat())).toEqual(byKindKey(await store.loadSnapshot('bulk')));
  });

  it('an exact multiple of the chunk ends without an empty chunk; an empty target calls nothing', async () => {
    await store.putSnapshot(many(500));
    expect((await scan('bulk', 100)).map((c) => c.length)).toEqual([100, 100, 100, 100, 100]);
    expect(await scan('nobody', 100)).toEqual([]);
  });

  it('orders by code point (Cyrillic, upper/lower case, an emoji key), so the streamed hash is the store hash', async () => {
    const rows = [...SAMPLE, entity({ key: 'a' }), entity({ key: 'B' }), entity({ key: 'я' }), entity({ key: '\u{1F4FA}' }), entity({ key: '\uFF21' })];
    await store.putSnapshot(rows);
    const hasher = new SnapshotHasher();
    for (const r of (await scan('tv', 2)).flat()) hasher.add({ kind: r.kind, key: r.key, hash: r.hash, remote_id: r.remoteId });
    expect(hasher.digest()).toBe(await store.snapshotHash('tv'));
  });

  it('a row written after a scan is seen by the next one (the cursor is closed, the connection free)', async () => {
    await store.putSnapshot(many(10));
    await scan('bulk', 3);
    await store.putSnapshot([entity({ target: 'bulk', key: 'zz' })]);
    expect((await scan('bulk', 3)).flat()).toHaveLength(11);
  });
});
