/**
 * Sessions of the emulated billing systems that log in (Hydra's tokens, LANBilling's `sessnum`):
 * random hex ids that live `ttlMs` (the real lifetimes are undocumented), with `expireAll()` to
 * end every session at once so tests can exercise a client's re-login.
 */
import { randomBytes } from 'node:crypto';

export class ExpiringSessions {
  private readonly expiry = new Map<string, number>();

  /** Ids are `idBytes` random bytes in hex (twice as many characters). */
  constructor(
    private readonly ttlMs: number,
    private readonly idBytes: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Opens a session; its id. */
  issue(): string {
    const id = randomBytes(this.idBytes).toString('hex');
    this.expiry.set(id, this.clock() + this.ttlMs);
    return id;
  }

  /** Whether `id` names an open session; an expired one is forgotten on the way. */
  valid(id: string | null | undefined): boolean {
    if (id === null || id === undefined) return false;
    const until = this.expiry.get(id);
    if (until === undefined) return false;
    if (until <= this.clock()) {
      this.expiry.delete(id);
      return false;
    }
    return true;
  }

  /** Ends one session (a logout). */
  end(id: string | undefined): void {
    if (id !== undefined) this.expiry.delete(id);
  }

  expireAll(): void {
    this.expiry.clear();
  }

  /** Sessions currently open (expired ones not yet looked at included). */
  get open(): number {
    return this.expiry.size;
  }
}
