/**
 * A plan's skipped subscribers grouped by target and the shape of their reason, largest group
 * first: 3,000 subscribers skipped because their account key is not numeric are one line with
 * a count and examples, not 3,000 lines. Pure.
 */
import type { SkippedSubscriber } from '../model/plan.js';

export interface SkippedGroup {
  readonly target: string;
  /** The reason with its quoted values and numbers blanked: what the group has in common. */
  readonly shape: string;
  readonly count: number;
  /** The first few subscribers of the group, in plan order, each with its own full reason. */
  readonly examples: readonly SkippedSubscriber[];
}

/** Subscribers named per group. */
export const SKIPPED_EXAMPLES = 5;

/**
 * `account key 'ЛС-9' is not numeric` and `account key 'ЛС-10' is not numeric` share the shape
 * `account key '…' is not numeric`: quoted values and numbers are what differs between
 * subscribers, the words around them are the reason.
 */
export function reasonShape(reason: string): string {
  return reason
    .replace(/'[^']*'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+(?:[.,]\d+)?/g, 'N');
}

export function groupSkipped(skipped: readonly SkippedSubscriber[], examples = SKIPPED_EXAMPLES): SkippedGroup[] {
  const groups = new Map<string, { target: string; shape: string; count: number; examples: SkippedSubscriber[]; first: number }>();
  for (const [i, s] of skipped.entries()) {
    const shape = reasonShape(s.reason);
    const id = `${s.target}\u0000${shape}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { target: s.target, shape, count: 0, examples: [], first: i }));
    g.count += 1;
    if (g.examples.length < examples) g.examples.push(s);
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .map(({ target, shape, count, examples: ex }) => ({ target, shape, count, examples: ex }));
}
