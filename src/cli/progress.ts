/**
 * Progress of the long phases on stderr: reading the sources (records and rate per source) and
 * applying (done/total, rate, ETA and failures per target). On a terminal one live line is
 * redrawn in place; otherwise — cron, CI, systemd — a plain line every `intervalMs` (10 s), so a
 * log shows a long apply moving without drowning a short one in noise. `quiet` prints nothing.
 */
import type { ApplyProgress } from '../apply/executor.js';
import type { SourceReadProgress } from '../engine/read-sources.js';

export interface ProgressStream {
  write(s: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressOptions {
  readonly quiet?: boolean;
  /** Milliseconds, monotonic; injectable for tests. */
  readonly now?: () => number;
  /** Plain lines (not a terminal): at most one per this many ms. Default 10 s. */
  readonly intervalMs?: number;
}

/** Redraws of the live line: often enough to look alive, rarely enough to cost nothing. */
const LIVE_REDRAW_MS = 100;

export interface CliProgress {
  /** For makePlan's onReadProgress; undefined when quiet. */
  readonly reads: ((p: SourceReadProgress) => void) | undefined;
  /** For applyPlan's onProgress; undefined when quiet. */
  readonly apply: ((p: ApplyProgress) => void) | undefined;
  /** Ends the live line (call before printing the report). */
  end(): void;
}

interface Phase {
  started: number;
  lastDrawn: number;
  live: boolean;
  /** Plain lines written in this phase. */
  printed: number;
}

export function cliProgress(stream: ProgressStream, opts: ProgressOptions = {}): CliProgress {
  if (opts.quiet) return { reads: undefined, apply: undefined, end: () => undefined };
  const now = opts.now ?? (() => performance.now());
  const interval = opts.intervalMs ?? 10_000;
  const tty = stream.isTTY === true;
  // A phase starts when the progress is made (or the last phase ended), not at its first
  // callback: the first op's time counts in the rate.
  const fresh = (): Phase => ({ started: now(), lastDrawn: tty ? Number.NEGATIVE_INFINITY : now(), live: false, printed: 0 });
  let phase = fresh();
  const sources = new Map<string, SourceReadProgress>();
  const end = (): void => {
    if (phase.live) stream.write('\n');
    phase = fresh();
    sources.clear();
  };
  const draw = (p: Phase, line: string, final: boolean): void => {
    const t = now();
    if (tty) {
      if (!final && t - p.lastDrawn < LIVE_REDRAW_MS) return;
      stream.write(`\r\x1b[2K${line}`);
      p.live = true;
    } else {
      // Nothing for the first interval: a quick command leaves no progress in the log at all;
      // a long one that did show progress also shows where it ended.
      if (t - p.lastDrawn < interval && !(final && p.printed > 0)) return;
      stream.write(`${line}\n`);
      p.printed++;
    }
    p.lastDrawn = t;
  };

  const reads = (r: SourceReadProgress): void => {
    const p = phase;
    sources.set(r.source, r);
    const all = [...sources.values()];
    draw(p, `reading ${all.map((s) => readPart(s, now() - p.started)).join(' · ')}`, all.every((s) => s.done));
  };

  const apply = (a: ApplyProgress): void => {
    const p = phase;
    const elapsed = now() - p.started;
    const parts = Object.entries(a.targets).map(([name, t]) => applyPart(name, t, elapsed));
    draw(p, `applying ${parts.join(' · ')}`, a.done === a.total);
  };

  return { reads, apply, end };
}

function readPart(s: SourceReadProgress, elapsedMs: number): string {
  return `${s.source} ${count(s.read)} record(s)${s.done ? ' done' : ''}${rate(s.read, elapsedMs)}`;
}

function applyPart(name: string, t: { done: number; total: number; failed: number }, elapsedMs: number): string {
  const failed = t.failed > 0 ? `, ${count(t.failed)} failed` : '';
  if (t.done === t.total) return `${name} ${count(t.done)}/${count(t.total)} done${failed}`;
  const perSecond = elapsedMs > 0 ? (t.done * 1000) / elapsedMs : 0;
  const eta = perSecond > 0 ? `, ETA ${duration(((t.total - t.done) / perSecond) * 1000)}` : '';
  return `${name} ${count(t.done)}/${count(t.total)}${rate(t.done, elapsedMs)}${eta}${failed}`;
}

function rate(n: number, elapsedMs: number): string {
  // Under a second the rate is noise.
  return elapsedMs >= 1000 ? ` (${count(Math.round((n * 1000) / elapsedMs))}/s)` : '';
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `45 s`, `3 min 20 s`, `2 h 5 min`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
