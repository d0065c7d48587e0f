/**
 * A plan's notices grouped by target and message, largest group first, with a few subscribers
 * named per group — so 3,000 subscribers with the same problem are one line, not 3,000. Pure.
 */
import type { PlanNotice } from '../model/plan.js';

export interface NoticeGroup {
  readonly target: string;
  readonly message: string;
  readonly count: number;
  /** The first few subscribers of the group, in plan order. */
  readonly examples: readonly PlanNotice[];
}

/** Subscribers named per group. */
export const NOTICE_EXAMPLES = 5;

export function groupNotices(notices: readonly PlanNotice[], examples = NOTICE_EXAMPLES): NoticeGroup[] {
  const groups = new Map<string, { target: string; message: string; count: number; examples: PlanNotice[] }>();
  for (const n of notices) {
    const id = `${n.target}\u0000${n.message}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { target: n.target, message: n.message, count: 0, examples: [] }));
    g.count += 1;
    if (g.examples.length < examples) g.examples.push(n);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.target < b.target ? -1 : a.target > b.target ? 1 : a.message < b.message ? -1 : 1));
}

/** `hydra:7 (house '9999')`. */
export function noticeSubject(n: PlanNotice): string {
  return `${n.source}:${n.id}${n.detail === '' ? '' : ` (${n.detail})`}`;
}
