/** `billsync check` as text: one block per system, one line per check, the fix under each problem. Pure. */
import type { CheckResult } from '../model/check.js';

export interface CheckedSystem {
  readonly system: string;
  readonly type: string;
  readonly results: readonly CheckResult[];
}

const MARK: Readonly<Record<CheckResult['status'], string>> = { ok: '✓', fallback: '~', failed: '✗' };

export function renderChecks(systems: readonly CheckedSystem[]): string {
  const lines: string[] = [];
  for (const s of systems) {
    const worst = s.results.some((r) => r.status === 'failed') ? 'NOT USABLE' : s.results.some((r) => r.status === 'fallback') ? 'usable, with fallbacks' : s.results.length === 0 ? 'no checks (this adapter has none yet)' : 'ok';
    lines.push(`${s.system} (${s.type}): ${worst}`);
    for (const r of s.results) {
      lines.push(`  ${MARK[r.status]} ${r.name}: ${r.detail}`);
      if (r.fix && r.status !== 'ok') lines.push(`      fix: ${r.fix}`);
    }
    lines.push('');
  }
  const failed = systems.filter((s) => s.results.some((r) => r.status === 'failed')).length;
  lines.push(failed === 0 ? `All ${systems.length} system(s) usable.` : `${failed} of ${systems.length} system(s) not usable: fix the keys above, then run billsync check again.`);
  return lines.join('\n') + '\n';
}
