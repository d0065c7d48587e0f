/**
 * Console sessions, server-side: a login with the daemon token gets a random session id (the
 * cookie) and a per-session CSRF token (a hidden field in every action form). Nothing about a
 * session is in the cookie but its id, so logging out or restarting the daemon ends it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Session {
  readonly id: string;
  readonly csrf: string;
  /** Who logged in, as they named themselves (logged with every action). */
  readonly who: string;
  /** Remote address at login. */
  readonly from: string;
  readonly createdAt: number;
  lastSeen: number;
}

export interface SessionOptions {
  /** A session unused this long ends. */
  readonly idleMs: number;
  /** A session ends this long after login, used or not. */
  readonly maxAgeMs: number;
  /** More live sessions than this: the least recently used ends. */
  readonly maxSessions: number;
  readonly now: () => number;
}

export const SESSION_DEFAULTS: Omit<SessionOptions, 'now'> = { idleMs: 60 * 60_000, maxAgeMs: 12 * 60 * 60_000, maxSessions: 200 };

/** Equal strings, compared in constant time (both hashed first, so lengths leak nothing). */
export function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/** A short, non-secret tag of a session for logs (never the id itself: it is a credential). */
export const sessionTag = (s: Session): string => createHash('sha256').update(s.id).digest('hex').slice(0, 8);

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly opts: SessionOptions) {}

  create(who: string, from: string): Session {
    const now = this.opts.now();
    this.sweep(now);
    while (this.sessions.size >= this.opts.maxSessions) {
      const oldest = [...this.sessions.values()].sort((a, b) => a.lastSeen - b.lastSeen)[0]!;
      this.sessions.delete(oldest.id);
    }
    const s: Session = { id: randomBytes(32).toString('base64url'), csrf: randomBytes(24).toString('base64url'), who, from, createdAt: now, lastSeen: now };
    this.sessions.set(s.id, s);
    return s;
  }

  /** The live session with this id (touching it), or null. */
  get(id: string | undefined): Session | null {
    if (!id) return null;
    const s = this.sessions.get(id);
    if (!s) return null;
    const now = this.opts.now();
    if (this.expired(s, now)) {
      this.sessions.delete(id);
      return null;
    }
    s.lastSeen = now;
    return s;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  private expired(s: Session, now: number): boolean {
    return now - s.lastSeen > this.opts.idleMs || now - s.createdAt > this.opts.maxAgeMs;
  }

  private sweep(now: number): void {
    for (const s of this.sessions.values()) if (this.expired(s, now)) this.sessions.delete(s.id);
  }
}

/**
 * Failed logins per remote address in a sliding window: past the limit, logins from there are
 * refused until the window passes — guessing a 16+ character token stays hopeless.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly opts: { limit: number; windowMs: number; now: () => number }) {}

  blocked(from: string): boolean {
    return this.recent(from).length >= this.opts.limit;
  }

  failed(from: string): void {
    const list = this.recent(from);
    list.push(this.opts.now());
    this.failures.set(from, list);
    // Bounded memory whatever the number of addresses: forget the oldest.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  succeeded(from: string): void {
    this.failures.delete(from);
  }

  private recent(from: string): number[] {
    const since = this.opts.now() - this.opts.windowMs;
    return (this.failures.get(from) ?? []).filter((t) => t > since);
  }
}
