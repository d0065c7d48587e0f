/** Run ids: `r_<ms since epoch, base36, fixed width>_<random>`, so text order is start order. */
import { randomBytes } from 'node:crypto';

let lastMs = 0;

/**
 * A new run id. The time part never repeats or goes back within a process (a clock step back or
 * two runs in one millisecond advance it by 1 ms), so listRuns' "most recent first" holds.
 * Across processes the random part keeps ids unique.
 */
export function newRunId(now: number = Date.now()): string {
  lastMs = Math.max(now, lastMs + 1);
  // 9 base36 digits cover dates until the year 5188: fixed width keeps text order = time order.
  return `r_${lastMs.toString(36).padStart(9, '0')}_${randomBytes(4).toString('hex')}`;
}
