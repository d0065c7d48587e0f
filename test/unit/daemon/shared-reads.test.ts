/**
 * SharedSourceRead: targets fed by one source share one read per round — joined mid-stream or
 * replayed, with the read's completeness passed on unchanged; a consumer asking again gets a new
 * read; a failed read fails every consumer that joined it and is not reused.
 */
import { describe, expect, it } from 'vitest';
import type { Subscriber } from '../../../src/model/subscriber.js';
import type { ReadCompleteness, ReadOptions, Source } from '../../../src/sources/source.js';
import { SharedSourceRead } from '../../../src/daemon/shared-reads.js';

const sub = (id: string): Subscriber => ({ source: 's', id }) as unknown as Subscriber;

/** A source of `pages` pages of two subscribers each; `gate` holds each page until released. */
function fakeSource(pages: number, opts: { fail?: boolean; completeness?: ReadCompleteness } = {}) {
  let reads = 0;
  const gates: (() => void)[] = [];
  const source: Source = {
    type: 'fake',
    name: 's',
    async *read(o?: ReadOptions) {
      reads++;
      for (let p = 0; p < pages; p++) {
        await new Promise<void>((r) => gates.push(r));
        yield [sub(`${p}a`), sub(`${p}b`)];
      }
      if (opts.fail) throw new Error('page 3 failed');
      o?.onCompleteness?.(opts.completeness ?? { complete: true, proof: `${pages * 2} = ${pages * 2}` });
    },
    readOne: async () => null,
    close: async () => undefined,
  };
  const release = async (): Promise<void> => {
    while (gates.length > 0) gates.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { source, reads: () => reads, release };
}

async function drain(src: Source): Promise<{ ids: string[]; c?: ReadCompleteness; err?: string }> {
  const ids: string[] = [];
  let c: ReadCompleteness | undefined;
  try {
    for await (const b of src.read({ onCompleteness: (x) => (c = x) })) ids.push(...b.map((s) => s.id));
  } catch (e) {
    return { ids, err: (e as Error).message };
  }
  return c ? { ids, c } : { ids };
}

async function pumpUntil<T>(p: Promise<T>, release: () => Promise<void>): Promise<T> {
  let done = false;
  void p.finally(() => (done = true));
  for (let i = 0; i < 100 && !done; i++) await release();
  return p;
}

describe('SharedSourceRead', () => {
  it('a second target joining mid-stream gets the whole read once, with its proof', async () => {
    const f = fakeSource(3);
    const shared = new SharedSourceRead(f.source, new Set(['a', 'b']), 60_000);
    const a = drain(shared.viewFor('a'));
    await f.release(); // page 0 read
    const b = drain(shared.viewFor('b'));
    const [ra, rb] = await Promise.all([pumpUntil(a, f.release), pumpUntil(b, f.release)]);
    expect(f.reads()).toBe(1);
    expect(rb.ids).toEqual(ra.ids);
    expect(ra.ids).toHaveLength(6);
    expect(rb.c).toEqual({ complete: true, proof: '6 = 6' });
  });

  it('an unproved read stays unproved for every target', async () => {
    const f = fakeSource(2, { completeness: { complete: false, reason: 'short page' } });
    const shared = new SharedSourceRead(f.source, new Set(['a', 'b']), 60_000);
    const ra = await pumpUntil(drain(shared.viewFor('a')), f.release);
    const rb = await pumpUntil(drain(shared.viewFor('b')), f.release);
    expect(f.reads()).toBe(1);
    expect(ra.c).toEqual({ complete: false, reason: 'short page' });
    expect(rb.c).toEqual({ complete: false, reason: 'short page' });
  });

  it('the next round reads again, and a read older than freshMs is not joined', async () => {
    const f = fakeSource(1);
    let now = 0;
    const shared = new SharedSourceRead(f.source, new Set(['a', 'b']), 1000, () => now);
    await pumpUntil(drain(shared.viewFor('a')), f.release);
    await pumpUntil(drain(shared.viewFor('a')), f.release);
    expect(f.reads()).toBe(2);
    now = 5000;
    const rb = await pumpUntil(drain(shared.viewFor('b')), f.release);
    expect(f.reads()).toBe(3);
    expect(rb.ids).toEqual(['0a', '0b']);
  });

  it('a read still under way is joined however long it has run', async () => {
    const f = fakeSource(2);
    let now = 0;
    const shared = new SharedSourceRead(f.source, new Set(['a', 'b']), 1000, () => now);
    const a = drain(shared.viewFor('a'));
    await f.release();
    now = 5000;
    const b = drain(shared.viewFor('b'));
    const [ra, rb] = await Promise.all([pumpUntil(a, f.release), pumpUntil(b, f.release)]);
    expect(f.reads()).toBe(1);
    expect(rb.ids).toEqual(ra.ids);
  });

  it('a failed read fails every target that joined it and is not reused', async () => {
    const f = fakeSource(2, { fail: true });
    const shared = new SharedSourceRead(f.source, new Set(['a', 'b']), 60_000);
    const a = drain(shared.viewFor('a'));
    const b = drain(shared.viewFor('b'));
    const [ra, rb] = await Promise.all([pumpUntil(a, f.release), pumpUntil(b, f.release)]);
    expect(ra.err).toBe('page 3 failed');
    expect(rb.err).toBe('page 3 failed');
    expect(ra.c).toBeUndefined();
    expect(f.reads()).toBe(1);
    await pumpUntil(drain(shared.viewFor('b')), f.release);
    expect(f.reads()).toBe(2);
  });
});
