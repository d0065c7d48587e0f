/**
 * Manager sessions: `Login` issues a `sessnum` cookie; every other call must send it back as
 * `Cookie: sessnum=…`. Lifetime is undocumented; here it is `ttlMs`, and `expireAll()` ends
 * every session at once so tests can exercise a client's re-login. `open` counts the sessions a
 * `Logout` at the end of a read should bring down.
 */
import { ExpiringSessions } from '../kit/expiring-sessions.js';

export class SessionStore extends ExpiringSessions {
  constructor(ttlMs: number, clock?: () => number) {
    super(ttlMs, 16, clock);
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
