/** The outcome of an apply as text: counts per target and every failed entity with its reason. Pure. */
import type { ApplyResult } from '../apply/executor.js';
import type { SkippedSubscriber } from '../model/plan.js';

export function renderApplyResult(result: ApplyResult, skipped: readonly SkippedSubscriber[] = []): string {
  const lines: string[] = [];
  if (skipped.length > 0) {
    lines.push(`Skipped subscribers (${skipped.length}), left as they are on the targets:`);
    for (const s of skipped.slice(0, 20)) lines.push(`  ? ${s.source}:${s.id} → ${s.target}: ${s.reason}`);
    if (skipped.length > 20) lines.push(`  … and ${skipped.length - 20} more (billsync plan --format json lists all)`);
  }
  const byTarget = new Map<string, { ok: number; failed: number; notRun: number }>();
  const row = (t: string) => byTarget.get(t) ?? byTarget.set(t, { ok: 0, failed: 0, notRun: 0 }).get(t)!;
  for (const f of result.failed) row(f.op.target).failed++;
  for (const f of result.notRun) row(f.op.target).notRun++;
  if (result.failed.length > 0) {
    lines.push(`Failed (${result.failed.length}):`);
    for (const f of result.failed) {
      lines.push(`  ✗ ${f.op.target} ${f.op.kind} ${f.op.key}: ${f.op.type} failed after ${f.attempts} attempt(s): ${f.reason}`);
    }
  }
  if (result.notRun.length > 0) {
    lines.push(`Not run (${result.notRun.length}): they depend on a failed op and will be retried by the next apply.`);
  }
  lines.push(
    `Apply ${result.runId}: ${result.succeeded}/${result.total} op(s) succeeded` +
      (result.failed.length > 0 ? `, ${result.failed.length} failed` : '') +
      (result.notRun.length > 0 ? `, ${result.notRun.length} not run` : '') +
      '.',
  );
  return lines.join('\n') + '\n';
}

/** Machine-readable outcome for `--json`. */
export function applyResultJson(result: ApplyResult, skipped: readonly SkippedSubscriber[] = []): unknown {
  return {
    skipped,
    runId: result.runId,
    total: result.total,
    succeeded: result.succeeded,
    failed: result.failed.map((f) => ({ seq: f.op.seq, target: f.op.target, kind: f.op.kind, key: f.op.key, type: f.op.type, attempts: f.attempts, reason: f.reason })),
    notRun: result.notRun.map((f) => ({ seq: f.op.seq, target: f.op.target, kind: f.op.kind, key: f.op.key, type: f.op.type, reason: f.reason })),
  };
}
