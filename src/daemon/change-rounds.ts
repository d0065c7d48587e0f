/**
 * Which kind of round a target's next scheduled reconcile is, and the watermark that decides it.
 * Pure: the caller passes the clock's reading.
 *
 * A *full* round reads every source whole; only its complete reads may delete or block. A
 * *change-driven* round asks each source what changed since the watermark and plans only those
 * subscribers (plus any a trigger named that did not sync), each from a point read, exactly as a
 * trigger does: a subscriber missing from the changed set is out of the plan's scope, so nothing
 * of it is touched. Change-driven rounds run only when `daemon.full_every` is set and every
 * source of the target can list changes; a full round runs first, and again once `full_every`
 * has passed since the last successful one.
 *
 * The watermark is the daemon's clock when the last successful round started its reads, and it
 * moves only when that round's apply succeeded (status ok): a failed or partial round lists the
 * same window again next time, growing it, so no change is lost to a failure. It lives in the
 * worker's memory: a restarted daemon (or a new leader) starts with a full round, which is the
 * safe default and needs no store schema.
 */

/**
 * How far each change listing reaches back before the watermark. The dates a source compares
 * are stamped by the billing server's clock, not ours: a billing clock behind ours by up to this
 * much still has its changes listed; so have changes committed a little after the moment they
 * are stamped with (a transaction open across our listing), and LBcore's whole-second dates. A
 * change listed twice costs a point read; a change missed would wait for the next full round.
 */
export const WATERMARK_OVERLAP_MS = 5 * 60_000;

/** A subscriber a round must look at, by source and id. */
export interface SubscriberRef {
  readonly source: string;
  readonly id: string;
}

export type RoundKind =
  | { readonly kind: 'full'; /** why this round reads everything (logs) */ readonly reason: string }
  | {
      readonly kind: 'changes';
      /** Ask each source for changes since this moment (the watermark minus the overlap). */
      readonly since: Date;
      /** Triggered subscribers whose sync did not succeed: looked at again whatever the sources list. */
      readonly named: readonly SubscriberRef[];
    };

export class RoundSchedule {
  private lastFullAt: number | null = null;
  private watermark: number | null = null;
  private readonly missed = new Map<string, SubscriberRef>();

  /**
   * @param fullEveryMs daemon.full_every; undefined = every round is full
   * @param canListChanges whether every source of the target implements `changedSince`
   */
  constructor(
    private readonly fullEveryMs: number | undefined,
    private readonly canListChanges: boolean,
    private readonly overlapMs: number = WATERMARK_OVERLAP_MS,
  ) {}

  /** The kind of the round starting at `now` (epoch ms). */
  next(now: number): RoundKind {
    if (this.fullEveryMs === undefined) return { kind: 'full', reason: 'daemon.full_every is not set' };
    if (!this.canListChanges) return { kind: 'full', reason: 'a source of this target cannot list what changed' };
    if (this.lastFullAt === null || this.watermark === null) return { kind: 'full', reason: 'no successful full round yet' };
    if (now - this.lastFullAt >= this.fullEveryMs) return { kind: 'full', reason: 'daemon.full_every has passed since the last full round' };
    return { kind: 'changes', since: new Date(this.watermark - this.overlapMs), named: [...this.missed.values()] };
  }

  /**
   * A round that started at `startedAt` applied everything it planned: the watermark moves to
   * its start (what changed during the round is listed by the next one), the named subscribers
   * it covered are done.
   */
  succeeded(round: RoundKind, startedAt: number): void {
    this.watermark = startedAt;
    if (round.kind === 'full') {
      this.lastFullAt = startedAt;
      // A full round read everyone.
      this.missed.clear();
    } else {
      for (const r of round.named) this.missed.delete(key(r));
    }
  }

  /** A trigger's sync of these subscribers did not succeed: the next round looks at them again. */
  triggerMissed(refs: readonly SubscriberRef[]): void {
    for (const r of refs) this.missed.set(key(r), r);
  }
}

const key = (r: SubscriberRef): string => `${r.source}:${r.id}`;
