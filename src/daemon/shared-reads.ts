/**
 * One read per source per round in the daemon. Each target has its own worker and schedule, and
 * each full reconcile reads the sources its mappings use; without sharing, a source feeding N
 * targets was read N times a round. Here every target ("consumer") of a source reads through one
 * shared read: the first consumer to ask starts it, the others join it — while it streams (they
 * get the batches already read, then the rest as they arrive) or after it finished (replayed) —
 * and its completeness proof (or the reason it has none) reaches every consumer unchanged, so the
 * safety gates judge each target's plan on exactly the read it was made from.
 *
 * A consumer never sees the same read twice: when it asks again after consuming the current one,
 * a fresh read starts (the others join that one). A read is also never older than `freshMs` when
 * joined (at most one round of the fastest target fed by the source), so sharing never makes
 * a target's data staler than its own schedule would. Batches are released as soon as every
 * consumer has taken the read, or a newer read replaces it. A failed read fails each consumer
 * that joined it and is forgotten: the next ask reads again.
 *
 * Point reads (`readOne`, triggers) are never shared: they exist to see the subscriber now.
 */
import type { Subscriber } from '../model/subscriber.js';
import type { ReadCompleteness, ReadOptions, Source } from '../sources/source.js';

interface Generation {
  readonly startedAt: number;
  readonly batches: (readonly Subscriber[])[];
  /** Consumers that have joined this read. */
  readonly joined: Set<string>;
  done: boolean;
  failed?: unknown;
  completeness?: ReadCompleteness;
  /** Records the source reported read so far (its own progress count). */
  progress: number;
  /** Wakes consumers waiting for the next batch or the end. */
  waiters: (() => void)[];
  released: boolean;
  /** Consumers iterating this read now; its batches are freed only when none is. */
  active: number;
}

/** Shared reads of one source among the consumers (targets) it feeds. */
export class SharedSourceRead {
  private current: Generation | null = null;
  /** Reads started (for tests and metrics). */
  reads = 0;

  /**
   * @param consumers every target fed by this source (the read is released once all have it)
   * @param freshMs how old a read may be and still be joined
   */
  constructor(
    private readonly source: Source,
    private readonly consumers: ReadonlySet<string>,
    private readonly freshMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A Source for one consumer: its `read()` goes through the shared read. */
  viewFor(consumer: string): Source {
    const src = this.source;
    return {
      type: src.type,
      name: src.name,
      read: (opts?: ReadOptions) => this.read(consumer, opts),
      readOne: (id) => src.readOne(id),
      // Change listings, like point reads, are never shared: each round asks for its own window.
      ...(src.changedSince ? { changedSince: (since: Date, signal?: AbortSignal) => src.changedSince!(since, signal) } : {}),
      ...(src.check ? { check: (signal?: AbortSignal) => src.check!(signal) } : {}),
      // The source belongs to the runtime; a view closes nothing.
      close: async () => undefined,
    };
  }

  private async *read(consumer: string, opts?: ReadOptions): AsyncGenerator<readonly Subscriber[]> {
    const g = this.join(consumer);
    g.active++;
    try {
      let i = 0;
      for (;;) {
        while (i < g.batches.length) yield g.batches[i++]!;
        if (g.done) break;
        await new Promise<void>((resolve) => g.waiters.push(resolve));
      }
    } finally {
      g.active--;
      this.maybeRelease(g);
    }
    if (g.failed !== undefined) throw g.failed;
    opts?.onProgress?.({ read: g.progress });
    if (g.completeness) opts?.onCompleteness?.(g.completeness);
  }

  private join(consumer: string): Generation {
    const g = this.current;
    // A read still under way is always worth joining (its pages are being read now); a finished
    // one only while younger than freshMs.
    const fresh = g !== null && g.failed === undefined && !g.released && (!g.done || this.now() - g.startedAt <= this.freshMs);
    if (g && fresh && !g.joined.has(consumer)) {
      g.joined.add(consumer);
      return g;
    }
    if (g) this.release(g);
    const next: Generation = { startedAt: this.now(), batches: [], joined: new Set([consumer]), done: false, progress: 0, waiters: [], released: false, active: 0 };
    this.current = next;
    this.reads++;
    // A consumer that never comes (its target backed off, stopped) must not pin the batches.
    setTimeout(() => {
      if (next.done) this.release(next);
    }, this.freshMs).unref();
    void this.pump(next);
    return next;
  }

  private async pump(g: Generation): Promise<void> {
    const wake = (): void => {
      const w = g.waiters;
      g.waiters = [];
      for (const f of w) f();
    };
    try {
      for await (const batch of this.source.read({
        onProgress: (p) => {
          g.progress = p.read;
        },
        onCompleteness: (c) => {
          g.completeness = c;
        },
      })) {
        g.batches.push(batch);
        wake();
      }
    } catch (err) {
      g.failed = err;
      if (this.current === g) this.current = null;
    }
    g.done = true;
    wake();
    if (this.now() - g.startedAt > this.freshMs) this.release(g);
    else if (g.released) this.free(g);
  }

  /** Frees the batches once every consumer of the source has taken this read. */
  private maybeRelease(g: Generation): void {
    if (g.released) this.free(g);
    else if (g.done && [...this.consumers].every((c) => g.joined.has(c))) this.release(g);
  }

  private release(g: Generation): void {
    g.released = true;
    if (this.current === g) this.current = null;
    this.free(g);
  }

  /** Drops the batches of a released read once no consumer is still iterating it. */
  private free(g: Generation): void {
    if (g.done && g.active === 0) g.batches.length = 0;
  }
}

/**
 * The daemon's shared reads: one SharedSourceRead per source, keyed by source name.
 * `sourcesFor(target)` gives a target's runs a view of each source it maps from.
 */
export class SharedReads {
  private readonly bySource = new Map<string, SharedSourceRead>();

  constructor(
    sources: ReadonlyMap<string, Source>,
    /** source → targets it feeds */
    consumers: ReadonlyMap<string, ReadonlySet<string>>,
    freshMs: (source: string) => number,
    now?: () => number,
  ) {
    for (const [name, src] of sources) {
      const fed = consumers.get(name);
      if (fed && fed.size > 0) this.bySource.set(name, new SharedSourceRead(src, fed, freshMs(name), now));
    }
  }

  /** The shared read of one source (undefined when no target maps from it). */
  of(source: string): SharedSourceRead | undefined {
    return this.bySource.get(source);
  }

  /** A consumer's views of the given sources (those not shared pass through unchanged). */
  viewsFor(consumer: string, sources: ReadonlyMap<string, Source>): Map<string, Source> {
    return new Map([...sources].map(([name, src]) => [name, this.bySource.get(name)?.viewFor(consumer) ?? src]));
  }
}
