/**
 * The choice between full and change-driven rounds and the watermark that drives it
 * (daemon/change-rounds.ts), on an injected clock; and LANBilling's change test on service dates.
 */
import { describe, expect, it } from 'vitest';
import { RoundSchedule, WATERMARK_OVERLAP_MS, type RoundKind } from '../../../src/daemon/change-rounds.js';
import { changedWithin } from '../../../src/sources/lanbilling/changes.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 0, 1, 12);

/** Runs a round at `at` and reports it succeeded. */
function roundAt(s: RoundSchedule, at: number, ok = true): RoundKind {
  const r = s.next(at);
  if (ok) s.succeeded(r, at);
  return r;
}

describe('RoundSchedule', () => {
  it('runs full rounds only without full_every or without a source that can list changes', () => {
    const none = new RoundSchedule(undefined, true);
    const cannot = new RoundSchedule(HOUR, false);
    for (let i = 0; i < 5; i++) {
      expect(roundAt(none, T0 + i * 5 * MIN).kind).toBe('full');
      expect(roundAt(cannot, T0 + i * 5 * MIN).kind).toBe('full');
    }
  });

  it('starts full, then change-driven rounds from the watermark minus the overlap, and full again every full_every', () => {
    const s = new RoundSchedule(HOUR, true);
    expect(roundAt(s, T0)).toMatchObject({ kind: 'full', reason: 'no successful full round yet' });
    const kinds: string[] = [];
    let previousStart = T0;
    for (let i = 1; i <= 14; i++) {
      const at = T0 + i * 5 * MIN;
      const r = roundAt(s, at);
      kinds.push(r.kind);
      if (r.kind === 'changes') expect(r.since.getTime()).toBe(previousStart - WATERMARK_OVERLAP_MS);
      previousStart = at;
    }
    // 5-minute rounds, full_every 1h: rounds 1..11 list changes, round 12 (T0 + 60 min) is full.
    expect(kinds.slice(0, 11).every((k) => k === 'changes')).toBe(true);
    expect(kinds[11]).toBe('full');
    expect(kinds.slice(12)).toEqual(['changes', 'changes']);
  });

  it('keeps the watermark when a round fails, so the next round lists the same window again', () => {
    const s = new RoundSchedule(HOUR, true);
    roundAt(s, T0);
    expect(roundAt(s, T0 + 5 * MIN, false)).toMatchObject({ kind: 'changes', since: new Date(T0 - WATERMARK_OVERLAP_MS) });
    expect(roundAt(s, T0 + 10 * MIN)).toMatchObject({ kind: 'changes', since: new Date(T0 - WATERMARK_OVERLAP_MS) });
    expect(roundAt(s, T0 + 15 * MIN)).toMatchObject({ kind: 'changes', since: new Date(T0 + 10 * MIN - WATERMARK_OVERLAP_MS) });
  });

  it('runs a full round again after a failed full round', () => {
    const s = new RoundSchedule(HOUR, true);
    roundAt(s, T0);
    roundAt(s, T0 + HOUR, false);
    expect(s.next(T0 + HOUR + 5 * MIN).kind).toBe('full');
  });

  it('names missed triggers in the next change-driven round until one succeeds; a full round covers them', () => {
    const s = new RoundSchedule(HOUR, true);
    roundAt(s, T0);
    s.triggerMissed([{ source: 'lb', id: '7' }, { source: 'lb', id: '7' }]);
    expect(roundAt(s, T0 + 5 * MIN, false)).toMatchObject({ named: [{ source: 'lb', id: '7' }] });
    expect(roundAt(s, T0 + 10 * MIN)).toMatchObject({ named: [{ source: 'lb', id: '7' }] });
    expect(s.next(T0 + 15 * MIN)).toMatchObject({ named: [] });
    s.triggerMissed([{ source: 'lb', id: '8' }]);
    roundAt(s, T0 + 2 * HOUR);
    expect(s.next(T0 + 2 * HOUR + 5 * MIN)).toMatchObject({ kind: 'changes', named: [] });
  });
});

describe('LANBilling change test (service dates)', () => {
  const offset = 180; // the server's local time is UTC+3
  const from = Date.UTC(2026, 0, 1, 9, 0, 0);
  const to = Date.UTC(2026, 0, 1, 10, 0, 0);
  const svc = (created: string, timefrom: string, timeto: string) => ({ created, timefrom, timeto });

  it('counts a service assigned, started or ended in the window, in server local time', () => {
    expect(changedWithin(svc('2026-01-01 12:30:00', '2025-01-01 00:00:00', '9999-12-31 23:59:59'), from, to, offset)).toBe(true);
    expect(changedWithin(svc('2025-01-01 00:00:00', '2026-01-01 12:00:00', '9999-12-31 23:59:59'), from, to, offset)).toBe(true);
    expect(changedWithin(svc('2025-01-01 00:00:00', '2025-01-01 00:00:00', '2026-01-01 13:00:00'), from, to, offset)).toBe(true);
  });

  it('ignores services whose dates are all outside the window, open ends and unset dates', () => {
    expect(changedWithin(svc('2025-01-01 00:00:00', '2025-01-01 00:00:00', '9999-12-31 23:59:59'), from, to, offset)).toBe(false);
    // 12:30 UTC is 15:30 local: after the window.
    expect(changedWithin(svc('', '0000-00-00 00:00:00', '2026-01-01 15:30:00'), from, to, offset)).toBe(false);
    // Read as UTC it would fall inside; in server time it is 06:30 UTC, before.
    expect(changedWithin(svc('2026-01-01 09:30:00', '', ''), from, to, offset)).toBe(false);
  });
});
