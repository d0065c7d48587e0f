/**
 * Failure injection shared by the emulators: `failNext(n, rule)` queues a rule for the next `n`
 * requests it matches, and each match uses one up. Which requests a rule matches (a path prefix,
 * an operation, a route) and what the failure looks like stay with each emulator.
 */

export class FailureQueue<R> {
  private readonly pending: { left: number; readonly rule: R }[] = [];

  /** Queues `rule` for the next `n` matching requests; `n` below 1 queues nothing. */
  add(n: number, rule: R): void {
    if (n > 0) this.pending.push({ left: n, rule });
  }

  /** Uses up and returns the first queued rule `matches` accepts (queue order), if any. */
  take(matches: (rule: R) => boolean): R | undefined {
    const i = this.pending.findIndex((f) => matches(f.rule));
    const f = this.pending[i];
    if (!f) return undefined;
    if (--f.left <= 0) this.pending.splice(i, 1);
    return f.rule;
  }

  /** Drops every rule not yet used up. */
  clear(): void {
    this.pending.length = 0;
  }
}

/** The `retry-after` header a rule asks for (seconds), or no header. */
export function retryAfterHeader(rule: { readonly retryAfter?: number }): Record<string, string> {
  return rule.retryAfter === undefined ? {} : { 'retry-after': String(rule.retryAfter) };
}
