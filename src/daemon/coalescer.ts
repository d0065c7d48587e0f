/**
 * Coalesces bursts of requests for the same key (a subscriber) into one job. A request opens a
 * short window; requests for that key inside it join the same job. A job never starts while an
 * earlier job for its key runs (it waits, still taking joiners), and a request never joins a job
 * already running: that job may have read the billing data before the change being reported.
 */
import { randomUUID } from 'node:crypto';

export interface CoalescedRequest<R> {
  /** This request's own id. */
  readonly requestId: string;
  /** The job it joined; requests coalesced together share it. */
  readonly jobId: string;
  /** Whether it joined a job an earlier request opened. */
  readonly coalesced: boolean;
  readonly result: Promise<R>;
}

export interface CoalescerOptions<R> {
  /** How long a job waits for more requests before it starts. */
  readonly windowMs: number;
  readonly run: (key: string, jobId: string) => Promise<R>;
  readonly newId?: () => string;
}

interface Job<R> {
  readonly id: string;
  readonly promise: Promise<R>;
  resolve(value: R): void;
  reject(err: unknown): void;
}

export class Coalescer<R> {
  private readonly pending = new Map<string, Job<R>>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly active = new Set<Promise<R>>();
  private closed = false;
  private readonly newId: () => string;

  constructor(private readonly opts: CoalescerOptions<R>) {
    this.newId = opts.newId ?? (() => randomUUID());
  }

  /** Queues work for `key`. Throws once `close()` has been called. */
  submit(key: string): CoalescedRequest<R> {
    if (this.closed) throw new Error('not taking new requests: shutting down');
    let job = this.pending.get(key);
    const coalesced = job !== undefined;
    if (!job) {
      job = this.newJob();
      this.pending.set(key, job);
      const j = job;
      setTimeout(() => this.start(key, j), this.opts.windowMs);
    }
    return { requestId: this.newId(), jobId: job.id, coalesced, result: job.promise };
  }

  /** Jobs waiting (in their window or behind a running job) plus jobs running. */
  depth(): number {
    return this.pending.size + this.running.size;
  }

  /** Stops taking requests; queued jobs still run. */
  close(): void {
    this.closed = true;
  }

  /** Resolves when every job submitted so far has settled. */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
  }

  private newJob(): Job<R> {
    let resolve!: (v: R) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<R>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Fire-and-forget requests (202 without ?wait) never await the result: keep a failure from
    // becoming an unhandled rejection. Awaiting callers still see it.
    promise.catch(() => undefined);
    this.active.add(promise);
    void promise.finally(() => this.active.delete(promise)).catch(() => undefined);
    return { id: this.newId(), promise, resolve, reject };
  }

  private start(key: string, job: Job<R>): void {
    const before = this.running.get(key);
    if (before) {
      void before.finally(() => this.start(key, job));
      return;
    }
    if (this.pending.get(key) === job) this.pending.delete(key);
    const done = Promise.resolve()
      .then(() => this.opts.run(key, job.id))
      .then(job.resolve, job.reject)
      .finally(() => {
        if (this.running.get(key) === done) this.running.delete(key);
      });
    this.running.set(key, done);
  }
}
