/**
 * Hoper session tokens: 40 hex characters from `POST /login`, sent back as
 * `Authorization: Token token=<t>` (or the quoted form `token="<t>"` the vendor's Groovy
 * connector uses). Lifetime is undocumented; here it is `ttlMs` and `expireAll()` ends every
 * session at once, to exercise a client's re-login.
 */
import { ExpiringSessions } from '../kit/expiring-sessions.js';

export class TokenStore extends ExpiringSessions {
  constructor(ttlMs: number, clock?: () => number) {
    super(ttlMs, 20, clock);
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
