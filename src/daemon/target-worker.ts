/**
 * One target's life in the daemon: its schedule (interval with jitter), its circuit breaker, and
 * every run against it — scheduled or triggered — one at a time, only while this process leads
 * the target. Runs are abortable: shutdown or lost leadership stops them taking new ops.
 */
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../engine/runtime.js';
import type { Logger } from '../util/logger.js';
import type { CircuitBreaker, BreakerStatus } from './circuit-breaker.js';
import type { Leadership } from '../lock/index.js';
import type { DaemonMetrics, RunResult } from './metrics.js';
import type { KeyedMutex } from './mutex.js';
import { reconcileTarget, type TargetRunOutcome } from './reconcile-target.js';
import { nextDelay } from './schedule.js';
import { SAFETY_RULES } from '../model/plan.js';
import { BillsyncError } from '../model/errors.js';
import { planApproval } from '../engine/approve.js';
import { applyPlan } from '../engine/apply-plan.js';
import { scopeRuntime } from './scoped-runtime.js';
import type { SharedReads } from './shared-reads.js';
import { RoundSchedule, type RoundKind } from './change-rounds.js';
import { changeRound } from './change-round.js';

export interface WorkerDeps {
  readonly rt: Runtime;
  readonly target: string;
  readonly intervalMs: number;
  readonly jitter: number;
  readonly leadership: Leadership;
  readonly breaker: CircuitBreaker;
  readonly mutex: KeyedMutex;
  readonly metrics: DaemonMetrics;
  readonly logger: Logger;
  /** Registers a run so shutdown waits for it. */
  readonly track: <T>(what: string, p: Promise<T>) => Promise<T>;
  readonly random: () => number;
  readonly now: () => Date;
  /** Source reads shared with the other targets' workers (one read per source per round). */
  readonly shared?: SharedReads;
  /** daemon.full_every: change-driven rounds between full ones (change-rounds.ts); absent = full rounds only. */
  readonly fullEveryMs?: number;
}

/** What an approval applied. */
export interface ApproveOutcome {
  readonly target: string;
  readonly hash: string;
  readonly ops: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly runId: string | null;
}

/** A run that did not happen, and why. */
export interface NotRun {
  readonly target: string;
  readonly status: 'skipped' | 'error';
  readonly reason: string;
}

export type WorkerRun = TargetRunOutcome | NotRun;

export interface WorkerStatus {
  readonly leader: boolean;
  readonly intervalMs: number;
  readonly breaker: BreakerStatus;
  readonly running: boolean;
  readonly lastRunAt: string | null;
  readonly lastStatus: string | null;
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
  readonly nextRunAt: string | null;
  /** What the safety gates hold back, as the last full reconcile found it; null when nothing. */
  readonly heldBack: { readonly ops: number; readonly hash: string; readonly rules: readonly string[] } | null;
  /** Subscribers the last full reconcile read per source (the console compares with the snapshot). */
  readonly lastRead: { readonly at: string; readonly subscribers: Readonly<Record<string, number>> } | null;
}

export class TargetWorker {
  private timer: NodeJS.Timeout | null = null;
  private nextRunAt: number | null = null;
  private stopped = false;
  private ticking = false;
  private kicked = false;
  private readonly inFlight = new Set<AbortController>();
  private lastRunAt: Date | null = null;
  private lastStatus: string | null = null;
  private lastSuccessAt: Date | null = null;
  private lastError: string | null = null;
  private heldBack: WorkerStatus['heldBack'] = null;
  private lastRead: WorkerStatus['lastRead'] = null;
  private readonly rounds: RoundSchedule;

  constructor(private readonly d: WorkerDeps) {
    const sources = new Set(d.rt.mappings.filter((m) => m.target === d.target).map((m) => m.source));
    const canList = sources.size > 0 && [...sources].every((s) => d.rt.sources.get(s)?.changedSince !== undefined);
    this.rounds = new RoundSchedule(d.fullEveryMs, canList);
  }

  /** Starts the schedule: the first run is due now. */
  start(): void {
    this.schedule(0);
  }

  /** Run as soon as possible (leadership just acquired). */
  kick(): void {
    if (this.stopped) return;
    if (this.ticking) this.kicked = true;
    else this.schedule(0);
  }

  /** No more scheduled runs; triggered runs are refused from now on. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextRunAt = null;
  }

  /** Stops in-flight runs from taking new ops (their in-flight ops finish and commit). */
  abort(reason: string): void {
    for (const c of this.inFlight) c.abort(new Error(reason));
  }

  /** One run now (after any run in progress): a full reconcile, or the named subscribers. */
  run(trigger: 'schedule' | 'trigger', only?: readonly { source: string; id: string }[]): Promise<WorkerRun> {
    const label = only ? `trigger ${only.map((o) => `${o.source}:${o.id}`).join(',')} on ${this.d.target}` : `reconcile of ${this.d.target}`;
    return this.d.track(label, this.d.mutex.run(this.d.target, () => this.runNow(trigger, only)));
  }

  /**
   * Applies exactly the held-back set `hash` (default: the stored one) on this target, in turn
   * with its other runs and only while this process leads it — the daemon already holds the
   * writer lock, so `billsync approve` and the console come here instead of taking it again.
   */
  approve(hash: string | undefined, who: string): Promise<ApproveOutcome> {
    const target = this.d.target;
    return this.d.track(`approval on ${target}`, this.d.mutex.run(target, async (): Promise<ApproveOutcome> => {
      if (this.stopped) throw new BillsyncError('USAGE', 'the daemon is shutting down', { fix: 'approve again once it runs' });
      if (!this.d.leadership.holds(target)) throw new BillsyncError('LOCKED', `another billsync daemon leads target ${target}`, { fix: 'send the approval to that daemon' });
      const logger = this.d.logger.child({ target, approval: hash ?? 'stored', who });
      const scoped = scopeRuntime(this.d.rt, target, logger);
      const { plan, snapshots, hash: approved } = await planApproval(scoped, target, hash);
      if (plan.ops.length === 0) {
        await this.d.rt.store.putHeldBack(target, null);
        return { target, hash: approved, ops: 0, succeeded: 0, failed: 0, runId: null };
      }
      logger.warn({ ops: plan.ops.length, hash: approved }, 'applying an approved held-back set');
      const result = await applyPlan(scoped, plan, { mode: 'approve', snapshots });
      this.d.metrics.applied(plan, result);
      await this.d.rt.store.putHeldBack(target, null);
      this.heldBack = null;
      this.d.metrics.heldBack(target, 0);
      return { target, hash: approved, ops: result.total, succeeded: result.succeeded, failed: result.failed.length, runId: result.runId };
    }));
  }

  status(): WorkerStatus {
    const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
    return {
      leader: this.d.leadership.holds(this.d.target),
      intervalMs: this.d.intervalMs,
      breaker: this.d.breaker.status(this.d.now().getTime()),
      running: this.inFlight.size > 0,
      lastRunAt: iso(this.lastRunAt),
      lastStatus: this.lastStatus,
      lastSuccessAt: iso(this.lastSuccessAt),
      lastError: this.lastError,
      nextRunAt: this.nextRunAt === null ? null : new Date(this.nextRunAt).toISOString(),
      heldBack: this.heldBack,
      lastRead: this.lastRead,
    };
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextRunAt = this.d.now().getTime() + delayMs;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    this.nextRunAt = null;
    if (this.stopped) return;
    // A follower waits for leadership; the leadership watcher kicks it when it arrives.
    if (!this.d.leadership.holds(this.d.target)) return;
    const now = this.d.now().getTime();
    if (!this.d.breaker.allows(now)) {
      this.schedule(this.d.breaker.waitMs(now));
      return;
    }
    this.ticking = true;
    try {
      await this.run('schedule');
    } finally {
      this.ticking = false;
    }
    const again = this.kicked;
    this.kicked = false;
    this.schedule(again ? 0 : nextDelay(this.d.intervalMs, this.d.jitter, this.d.random()));
  }

  private async runNow(trigger: 'schedule' | 'trigger', only?: readonly { source: string; id: string }[]): Promise<WorkerRun> {
    const target = this.d.target;
    if (this.stopped) return { target, status: 'skipped', reason: 'the daemon is shutting down' };
    if (!this.d.leadership.holds(target)) {
      return { target, status: 'skipped', reason: `another billsync daemon leads target ${target} and reconciles it on its schedule` };
    }
    const now = this.d.now();
    if (!this.d.breaker.allows(now.getTime())) {
      const until = new Date(now.getTime() + this.d.breaker.waitMs(now.getTime())).toISOString();
      return { target, status: 'skipped', reason: `target ${target} is backed off after repeated failures (circuit open until ${until}): ${this.d.breaker.status(now.getTime()).lastError ?? ''}` };
    }
    const controller = new AbortController();
    this.inFlight.add(controller);
    const logger = this.d.logger.child({ target, tick: randomUUID().slice(0, 8), ...(only ? { subscriber: only.map((o) => `${o.source}:${o.id}`).join(',') } : {}) });
    const started = performance.now();
    this.lastRunAt = now;
    // A scheduled run is a full or a change-driven round (change-rounds.ts); a trigger is neither.
    const round: RoundKind | undefined = only ? undefined : this.rounds.next(now.getTime());
    try {
      const outcome = round?.kind === 'changes' ? (await changeRound(this.d.rt, target, round.since, round.named, { signal: controller.signal, logger, metrics: this.d.metrics })).outcome : await reconcileTarget(this.d.rt, target, { ...(only ? { only } : {}), signal: controller.signal, logger, metrics: this.d.metrics, ...(this.d.shared ? { shared: this.d.shared } : {}) });
      this.record(trigger, outcome, round?.kind);
      if (round && outcome.status === 'ok') this.rounds.succeeded(round, now.getTime());
      if (only && outcome.status !== 'ok') this.rounds.triggerMissed(only);
      logger.info({ run: outcome.runId, ...(round ? { round: round.kind } : {}), status: outcome.status, ops: outcome.ops, succeeded: outcome.succeeded, failed: outcome.failed.length, notRun: outcome.notRun, ms: Math.round(performance.now() - started) }, `${trigger === 'schedule' ? 'reconcile' : 'trigger'} finished`);
      return outcome;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (only) this.rounds.triggerMissed(only);
      this.failed(trigger, reason);
      logger.error({ err: reason, ms: Math.round(performance.now() - started) }, `${trigger === 'schedule' ? 'reconcile' : 'trigger'} failed`);
      return { target, status: 'error', reason };
    } finally {
      this.inFlight.delete(controller);
    }
  }

  /** @param round the scheduled round's kind; undefined for a trigger */
  private record(trigger: 'schedule' | 'trigger', o: TargetRunOutcome, round: RoundKind['kind'] | undefined): void {
    const full = round === 'full';
    const result: RunResult = o.ops === 0 ? 'nothing_to_do' : o.status;
    this.d.metrics.runFinished(this.d.target, trigger, result);
    this.lastStatus = o.status;
    if (full) {
      this.lastRead = { at: this.d.now().toISOString(), subscribers: o.read };
      const safety = o.heldBack.filter((h) => SAFETY_RULES.has(h.rule));
      this.heldBack = o.heldHash === undefined ? null : { ops: safety.reduce((n, h) => n + h.ops, 0), hash: o.heldHash, rules: [...new Set(safety.map((h) => h.rule))] };
    }
    if (o.targetTrouble) {
      this.failed(trigger, o.failed[0]?.reason ?? 'every op failed', false);
      return;
    }
    this.d.breaker.success();
    this.d.metrics.breakerState(this.d.target, 'closed');
    this.lastError = o.failed[0]?.reason ?? null;
    // A change-driven round that applied all it listed is a successful round too (a staleness
    // alert on the last success must not fire between full reads); what it read is not the
    // whole source, so lastRead and heldBack stay those of the last full round.
    if (round !== undefined && o.status === 'ok') {
      this.lastSuccessAt = this.d.now();
      this.d.metrics.succeeded(this.d.target, this.lastSuccessAt);
    }
  }

  private failed(trigger: 'schedule' | 'trigger', reason: string, count = true): void {
    if (count) this.d.metrics.runFinished(this.d.target, trigger, 'failed');
    this.lastStatus = 'failed';
    this.lastError = reason;
    const now = this.d.now().getTime();
    const before = this.d.breaker.state(now);
    this.d.breaker.failure(now, reason);
    const after = this.d.breaker.state(now);
    this.d.metrics.breakerState(this.d.target, after);
    if (after === 'open' && before !== 'open') {
      this.d.logger.warn({ target: this.d.target, until: new Date(now + this.d.breaker.waitMs(now)).toISOString(), reason }, 'target backed off (circuit open)');
    }
  }
}
