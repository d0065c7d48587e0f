/**
 * The daemon's Prometheus metrics (prom-client, on a registry of its own so nothing global leaks
 * between daemons in one process): runs, ops by target/type/result, trigger queue depth,
 * rate-limit waits, source read durations, breaker state, leadership and the last successful
 * reconcile per target.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApplyResult } from '../apply/executor.js';
import type { Plan } from '../model/plan.js';
import type { BreakerState } from './circuit-breaker.js';

export type RunResult = 'ok' | 'partial' | 'failed' | 'nothing_to_do';

const BREAKER_VALUE: Readonly<Record<BreakerState, number>> = { closed: 0, half_open: 1, open: 2 };

export class DaemonMetrics {
  readonly registry = new Registry();
  private readonly runs = new Counter({ name: 'billsync_runs_total', help: 'Reconcile runs by target, trigger (schedule|trigger) and result.', labelNames: ['target', 'trigger', 'result'], registers: [this.registry] });
  private readonly ops = new Counter({ name: 'billsync_ops_total', help: 'Ops applied, by target, op type and result (ok|failed|not_run).', labelNames: ['target', 'type', 'result'], registers: [this.registry] });
  private readonly rateWaits = new Counter({ name: 'billsync_rate_limit_waits_total', help: 'Times a rate limiter window filled and requests had to wait, by limiter (target:NAME, source:NAME).', labelNames: ['limiter'], registers: [this.registry] });
  private readonly readSeconds = new Histogram({ name: 'billsync_source_read_seconds', help: 'Duration of reading (and mapping) a source, by source and mode (full|one).', labelNames: ['source', 'mode'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300], registers: [this.registry] });
  private readonly lastSuccess = new Gauge({ name: 'billsync_last_success_timestamp_seconds', help: 'When the last full reconcile of a target succeeded (unix time).', labelNames: ['target'], registers: [this.registry] });
  private readonly breaker = new Gauge({ name: 'billsync_circuit_state', help: 'Circuit breaker per target: 0 closed, 1 half-open, 2 open.', labelNames: ['target'], registers: [this.registry] });
  private readonly held = new Gauge({ name: 'billsync_held_back_ops', help: 'Destructive ops the safety gates hold back on the target, as the last full reconcile found them (approve with billsync approve).', labelNames: ['target'], registers: [this.registry] });
  private readonly leader = new Gauge({ name: 'billsync_leader', help: '1 when this process leads (may reconcile) the target.', labelNames: ['target'], registers: [this.registry] });

  constructor(queueDepth: () => number) {
    new Gauge({
      name: 'billsync_trigger_queue_depth',
      help: 'Trigger jobs waiting or running.',
      registers: [this.registry],
      collect() {
        this.set(queueDepth());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'billsync_process_' });
  }

  runFinished(target: string, trigger: 'schedule' | 'trigger', result: RunResult): void {
    this.runs.inc({ target, trigger, result });
  }

  applied(plan: Plan, result: ApplyResult): void {
    const failed = new Set(result.failed.map((f) => f.op.seq));
    const notRun = new Set(result.notRun.map((f) => f.op.seq));
    for (const op of plan.ops) {
      const r = failed.has(op.seq) ? 'failed' : notRun.has(op.seq) ? 'not_run' : 'ok';
      this.ops.inc({ target: op.target, type: op.type, result: r });
    }
  }

  rateLimitWait(limiter: string): void {
    this.rateWaits.inc({ limiter });
  }

  sourceRead(source: string, mode: 'full' | 'one', ms: number): void {
    this.readSeconds.observe({ source, mode }, ms / 1000);
  }

  succeeded(target: string, at: Date): void {
    this.lastSuccess.set({ target }, at.getTime() / 1000);
  }

  breakerState(target: string, state: BreakerState): void {
    this.breaker.set({ target }, BREAKER_VALUE[state]);
  }

  heldBack(target: string, ops: number): void {
    this.held.set({ target }, ops);
  }

  leadership(target: string, held: boolean): void {
    this.leader.set({ target }, held ? 1 : 0);
  }

  /** Prometheus text exposition. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
