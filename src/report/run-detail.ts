/**
 * One run in detail, from the store's run row and op log (`billsync status RUN_ID`): how long it
 * took, what it did per target, its failures grouped by reason with example keys, what it left
 * unrun, and what the safety gates held back. Pure: the caller reads the store.
 */
import type { HeldBackRecord, OpLogRecord, RunRecord } from '../model/run-record.js';
import { groupFailures, type FailureGroup } from './apply-result.js';

export interface TargetCounts {
  readonly ok: number;
  readonly failed: number;
  readonly notRun: number;
}

export interface RunDetail {
  readonly run: RunRecord;
  /** Null while the run has no finish time (running, or abandoned before the field was set). */
  readonly durationMs: number | null;
  readonly targets: Readonly<Record<string, TargetCounts>>;
  readonly failureGroups: readonly FailureGroup[];
  readonly notRunGroups: readonly FailureGroup[];
  /** Destructive ops the run's plan held back (the run's own count). */
  readonly heldBack: number;
  /** What is held back now on the targets this run touched (store's held-back table). */
  readonly heldBackNow: readonly HeldBackRecord[];
  /** One sentence for interrupted, abandoned and running runs; null otherwise. */
  readonly note: string | null;
}

export function runDetail(run: RunRecord, ops: readonly OpLogRecord[], heldBack: readonly HeldBackRecord[]): RunDetail {
  const targets: Record<string, { ok: number; failed: number; notRun: number }> = {};
  for (const o of ops) {
    const t = (targets[o.target] ??= { ok: 0, failed: 0, notRun: 0 });
    if (o.status === 'ok') t.ok++;
    else if (o.status === 'failed') t.failed++;
    else t.notRun++;
  }
  const asFailed = (status: OpLogRecord['status']) =>
    ops.filter((o) => o.status === status).map((o) => ({ op: o.op, reason: o.error ?? '(no reason recorded)', attempts: o.attempts }));
  const finished = run.finishedAt === null ? null : Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return {
    run,
    durationMs: finished !== null && Number.isFinite(finished) ? finished : null,
    targets,
    failureGroups: groupFailures(asFailed('failed')),
    notRunGroups: groupFailures(asFailed('skipped')),
    heldBack: run.counts.held_back ?? 0,
    heldBackNow: heldBack.filter((h) => Object.hasOwn(targets, h.target) || ops.length === 0),
    note: noteFor(run),
  };
}

function noteFor(run: RunRecord): string | null {
  switch (run.status) {
    case 'interrupted':
      return 'Interrupted by a signal: the ops that ran are recorded, the rest were not started; the next apply picks them up.';
    case 'abandoned':
      return `Abandoned: the process that ran it (${run.owner ?? 'unknown'}) died without finishing; the next writer marked it. Committed ops are recorded; an op in flight at the time is retried by the next apply.`;
    case 'running':
      return `Still running (started by ${run.owner ?? 'an unknown process'}), or its process died and no writer has come along since to mark it abandoned.`;
    default:
      return null;
  }
}

export function renderRunDetail(d: RunDetail): string {
  const r = d.run;
  const lines = [`Run ${r.id} (${r.mode}): ${r.status}`];
  lines.push(`  started  ${r.startedAt}${r.owner ? `  by ${r.owner}` : ''}`);
  lines.push(`  finished ${r.finishedAt ?? '—'}${d.durationMs !== null ? `  (${seconds(d.durationMs)})` : ''}`);
  if (r.planHash) lines.push(`  plan     ${r.planHash.slice(0, 16)}`);
  if (d.note) lines.push(`  ${d.note}`);
  const counts = Object.entries(r.counts);
  if (counts.length > 0) lines.push(`  counts   ${counts.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  const names = Object.keys(d.targets);
  if (names.length > 0) {
    lines.push('Per target:');
    for (const name of names) {
      const t = d.targets[name]!;
      lines.push(`  ${name.padEnd(16)} ${String(t.ok).padStart(6)} ok ${String(t.failed).padStart(6)} failed ${String(t.notRun).padStart(6)} not run`);
    }
  } else lines.push('No op was recorded for this run.');
  group(lines, 'Failed', '✗', d.failureGroups);
  group(lines, 'Not run', '-', d.notRunGroups);
  if (d.heldBack > 0) lines.push(`Held back by the safety gates in this run: ${d.heldBack} destructive op(s).`);
  for (const h of d.heldBackNow) {
    lines.push(`Held back now on ${h.target}: ${h.ops} op(s) since ${h.since} (hash ${h.hash}); apply exactly this set with 'billsync approve ${h.target} --hash ${h.hash}'.`);
  }
  return lines.join('\n') + '\n';
}

function group(lines: string[], title: string, mark: string, groups: readonly FailureGroup[]): void {
  if (groups.length === 0) return;
  lines.push(`${title} (${groups.reduce((n, g) => n + g.count, 0)}):`);
  for (const g of groups) {
    const more = g.count - g.examples.length;
    lines.push(`  ${mark} ${g.target}: ${g.count} × ${g.reason}`);
    lines.push(`      e.g. ${g.examples.join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
  }
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** `--json`: the detail as data (the run row, per-target counts, grouped failures). */
export function runDetailJson(d: RunDetail): unknown {
  return {
    ...d.run,
    durationMs: d.durationMs,
    targets: d.targets,
    failureGroups: d.failureGroups,
    notRunGroups: d.notRunGroups,
    heldBack: d.heldBack,
    heldBackNow: d.heldBackNow,
    note: d.note,
  };
}
