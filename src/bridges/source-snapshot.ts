/**
 * The answer cache's ground truth: one source's last complete read (every subscriber by id,
 * when it was read, how completeness was proved), plus the subscribers a point read refreshed
 * since. Bridges build their indexes from it and follow its changes (listeners).
 */
import type { Subscriber } from '../model/subscriber.js';

export interface SnapshotListener {
  /** A new complete read replaced everything. */
  replaced(snapshot: SourceSnapshot): void;
  /** A point read changed one subscriber (`after` undefined: the source no longer knows it). */
  changed(snapshot: SourceSnapshot, id: string, before: Subscriber | undefined, after: Subscriber | undefined): void;
}

export class SourceSnapshot {
  private readonly refreshed = new Map<string, Date>();

  constructor(
    readonly source: string,
    /** When the complete read finished. */
    readonly readAt: Date,
    /** How the read proved it saw everyone (sources/source.ts ReadCompleteness). */
    readonly proof: string,
    readonly byId: Map<string, Subscriber>,
  ) {}

  /** When this subscriber's data was read: its point refresh, else the full read. */
  readAtOf(id: string): Date {
    return this.refreshed.get(id) ?? this.readAt;
  }

  /** Applies a point read; returns the record it replaced. */
  put(id: string, sub: Subscriber | null, at: Date): Subscriber | undefined {
    const before = this.byId.get(id);
    if (sub === null) this.byId.delete(id);
    else this.byId.set(id, sub);
    this.refreshed.set(id, at);
    return before;
  }
}

/** Age of data read at `at`, in whole seconds, as answers state it. */
export function ageSeconds(at: Date, now: Date): number {
  return Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
}
