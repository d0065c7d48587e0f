/**
 * The daemon's lifecycle: what must be released on shutdown (run LIFO, so what was opened last
 * closes first), the work in flight that shutdown waits for, and the watchdog that forces the
 * exit — after logging what is still pending — when a graceful shutdown overruns its bound.
 */
import type { Logger } from '../util/logger.js';

export interface LifecycleOptions {
  readonly logger: Logger;
  /** Bound on the whole shutdown. */
  readonly timeoutMs: number;
  /** How the watchdog ends the process (tests replace it). */
  readonly exit?: (code: number) => void;
}

export class Lifecycle {
  private readonly releasers: { name: string; release: () => Promise<void> | void }[] = [];
  private readonly pending = new Map<Promise<unknown>, string>();
  private readonly controller = new AbortController();
  private shutdownPromise: Promise<void> | null = null;
  private watchdog: NodeJS.Timeout | null = null;

  constructor(private readonly opts: LifecycleOptions) {}

  /** Fires when shutdown begins: stop taking work, abort in-flight applies. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopping(): boolean {
    return this.controller.signal.aborted;
  }

  /** Registers something to release on shutdown; releasers run last-registered first. */
  defer(name: string, release: () => Promise<void> | void): void {
    this.releasers.push({ name, release });
  }

  /** Work shutdown must wait for (up to its bound). */
  track<T>(what: string, p: Promise<T>): Promise<T> {
    this.pending.set(p, what);
    void p.then(
      () => this.pending.delete(p),
      () => this.pending.delete(p),
    );
    return p;
  }

  /** What is still in flight, by description. */
  inFlight(): string[] {
    return [...this.pending.values()];
  }

  /**
   * Graceful shutdown: signal, wait for in-flight work (most of the bound), release LIFO.
   * The watchdog stays armed until the process exits: if anything (a hung release, a leaked
   * socket) keeps the process alive past the bound, it logs what and exits with code 1.
   */
  shutdown(reason: string): Promise<void> {
    this.shutdownPromise ??= this.doShutdown(reason);
    return this.shutdownPromise;
  }

  /** Disarms the watchdog (tests that keep their process after a daemon stops). */
  disarm(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  private async doShutdown(reason: string): Promise<void> {
    const { logger, timeoutMs } = this.opts;
    logger.info({ reason, inFlight: this.inFlight(), timeoutMs }, 'shutting down');
    this.watchdog = setTimeout(() => this.force(reason), timeoutMs);
    this.watchdog.unref();
    this.controller.abort(new Error(reason));
    // Leave a fifth of the bound to the releasers (closing the store, giving up leadership).
    const waitMs = Math.round(timeoutMs * 0.8);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.drained().then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), waitMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) logger.warn({ inFlight: this.inFlight(), waitedMs: waitMs }, 'in-flight work did not finish in time; releasing anyway');
    for (const { name, release } of this.releasers.reverse()) {
      try {
        await release();
      } catch (err) {
        logger.warn({ release: name, err: (err as Error).message }, 'release failed');
      }
    }
    this.releasers.length = 0;
    logger.info({ reason }, 'stopped');
  }

  private async drained(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending.keys()]);
  }

  private force(reason: string): void {
    const resources = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
    this.opts.logger.error(
      { reason, timeoutMs: this.opts.timeoutMs, inFlight: this.inFlight(), releasersLeft: this.releasers.map((r) => r.name), activeResources: resources },
      'shutdown overran its bound; forcing exit',
    );
    (this.opts.exit ?? ((code: number) => process.exit(code)))(1);
  }
}
