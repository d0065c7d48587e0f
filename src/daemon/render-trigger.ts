/** A trigger's outcome as text, one line per target. Pure. */
import type { TriggerResult } from './trigger.js';

export function renderTriggerResult(r: TriggerResult, via: string): string {
  const lines = [`sync ${r.source}:${r.id} (${via}): ${r.status}`];
  for (const t of r.targets) {
    if (!('ops' in t)) {
      lines.push(`  ${t.target}: ${t.status} — ${t.reason}`);
      continue;
    }
    lines.push(`  ${t.target}: ${t.status} — ${t.ops === 0 ? 'already in sync' : `${t.succeeded}/${t.ops} op(s) applied`}${t.notRun > 0 ? `, ${t.notRun} not run` : ''}`);
    for (const f of t.failed) lines.push(`    ✗ ${f.kind} ${f.key}: ${f.type} failed: ${f.reason}`);
    for (const s of t.skipped) lines.push(`    ? skipped ${s.source}:${s.id}: ${s.reason}`);
    for (const h of t.heldBack) lines.push(`    ! held back (${h.rule}): ${h.message}`);
  }
  return lines.join('\n') + '\n';
}
