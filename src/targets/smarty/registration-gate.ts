/**
 * Back-off for customer/create's error 2 ("registration limit from this IP exceeded"). The docs
 * name the limit but not its size or window, so billsync cannot pace itself to it: when Smarty
 * says the limit is reached, the create fails as retryable with a delay (the executor retries it,
 * bounded by the target's retry policy), and every other customer create of this target waits
 * out the same delay first instead of spending a request on a certain refusal.
 */
import { sleep } from '../../util/sleep.js';

export class RegistrationGate {
  private openAt = 0;

  constructor(
    /** How long to hold creates after error 2, in ms (`registration_backoff_ms`). */
    readonly backoffMs: number,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {}

  /** Resolves once creates may go again. */
  async ready(): Promise<void> {
    for (let left = this.openAt - this.now(); left > 0; left = this.openAt - this.now()) await this.wait(left);
  }

  /** Smarty refused a registration: hold creates for `backoffMs` from now. */
  close(): void {
    this.openAt = Math.max(this.openAt, this.now() + this.backoffMs);
  }
}
