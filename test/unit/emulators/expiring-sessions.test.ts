import { describe, expect, it } from 'vitest';
import { ExpiringSessions } from '../../../src/emulators/kit/expiring-sessions.js';

describe('ExpiringSessions', () => {
  it('issues hex ids of the given size that stay valid for ttlMs', () => {
    let now = 1_000;
    const sessions = new ExpiringSessions(100, 20, () => now);
    const id = sessions.issue();
    expect(id).toMatch(/^[0-9a-f]{40}$/);
    expect(sessions.issue()).not.toBe(id);
    now += 99;
    expect(sessions.valid(id)).toBe(true);
    now += 1;
    expect(sessions.valid(id)).toBe(false);
    expect(sessions.open).toBe(1);
  });

  it('refuses unknown and missing ids, ends one session or all', () => {
    const sessions = new ExpiringSessions(60_000, 16);
    const a = sessions.issue();
    const b = sessions.issue();
    expect([sessions.valid('f'.repeat(32)), sessions.valid(null), sessions.valid(undefined)]).toEqual([false, false, false]);
    sessions.end(a);
    expect([sessions.valid(a), sessions.valid(b), sessions.open]).toEqual([false, true, 1]);
    sessions.expireAll();
    expect([sessions.valid(b), sessions.open]).toEqual([false, 0]);
  });
});
