/**
 * customer/create's error 2, "registration limit from this IP exceeded" (DOC). The docs name the
 * error but neither the limit nor its window, so both are the emulator's options; it counts
 * successful registrations per client IP over a sliding window.
 */

/** At most `max` customers created from one IP within any `windowMs`. */
export interface RegistrationLimit {
  readonly max: number;
  readonly windowMs: number;
}

export class RegistrationCounter {
  private readonly byIp = new Map<string, number[]>();

  constructor(
    private readonly limit: RegistrationLimit | undefined,
    private readonly now: () => number,
  ) {}

  /** Whether one more registration from `ip` would exceed the limit. */
  exceeded(ip: string): boolean {
    if (!this.limit) return false;
    return this.recent(ip).length >= this.limit.max;
  }

  /** Records a registration that succeeded. */
  record(ip: string): void {
    if (!this.limit) return;
    const list = this.recent(ip);
    list.push(this.now());
    this.byIp.set(ip, list);
  }

  private recent(ip: string): number[] {
    const since = this.now() - (this.limit?.windowMs ?? 0);
    return (this.byIp.get(ip) ?? []).filter((t) => t > since);
  }
}
