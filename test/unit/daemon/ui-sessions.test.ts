import { describe, expect, it } from 'vitest';
import { LoginThrottle, sameSecret, sessionTag, SessionStore } from '../../../src/daemon/ui/sessions.js';

const store = (now: { t: number }, o: Partial<{ idleMs: number; maxAgeMs: number; maxSessions: number }> = {}) =>
  new SessionStore({ idleMs: 1000, maxAgeMs: 5000, maxSessions: 3, ...o, now: () => now.t });

describe('console sessions', () => {
  it('gives random ids and CSRF tokens, and finds a session by id only', () => {
    const now = { t: 0 };
    const s = store(now);
    const a = s.create('Анна', '127.0.0.1');
    const b = s.create('Борис', '127.0.0.1');
    expect(a.id).not.toBe(b.id);
    expect(a.csrf).not.toBe(b.csrf);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.get(a.id)?.who).toBe('Анна');
    expect(s.get(a.csrf)).toBeNull();
    expect(s.get(undefined)).toBeNull();
    expect(sessionTag(a)).toMatch(/^[0-9a-f]{8}$/);
    expect(sessionTag(a)).not.toContain(a.id.slice(0, 8));
  });

  it('ends a session after idling, after its maximum age, on logout, and the least used past the cap', () => {
    const now = { t: 0 };
    const s = store(now);
    const a = s.create('a', 'x');
    now.t = 900;
    expect(s.get(a.id)).not.toBeNull();
    now.t = 1800;
    expect(s.get(a.id)).not.toBeNull();
    now.t = 2900;
    expect(s.get(a.id)).toBeNull();

    const b = s.create('b', 'x');
    for (let t = 3400; t <= 8000; t += 500) {
      now.t = t;
      if (t <= 2900 + 5000) expect(s.get(b.id), `at ${t}`).not.toBeNull();
      else expect(s.get(b.id), `at ${t}`).toBeNull();
    }
    const c = s.create('c', 'x');
    s.end(c.id);
    expect(s.get(c.id)).toBeNull();

    const [d, e, f] = [s.create('d', 'x'), s.create('e', 'x'), s.create('f', 'x')];
    now.t += 10;
    s.get(d.id);
    const g = s.create('g', 'x');
    expect(s.size).toBe(3);
    expect(s.get(e.id)).toBeNull();
    for (const k of [d, f, g]) expect(s.get(k.id)).not.toBeNull();
  });

  it('compares secrets in constant time and exactly', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('', 'abc')).toBe(false);
  });

  it('throttles wrong tokens per address within a window', () => {
    const now = { t: 0 };
    const t = new LoginThrottle({ limit: 3, windowMs: 1000, now: () => now.t });
    for (let i = 0; i < 3; i++) t.failed('1.2.3.4');
    expect(t.blocked('1.2.3.4')).toBe(true);
    expect(t.blocked('5.6.7.8')).toBe(false);
    now.t = 1001;
    expect(t.blocked('1.2.3.4')).toBe(false);
    t.failed('1.2.3.4');
    t.succeeded('1.2.3.4');
    expect(t.blocked('1.2.3.4')).toBe(false);
  });
});
