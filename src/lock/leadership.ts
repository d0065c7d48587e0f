/**
 * Leadership: which targets this process may reconcile. With PostgreSQL several daemons share a
 * store and each target has one leader at a time (advisory locks); with SQLite one process owns
 * the whole store (a lock file). Losing leadership stops the target's in-flight apply.
 */

export interface LeadershipEvents {
  acquired(target: string): void;
  lost(target: string, reason: string): void;
}

export interface Leadership {
  readonly kind: 'postgres' | 'sqlite-file' | 'in-memory';
  /**
   * Takes what it can now, then (with `watch`) keeps trying for the rest and watching what it
   * holds. Throws BillsyncError when the store is owned by another process outright (SQLite).
   */
  start(events: LeadershipEvents, opts: { watch: boolean }): Promise<void>;
  holds(target: string): boolean;
  /** Targets held now. */
  held(): readonly string[];
  /** Gives everything up. */
  close(): Promise<void>;
}

/** Leadership of a store no other process can see (`sqlite::memory:`): everything, always. */
export class InMemoryLeadership implements Leadership {
  readonly kind = 'in-memory';
  private started = false;
  constructor(private readonly targets: readonly string[]) {}
  async start(events: LeadershipEvents): Promise<void> {
    this.started = true;
    for (const t of this.targets) events.acquired(t);
  }
  holds(target: string): boolean {
    return this.started && this.targets.includes(target);
  }
  held(): readonly string[] {
    return this.started ? this.targets : [];
  }
  async close(): Promise<void> {
    this.started = false;
  }
}
