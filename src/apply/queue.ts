/**
 * One queue per target: its rate limit and concurrency from config. Each attempt of an op is
 * one task, so a backoff never holds a slot another entity could use.
 */
import type PQueue from 'p-queue';
import type { TargetConfig } from '../config/types.js';
import { createLimiter } from '../util/rate-limit.js';
import { InternalError } from '../model/errors.js';

export class TargetQueues {
  private readonly queues = new Map<string, PQueue>();

  constructor(configs: Readonly<Record<string, TargetConfig>>) {
    for (const [name, cfg] of Object.entries(configs)) this.queues.set(name, createLimiter(cfg.rate, `target:${name}`));
  }

  /** Runs `task` under the target's limits. */
  run<T>(target: string, task: () => Promise<T>): Promise<T> {
    const q = this.queues.get(target);
    if (!q) throw new InternalError(`no queue for target ${target}`);
    return q.add(task) as Promise<T>;
  }

  /** Ops waiting or running, per target (for progress and metrics). */
  depth(target: string): number {
    const q = this.queues.get(target);
    return q ? q.size + q.pending : 0;
  }

  /** Waits until every queue is empty and idle. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.onIdle()));
  }

  clear(): void {
    for (const q of this.queues.values()) q.clear();
  }
}
