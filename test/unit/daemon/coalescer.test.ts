import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from '../../../src/daemon/coalescer.js';

describe('Coalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('requests for one key inside the window share one job', async () => {
    const run = vi.fn(async (key: string) => `done ${key}`);
    const c = new Coalescer<string>({ windowMs: 100, run });
    const a = c.submit('hydra:1');
    await vi.advanceTimersByTimeAsync(50);
    const b = c.submit('hydra:1');
    const other = c.submit('hydra:2');
    expect(a.coalesced).toBe(false);
    expect(b.coalesced).toBe(true);
    expect(b.jobId).toBe(a.jobId);
    expect(b.requestId).not.toBe(a.requestId);
    expect(other.jobId).not.toBe(a.jobId);
    expect(c.depth()).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(await a.result).toBe('done hydra:1');
    expect(await b.result).toBe('done hydra:1');
    expect(await other.result).toBe('done hydra:2');
    expect(run).toHaveBeenCalledTimes(2);
    expect(c.depth()).toBe(0);
  });

  it('never joins a running job; the next one waits for it and takes every later request', async () => {
    let release!: () => void;
    const started: string[] = [];
    const run = vi.fn(async (_key: string, jobId: string) => {
      started.push(jobId);
      if (started.length === 1) await new Promise<void>((r) => (release = r));
      return jobId;
    });
    const c = new Coalescer<string>({ windowMs: 10, run });
    const first = c.submit('k');
    await vi.advanceTimersByTimeAsync(20);
    expect(run).toHaveBeenCalledTimes(1);
    const second = c.submit('k');
    await vi.advanceTimersByTimeAsync(20);
    const third = c.submit('k');
    expect(second.coalesced).toBe(false);
    expect(third.jobId).toBe(second.jobId);
    // The second job is due but must not overlap the first.
    expect(run).toHaveBeenCalledTimes(1);
    release();
    expect(await first.result).toBe(first.jobId);
    await vi.advanceTimersByTimeAsync(0);
    expect(await third.result).toBe(second.jobId);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('a failing job rejects its waiters only; close() refuses new requests; idle() waits', async () => {
    const c = new Coalescer<string>({ windowMs: 5, run: async (k) => (k === 'bad' ? Promise.reject(new Error('boom')) : 'ok') });
    const bad = c.submit('bad');
    const good = c.submit('good');
    c.close();
    expect(() => c.submit('later')).toThrow(/shutting down/);
    const idle = c.idle();
    await vi.advanceTimersByTimeAsync(10);
    await idle;
    await expect(bad.result).rejects.toThrow('boom');
    expect(await good.result).toBe('ok');
  });
});
