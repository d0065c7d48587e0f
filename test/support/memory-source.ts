/**
 * A Source over subscribers held in memory, for tests and benchmarks of what consumes reads
 * (the bridges): its reads prove themselves complete unless told otherwise, and it counts calls.
 */
import type { Subscriber } from '../../src/model/subscriber.js';
import type { ReadOptions, Source } from '../../src/sources/source.js';

export class MemorySource implements Source {
  readonly type = 'memory';
  readonly subscribers = new Map<string, Subscriber>();
  /** Set to a reason to make reads unproved. */
  incomplete: string | undefined;
  reads = 0;
  pointReads = 0;

  constructor(
    readonly name: string,
    subs: readonly Subscriber[] = [],
  ) {
    for (const s of subs) this.subscribers.set(s.id, s);
  }

  set(sub: Subscriber): void {
    this.subscribers.set(sub.id, sub);
  }

  async *read(opts?: ReadOptions): AsyncIterable<readonly Subscriber[]> {
    this.reads++;
    const all = [...this.subscribers.values()];
    for (let i = 0; i < all.length; i += 1000) yield all.slice(i, i + 1000);
    opts?.onCompleteness?.(this.incomplete === undefined ? { complete: true, proof: `${all.length} = ${all.length} read` } : { complete: false, reason: this.incomplete });
  }

  async readOne(id: string): Promise<Subscriber | null> {
    this.pointReads++;
    return this.subscribers.get(id) ?? null;
  }

  async close(): Promise<void> {}
}
