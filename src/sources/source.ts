/**
 * The contract every source implements: read all subscribers in scope, or one by id.
 * A source never returns a partial result: a failed page fails the whole read, because a
 * short read would look like subscribers leaving (DESIGN rule 5).
 */
import type { Subscriber } from '../model/subscriber.js';
import type { Logger } from '../util/logger.js';

export interface ReadProgress {
  readonly read: number;
}

export interface Source {
  readonly type: string;
  /** Source name in sync.yaml. */
  readonly name: string;
  /** Streams subscribers in batches (one page at a time). Throws SourceReadError on failure. */
  read(opts?: { onProgress?: (p: ReadProgress) => void }): AsyncIterable<readonly Subscriber[]>;
  /** One subscriber by its source id; null when the source does not know it. */
  readOne(id: string): Promise<Subscriber | null>;
  close(): Promise<void>;
}

export interface SourceFactoryDeps {
  readonly logger: Logger;
  /** Injected clock, so "active now" is testable. */
  readonly now: () => Date;
}

export interface SourceFactory {
  readonly type: string;
  create(name: string, config: Readonly<Record<string, unknown>>, deps: SourceFactoryDeps): Source;
}
