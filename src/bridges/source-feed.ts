/**
 * Keeps one source's last complete read for the bridges. Reads come two ways: the daemon's own
 * reconciles (the source is wrapped by `tap`, so a read the engine proved complete is kept at no
 * extra cost), and the feed's own reads when the kept one is older than `refreshMs` (a source no
 * target reads, a follower daemon, or startup). A read that was not proved complete is never
 * kept: answers then stay on the older, complete one and say how old it is. A point read
 * (`refreshOne`, or any trigger's read of one subscriber) updates one subscriber in place.
 */
import type { Subscriber } from '../model/subscriber.js';
import type { ReadOptions, Source } from '../sources/source.js';
import type { Logger } from '../util/logger.js';
import { SourceSnapshot, type SnapshotListener } from './source-snapshot.js';

export interface SourceFeedOptions {
  readonly refreshMs: number;
  readonly now: () => Date;
  readonly logger: Logger;
}

/** Why there is no snapshot yet, for 503 answers. */
export interface FeedState {
  readonly reading: boolean;
  readonly readingSince: Date | null;
  readonly lastError: string | null;
}

export class SourceFeed {
  private snapshot: SourceSnapshot | undefined;
  private readonly listeners: SnapshotListener[] = [];
  private reading: Promise<void> | null = null;
  private readingSince: Date | null = null;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly pointReads = new Map<string, Promise<Subscriber | null>>();
  /** The source as the rest of the daemon should use it: reads through it feed this cache. */
  readonly tapped: Source;

  constructor(
    private readonly source: Source,
    private readonly opts: SourceFeedOptions,
  ) {
    this.tapped = tap(source, this);
  }

  get name(): string {
    return this.source.name;
  }

  current(): SourceSnapshot | undefined {
    return this.snapshot;
  }

  state(): FeedState {
    return { reading: this.reading !== null, readingSince: this.readingSince, lastError: this.lastError };
  }

  listen(l: SnapshotListener): void {
    this.listeners.push(l);
    if (this.snapshot) l.replaced(this.snapshot);
  }

  /** Starts keeping the read fresh: reads now when nothing is kept, then whenever it gets old. */
  start(): void {
    const tick = (): void => {
      const snap = this.snapshot;
      const age = snap ? this.opts.now().getTime() - snap.readAt.getTime() : Infinity;
      if (age >= this.opts.refreshMs) void this.readAll();
      // Checks at least once a minute, so a read kept by a reconcile pushes the next own read out.
      this.timer = setTimeout(tick, Math.max(1000, Math.min(this.opts.refreshMs - Math.min(age, this.opts.refreshMs), 60_000)));
      this.timer.unref();
    };
    tick();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Reads the whole source now (one at a time); the result is kept when proved complete. */
  readAll(): Promise<void> {
    if (this.reading) return this.reading;
    this.readingSince = this.opts.now();
    this.reading = (async () => {
      try {
        // Through the tap: a complete read is kept by the same path as a reconcile's.
        for await (const _batch of this.tapped.read()) {
          // the tap collects
        }
      } catch (err) {
        this.lastError = (err as Error).message;
        this.opts.logger.warn({ source: this.name, err: this.lastError }, 'bridge read of the source failed; answers stay on the last complete read');
      } finally {
        this.reading = null;
        this.readingSince = null;
      }
    })();
    return this.reading;
  }

  /**
   * Reads one subscriber again and updates the kept read. Concurrent refreshes of one id share
   * one source call. Null: the source does not know the id (it is dropped from answers).
   */
  refreshOne(id: string): Promise<Subscriber | null> {
    const running = this.pointReads.get(id);
    if (running) return running;
    const p = this.tapped.readOne(id).finally(() => this.pointReads.delete(id));
    this.pointReads.set(id, p);
    return p;
  }

  /** @internal the tap: a complete read arrived. */
  keepRead(subscribers: readonly Subscriber[], proof: string): void {
    const byId = new Map<string, Subscriber>();
    for (const s of subscribers) byId.set(s.id, s);
    this.snapshot = new SourceSnapshot(this.name, this.opts.now(), proof, byId);
    this.lastError = null;
    this.opts.logger.info({ source: this.name, subscribers: byId.size }, 'bridges: kept a complete read');
    for (const l of this.listeners) l.replaced(this.snapshot);
  }

  /** @internal the tap: a point read arrived. */
  keepOne(id: string, sub: Subscriber | null): void {
    const snap = this.snapshot;
    if (!snap) return;
    const before = snap.put(id, sub, this.opts.now());
    for (const l of this.listeners) l.changed(snap, id, before, sub ?? undefined);
  }

  /** @internal the tap: a read failed or was not proved complete. */
  notKept(reason: string): void {
    this.lastError = reason;
  }
}

/** The source, with its reads reported to the feed. Everything else passes through. */
function tap(source: Source, feed: SourceFeed): Source {
  return {
    type: source.type,
    name: source.name,
    async *read(opts?: ReadOptions): AsyncIterable<readonly Subscriber[]> {
      const seen: Subscriber[] = [];
      let proof: string | null = null;
      let reason = `source ${source.name} did not prove its read complete`;
      const batches = source.read({
        ...opts,
        onCompleteness: (c) => {
          if (c.complete) proof = c.proof;
          else reason = c.reason;
          opts?.onCompleteness?.(c);
        },
      });
      for await (const batch of batches) {
        for (const s of batch) seen.push(s);
        yield batch;
      }
      if (proof !== null) feed.keepRead(seen, proof);
      else feed.notKept(reason);
    },
    async readOne(id: string): Promise<Subscriber | null> {
      const sub = await source.readOne(id);
      feed.keepOne(id, sub);
      return sub;
    },
    ...(source.check ? { check: (signal?: AbortSignal) => source.check!(signal) } : {}),
    close: () => source.close(),
  };
}
