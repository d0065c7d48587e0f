/**
 * SourceFeed keeps a source's last complete read for the bridges: only proved-complete reads are
 * kept (through the tap, whoever reads), point reads update one subscriber, concurrent reads
 * share one source call, and its own schedule reads only when the kept read is old. RowIndex
 * follows it, a point read taken while a new read is indexed included.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SourceFeed } from '../../../src/bridges/source-feed.js';
import { RowIndex } from '../../../src/bridges/row-index.js';
import { normalisePhone } from '../../../src/bridges/smartyard-billing/phone.js';
import { createLogger } from '../../../src/util/logger.js';
import { MemorySource } from '../../support/memory-source.js';
import { aSubscriber } from '../../support/subscriber-builder.js';

const logger = createLogger({ level: 'silent' });
let clock = 0;
const now = (): Date => new Date(clock);

function feedOf(source: MemorySource, refreshMs = 60_000): SourceFeed {
  return new SourceFeed(source, { refreshMs, now, logger });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SourceFeed', () => {
  it('keeps a complete read — its own or anyone\'s through the tap — and never an unproved one', async () => {
    clock = 1000;
    const source = new MemorySource('s', [aSubscriber({ id: '1' }), aSubscriber({ id: '2' })]);
    const feed = feedOf(source);
    for await (const _ of feed.tapped.read()) {
      // a reconcile consuming the read
    }
    expect([...feed.current()!.byId.keys()]).toEqual(['1', '2']);
    expect(feed.current()!.readAt.getTime()).toBe(1000);

    source.subscribers.delete('2');
    source.incomplete = 'Count 2 ≠ 1';
    clock = 2000;
    await feed.readAll();
    expect([...feed.current()!.byId.keys()]).toEqual(['1', '2']);
    expect(feed.current()!.readAt.getTime()).toBe(1000);
    expect(feed.state().lastError).toBe('Count 2 ≠ 1');

    source.read = async function* () {
      yield [];
      throw new Error('HTTP 502');
    };
    await feed.readAll();
    expect(feed.state().lastError).toBe('HTTP 502');
    expect(feed.current()!.byId.size).toBe(2);
  });

  it('one read at a time; concurrent point reads of one subscriber share one call; null drops it', async () => {
    const source = new MemorySource('s', [aSubscriber({ id: '1' }), aSubscriber({ id: '2' })]);
    const feed = feedOf(source);
    await Promise.all([feed.readAll(), feed.readAll(), feed.readAll()]);
    expect(source.reads).toBe(1);
    clock = 5000;
    source.set(aSubscriber({ id: '1', status: 'off' }));
    source.subscribers.delete('2');
    await Promise.all([feed.refreshOne('1'), feed.refreshOne('1'), feed.refreshOne('2')]);
    expect(source.pointReads).toBe(2);
    const snap = feed.current()!;
    expect(snap.byId.get('1')!.status).toBe('off');
    expect(snap.byId.has('2')).toBe(false);
    expect(snap.readAtOf('1').getTime()).toBe(5000);
  });

  it('reads on its own only when nothing is kept or the kept read is older than refresh', async () => {
    vi.useFakeTimers();
    clock = 0;
    const source = new MemorySource('s', [aSubscriber({ id: '1' })]);
    const feed = feedOf(source, 60_000);
    feed.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(source.reads).toBe(1);
    // A reconcile reads at 50 s: the feed's next own read moves out to 110 s.
    clock = 50_000;
    await vi.advanceTimersByTimeAsync(50_000);
    for await (const _ of feed.tapped.read()) {
      // reconcile
    }
    expect(source.reads).toBe(2);
    clock = 100_000;
    await vi.advanceTimersByTimeAsync(50_000);
    expect(source.reads).toBe(2);
    clock = 111_000;
    await vi.advanceTimersByTimeAsync(61_000);
    expect(source.reads).toBe(3);
    feed.stop();
  });
});

describe('RowIndex', () => {
  it('a point read taken while a new read is being indexed is in the index after the swap', async () => {
    const subs = Array.from({ length: 10_000 }, (_, i) => aSubscriber({ id: String(i), account: `a${i}` }));
    const source = new MemorySource('s', subs);
    const feed = feedOf(source);
    const index = new RowIndex((s) => s.account);
    feed.listen(index);
    await feed.readAll();
    // The index is built in slices: it is still on nothing when the point read lands.
    expect(index.snapshot).toBeUndefined();
    source.set(aSubscriber({ id: '9999', account: 'changed' }));
    await feed.refreshOne('9999');
    await index.settled();
    expect(index.rows.size).toBe(10_000);
    expect(index.rows.get('9999')).toBe('changed');
    const v = index.version;
    source.subscribers.delete('5');
    await feed.refreshOne('5');
    expect(index.rows.has('5')).toBe(false);
    expect(index.version).toBe(v + 1);
  });
});

describe('normalisePhone (SmartYard style 8XXXXXXXXXX)', () => {
  it.each([
    ['89103523378', '89103523378'],
    ['+7 (910) 352-33-78', '89103523378'],
    ['79103523378', '89103523378'],
    ['9103523378', '89103523378'],
    ['8 910 352 33 78 доб. 12', '89103523378'],
    ['+375 29 123-45-67', '375291234567'],
  ])('%s → %s', (input, want) => {
    expect(normalisePhone(input)).toBe(want);
  });

  it.each(['', 'abc', '<script>1</script>', '12', '1234567890123456'])('%j is no phone', (input) => {
    expect(normalisePhone(input)).toBeNull();
  });
});
