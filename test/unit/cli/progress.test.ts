/** Progress lines: a live line on a terminal, a plain line every interval otherwise, none when quiet. */
import { describe, expect, it } from 'vitest';
import { cliProgress, duration } from '../../../src/cli/progress.js';
import type { ApplyProgress } from '../../../src/apply/executor.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (s: string) => writes.push(s) };
}

const applied = (smarty: [number, number, number], smotreshka: [number, number, number]): ApplyProgress => ({
  done: smarty[0] + smotreshka[0],
  total: smarty[1] + smotreshka[1],
  failed: smarty[2] + smotreshka[2],
  targets: {
    smarty: { done: smarty[0], total: smarty[1], failed: smarty[2] },
    smotreshka: { done: smotreshka[0], total: smotreshka[1], failed: smotreshka[2] },
  },
});

describe('cliProgress', () => {
  it('redraws one live line on a terminal: per target done/total, rate, ETA and failures', () => {
    let t = 0;
    const out = stream(true);
    const p = cliProgress(out, { now: () => t });
    t = 2_000;
    p.apply!(applied([100, 300, 2], [10, 10, 0]));
    expect(out.writes).toEqual(['\r\x1b[2Kapplying smarty 100/300 (50/s), ETA 4 s, 2 failed · smotreshka 10/10 done']);
    t = 2_050;
    p.apply!(applied([101, 300, 2], [10, 10, 0]));
    expect(out.writes).toHaveLength(1); // redrawn at most every 100 ms
    t = 9_000;
    p.apply!(applied([300, 300, 3], [10, 10, 0]));
    p.end();
    expect(out.writes.slice(1)).toEqual(['\r\x1b[2Kapplying smarty 300/300 done, 3 failed · smotreshka 10/10 done', '\n']);
  });

  it('shows each source\'s records and rate while reading', () => {
    let t = 0;
    const out = stream(true);
    const p = cliProgress(out, { now: () => t });
    t = 4_000;
    p.reads!({ source: 'hydra', read: 8_000, done: false });
    t = 5_000;
    p.reads!({ source: 'lanbilling', read: 500, done: true });
    expect(out.writes.at(-1)).toBe('\r\x1b[2Kreading hydra 8,000 record(s) (1,600/s) · lanbilling 500 record(s) done (100/s)');
  });

  it('writes nothing for a short phase without a terminal, then a plain line every interval', () => {
    let t = 0;
    const out = stream(false);
    const p = cliProgress(out, { now: () => t, intervalMs: 10_000 });
    t = 3_000;
    p.apply!(applied([5, 10, 0], [0, 0, 0]));
    t = 6_000;
    p.apply!(applied([10, 10, 0], [0, 0, 0]));
    p.end();
    expect(out.writes).toEqual([]);

    const slow = stream(false);
    t = 10_000;
    const q = cliProgress(slow, { now: () => t, intervalMs: 10_000 });
    q.apply!(applied([1, 100, 0], [0, 0, 0]));
    t = 19_000;
    q.apply!(applied([50, 100, 0], [0, 0, 0]));
    t = 21_000;
    q.apply!(applied([60, 100, 0], [0, 0, 0]));
    t = 25_000;
    q.apply!(applied([100, 100, 1], [0, 0, 0]));
    q.end();
    expect(slow.writes).toEqual([
      'applying smarty 60/100 (5/s), ETA 7 s · smotreshka 0/0 done\n',
      // A phase that showed progress also shows where it ended.
      'applying smarty 100/100 done, 1 failed · smotreshka 0/0 done\n',
    ]);
  });

  it('prints nothing at all when quiet', () => {
    const out = stream(true);
    const p = cliProgress(out, { quiet: true });
    expect(p.apply).toBeUndefined();
    expect(p.reads).toBeUndefined();
    p.end();
    expect(out.writes).toEqual([]);
  });

  it('formats durations for ETAs', () => {
    expect([duration(400), duration(45_000), duration(200_000), duration(7_500_000)]).toEqual(['0 s', '45 s', '3 min 20 s', '2 h 5 min']);
  });
});
