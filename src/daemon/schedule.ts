/**
 * When a target's next reconcile starts. Pure: the caller passes the random number.
 */

/**
 * Delay until the next run: the interval shortened by up to `jitter` of itself, at random.
 * Jitter only ever shortens, so the configured interval stays an upper bound: a billing change
 * reaches the target within one interval (plus the run's own duration), whatever the draw.
 * Spreading the starts keeps several targets and daemons from reading the sources in step.
 * @param random a number in [0, 1)
 */
export function nextDelay(intervalMs: number, jitter: number, random: number): number {
  const share = Math.min(Math.max(jitter, 0), 0.9);
  return Math.max(1, Math.round(intervalMs * (1 - share * random)));
}
