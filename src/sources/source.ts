/**
 * The contract every source implements: read all subscribers in scope, or one by id.
 * A source never returns a partial result: a failed page fails the whole read, because a
 * short read would look like subscribers leaving (DESIGN rule 5).
 */
import type { Subscriber } from '../model/subscriber.js';
import type { Logger } from '../util/logger.js';
import type { CheckResult } from '../model/check.js';
import type { AdapterDescriptor } from '../config/adapter-descriptor.js';

export interface ReadProgress {
  readonly read: number;
}

/**
 * How a full read proved it saw every subscriber in scope — or why it could not. A plan deletes
 * or blocks nothing on a source's word unless its last read was proved complete (DESIGN rule 5):
 * a total/count from the API matched, no page came back short in the middle, pages were read in
 * a stable order. A read that cannot prove it says so here instead of failing, so the creates
 * and updates of the subscribers it did return still go ahead.
 */
export type ReadCompleteness =
  | { readonly complete: true; /** e.g. `Count 1,000 = 1,000 read` */ readonly proof: string }
  | { readonly complete: false; /** what could not be proved, for the plan's held-back list */ readonly reason: string };

export interface ReadOptions {
  readonly onProgress?: (p: ReadProgress) => void;
  /**
   * Called once, after the last batch of a read that did not throw. A source that never calls
   * it is taken as unproved: its read plans no deletes or blocks.
   */
  readonly onCompleteness?: (c: ReadCompleteness) => void;
}

/**
 * What a source says changed since a moment: the ids (as `readOne` takes them) of the subscribers
 * whose records show a change at or after `since`. A hint, never a verdict: a subscriber missing
 * from it is not gone, and nothing is deleted or blocked on its strength — the ids are point-read
 * and only those reads decide (DESIGN rule 5).
 */
export interface ChangeSet {
  readonly ids: readonly string[];
  /** Requests the listing cost (for logs and the benchmark). */
  readonly requests: number;
  /** What the listing looked at, e.g. `getUsboxServices: created/timefrom/timeto` (logs, README). */
  readonly basis: string;
}

export interface Source {
  readonly type: string;
  /** Source name in sync.yaml. */
  readonly name: string;
  /** Streams subscribers in batches (one page at a time). Throws SourceReadError on failure. */
  read(opts?: ReadOptions): AsyncIterable<readonly Subscriber[]>;
  /** One subscriber by its source id; null when the source does not know it. */
  readOne(id: string): Promise<Subscriber | null>;
  /**
   * The subscribers changed since `since`, where the source's API can tell (a modification
   * date, an event log). Absent = the source cannot: the daemon reads it whole every round.
   * Throws SourceReadError when the listing fails (the round then fails and keeps its watermark).
   */
  changedSince?(since: Date, signal?: AbortSignal): Promise<ChangeSet>;
  /** Read-only compatibility checks (login, the endpoints the read relies on); see model/check.ts. */
  check?(signal?: AbortSignal): Promise<readonly CheckResult[]>;
  close(): Promise<void>;
}

export interface SourceFactoryDeps {
  readonly logger: Logger;
  /** Injected clock, so "active now" is testable. */
  readonly now: () => Date;
}

/**
 * A source type's descriptor (config/adapter-descriptor.ts: type, options schema and parser,
 * emulator) and its factory. Registered in sources/registry.ts.
 */
export interface SourceFactory extends AdapterDescriptor {
  create(name: string, config: Readonly<Record<string, unknown>>, deps: SourceFactoryDeps): Source;
}
