/**
 * The outcome of an apply as text: counts, failures grouped by reason (with a count and example
 * keys — a wrong key fails hundreds of entities alike, and one line says so), what was not run
 * and why. Pure.
 */
import type { ApplyResult, FailedOp } from '../model/apply-result.js';
import type { Plan, SkippedSubscriber } from '../model/plan.js';

/** Failures with the same reason, once. */
export interface FailureGroup {
  readonly target: string;
  readonly reason: string;
  readonly count: number;
  /** Up to five `kind key` examples. */
  readonly examples: readonly string[];
}

const EXAMPLES = 5;

/** Groups failures by target and reason, the commonest first. */
export function groupFailures(failed: readonly FailedOp[]): FailureGroup[] {
  const groups = new Map<string, { target: string; reason: string; count: number; examples: string[] }>();
  for (const f of failed) {
    // The entity's own key in the reason would make every group one entity big.
    const reason = f.reason.split(f.op.key).join('…');
    const id = `${f.op.target}\u0000${reason}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { target: f.op.target, reason, count: 0, examples: [] }));
    g.count++;
    if (g.examples.length < EXAMPLES) g.examples.push(`${f.op.kind} ${f.op.key}`);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export function renderApplyResult(result: ApplyResult, skipped: readonly SkippedSubscriber[] = []): string {
  const lines: string[] = [];
  if (skipped.length > 0) {
    lines.push(`Skipped subscribers (${skipped.length}), left as they are on the targets:`);
    for (const s of skipped.slice(0, 20)) lines.push(`  ? ${s.source}:${s.id} → ${s.target}: ${s.reason}`);
    if (skipped.length > 20) lines.push(`  … and ${skipped.length - 20} more (billsync plan --format json lists all)`);
  }
  if (result.failed.length > 0) {
    lines.push(`Failed (${result.failed.length}):`);
    for (const g of groupFailures(result.failed)) {
      const more = g.count - g.examples.length;
      lines.push(`  ✗ ${g.target}: ${g.count} × ${g.reason}`);
      lines.push(`      e.g. ${g.examples.join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
    }
  }
  if (result.notRun.length > 0) {
    const reasons = new Map<string, number>();
    for (const n of result.notRun) reasons.set(n.reason, (reasons.get(n.reason) ?? 0) + 1);
    const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 3);
    lines.push(`Not run (${result.notRun.length}), left for the next apply:`);
    for (const [reason, n] of top) lines.push(`  - ${n} × ${reason}`);
  }
  lines.push(
    `Apply ${result.runId}: ${result.succeeded}/${result.total} op(s) succeeded` +
      (result.failed.length > 0 ? `, ${result.failed.length} failed` : '') +
      (result.notRun.length > 0 ? `, ${result.notRun.length} not run` : '') +
      '.',
  );
  return lines.join('\n') + '\n';
}

/** Machine-readable outcome for `--json`; `result` is null when the plan had nothing to apply. */
export function applyResultJson(result: ApplyResult | null, plan: Pick<Plan, 'skipped' | 'heldBack' | 'heldHashes' | 'summary'>): unknown {
  return {
    skipped: plan.skipped,
    heldBack: plan.heldBack,
    heldBySafety: plan.summary.heldBySafety,
    ...(plan.heldHashes ? { heldHashes: plan.heldHashes } : {}),
    runId: result?.runId ?? null,
    total: result?.total ?? 0,
    succeeded: result?.succeeded ?? 0,
    failed: (result?.failed ?? []).map((f) => ({ seq: f.op.seq, target: f.op.target, kind: f.op.kind, key: f.op.key, type: f.op.type, attempts: f.attempts, reason: f.reason })),
    failureGroups: groupFailures(result?.failed ?? []),
    notRun: (result?.notRun ?? []).map((f) => ({ seq: f.op.seq, target: f.op.target, kind: f.op.kind, key: f.op.key, type: f.op.type, reason: f.reason })),
  };
}
