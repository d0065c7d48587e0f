/**
 * A bridge's answers, precomputed per subscriber from its source's kept read: `build` turns a
 * subscriber into the bridge's row (or undefined: not answered for). A new complete read is
 * indexed in slices that yield to the event loop, so answers keep flowing (from the previous
 * index) while 100k rows are built; a point read re-indexes one subscriber at once. Secondary
 * indexes (phone → uids, …) follow through `Secondary`.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Subscriber } from '../model/subscriber.js';
import type { SnapshotListener, SourceSnapshot } from './source-snapshot.js';

/** A lookup derived from the rows, kept in step with them. */
export interface Secondary<R> {
  add(id: string, row: R): void;
  remove(id: string, row: R): void;
  clear(): void;
}

/** Longest stretch of indexing between two turns of the event loop. */
const SLICE_MS = 2;
const CHECK_EVERY = 32;

export class RowIndex<R> implements SnapshotListener {
  private rowsById = new Map<string, R>();
  private snap: SourceSnapshot | undefined;
  private generation = 0;
  private building: Promise<void> | null = null;
  /** Bumped on every change: bridges cache whole answers per version. */
  version = 0;

  constructor(
    private readonly build: (sub: Subscriber) => R | undefined,
    /** Factory of fresh secondaries (one set per built index, swapped in with it). */
    private readonly makeSecondaries: () => readonly Secondary<R>[] = () => [],
    private secondaries: readonly Secondary<R>[] = makeSecondaries(),
  ) {}

  /** The snapshot the rows come from; undefined until the first complete read is indexed. */
  get snapshot(): SourceSnapshot | undefined {
    return this.snap;
  }

  get rows(): ReadonlyMap<string, R> {
    return this.rowsById;
  }

  /** Secondary indexes currently in use, in the order makeSecondaries returns them. */
  get lookups(): readonly Secondary<R>[] {
    return this.secondaries;
  }

  /** Resolves when the latest replaced read is indexed (tests, benchmarks). */
  settled(): Promise<void> {
    return this.building ?? Promise.resolve();
  }

  replaced(snapshot: SourceSnapshot): void {
    const generation = ++this.generation;
    const run = this.rebuild(snapshot, generation).finally(() => {
      if (this.building === run) this.building = null;
    });
    this.building = run;
  }

  changed(snapshot: SourceSnapshot, id: string, _before: Subscriber | undefined, after: Subscriber | undefined): void {
    // A point read of an older snapshot than the one indexed (or being indexed) changes nothing
    // here: the rebuild reads the snapshot's map, which already holds it.
    if (snapshot !== this.snap) return;
    this.putRow(id, after === undefined ? undefined : this.build(after));
  }

  private putRow(id: string, row: R | undefined): void {
    const before = this.rowsById.get(id);
    if (before !== undefined) for (const s of this.secondaries) s.remove(id, before);
    if (row === undefined) this.rowsById.delete(id);
    else {
      this.rowsById.set(id, row);
      for (const s of this.secondaries) s.add(id, row);
    }
    this.version++;
  }

  private async rebuild(snapshot: SourceSnapshot, generation: number): Promise<void> {
    const rows = new Map<string, R>();
    const secondaries = this.makeSecondaries();
    let n = 0;
    let sliceStart = performance.now();
    for (const [id, sub] of snapshot.byId) {
      const row = this.build(sub);
      if (row !== undefined) {
        rows.set(id, row);
        for (const s of secondaries) s.add(id, row);
      }
      // Yield by time, not count: rows cost tens of µs on a loaded box, and answers waiting
      // behind a slice are what the 50 ms bar measures.
      if (++n % CHECK_EVERY === 0 && performance.now() - sliceStart > SLICE_MS) {
        await yieldToLoop();
        sliceStart = performance.now();
        // A newer read arrived meanwhile: its rebuild wins.
        if (generation !== this.generation) return;
      }
    }
    if (generation !== this.generation) return;
    // Point reads applied to this snapshot while it was being indexed are in its map; a slice
    // already passed may hold the older row, so rebuild exactly those few.
    this.rowsById = rows;
    this.secondaries = secondaries;
    this.snap = snapshot;
    for (const [id, sub] of snapshot.byId) {
      if (snapshot.readAtOf(id) !== snapshot.readAt) this.putRow(id, this.build(sub));
    }
    for (const id of [...rows.keys()]) if (!snapshot.byId.has(id)) this.putRow(id, undefined);
    this.version++;
  }
}
