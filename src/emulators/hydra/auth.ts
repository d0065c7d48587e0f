/**
 * Hoper session tokens: 40 hex characters from `POST /login`, sent back as
 * `Authorization: Token token=<t>` (or the quoted form `token="<t>"` the vendor's Groovy
 * connector uses). Lifetime is undocumented; here it is `ttlMs` and `expireAll()` ends every
 * session at once, to exercise a client's re-login.
 */
import { randomBytes } from 'node:crypto';

export class TokenStore {
  private readonly expiry = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  issue(): string {
    const token = randomBytes(20).toString('hex');
    this.expiry.set(token, this.clock() + this.ttlMs);
    return token;
  }

  valid(token: string | null): boolean {
    if (token === null) return false;
    const until = this.expiry.get(token);
    if (until === undefined) return false;
    if (until <= this.clock()) {
      this.expiry.delete(token);
      return false;
    }
    return true;
  }

  expireAll(): void {
    this.expiry.clear();
  }
}

const TOKEN_HEADER = /^Token\s+token=(?:"([^"]*)"|(\S+))\s*$/i;

/** The token from an Authorization header, or null when absent or malformed. */
export function tokenFromHeader(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = TOKEN_HEADER.exec(header.trim());
  if (!m) return null;
  return m[1] ?? m[2] ?? null;
}
