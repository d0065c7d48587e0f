/**
 * The run history as the store keeps it and reports show it: runs, their op log, and the
 * destructive changes held back per target.
 */
import type { Op } from './op.js';
import type { HeldBack } from './plan.js';

export type RunMode = 'plan' | 'apply' | 'run' | 'sync' | 'approve';
/**
 * interrupted: stopped by a signal, its counts recorded; abandoned: left `running` by a process
 * that died (kill -9, power loss), found by the next writer.
 */
export type RunStatus = 'running' | 'ok' | 'failed' | 'partial' | 'interrupted' | 'abandoned';
export type OpStatus = 'ok' | 'failed' | 'skipped';

export interface RunRecord {
  readonly id: string;
  readonly mode: RunMode;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: RunStatus;
  readonly counts: Readonly<Record<string, number>>;
  readonly planHash: string | null;
  /** `pid@host` of the process that began it; null for runs older than the field. */
  readonly owner: string | null;
}

/** Destructive changes the safety gates hold back on one target, as the last plan found them. */
export interface HeldBackRecord {
  readonly target: string;
  /** Hash of exactly the held ops (what `billsync approve TARGET --hash H` names). */
  readonly hash: string;
  readonly ops: number;
  readonly reasons: readonly HeldBack[];
  /** When this exact set was first held back. */
  readonly since: string;
  readonly updatedAt: string;
}

export interface OpLogRecord {
  readonly runId: string;
  readonly seq: number;
  readonly target: string;
  readonly kind: string;
  readonly key: string;
  readonly op: Op;
  readonly status: OpStatus;
  readonly attempts: number;
  readonly error: string | null;
  readonly at: string;
}
