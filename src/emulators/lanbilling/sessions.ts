/**
 * Manager sessions: `Login` issues a `sessnum` cookie; every other call must send it back as
 * `Cookie: sessnum=…`. Lifetime is undocumented; here it is `ttlMs`, and `expireAll()` ends
 * every session at once so tests can exercise a client's re-login.
 */
import { randomBytes } from 'node:crypto';

export class SessionStore {
  private readonly expiry = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  issue(): string {
    const id = randomBytes(16).toString('hex');
    this.expiry.set(id, this.clock() + this.ttlMs);
    return id;
  }

  valid(id: string | undefined): boolean {
    if (id === undefined) return false;
    const until = this.expiry.get(id);
    if (until === undefined) return false;
    if (until <= this.clock()) {
      this.expiry.delete(id);
      return false;
    }
    return true;
  }

  end(id: string | undefined): void {
    if (id !== undefined) this.expiry.delete(id);
  }

  expireAll(): void {
    this.expiry.clear();
  }

  /** Sessions currently open (what a `Logout` at the end of a read should bring down). */
  get open(): number {
    return this.expiry.size;
  }
}

/** The `sessnum` value of a Cookie header, or undefined. */
export function sessnumFrom(cookieHeader: string | undefined): string | undefined {
  if (cookieHeader === undefined) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === 'sessnum') return part.slice(eq + 1).trim();
  }
  return undefined;
}
