import { describe, expect, it } from 'vitest';
import { REQUEST_LOG_LIMIT, RequestStats } from '../../../src/emulators/kit/request-stats.js';

describe('RequestStats', () => {
  it('counts requests, keys, reads and writes, unknown paths and injected failures', () => {
    const stats = new RequestStats();
    for (let i = 0; i < 4; i++) stats.received();
    stats.reached('customer/create', true);
    stats.reached('customer/info', false);
    stats.reached('customer/info', false);
    stats.reached('Login');
    stats.unknownPath();
    stats.failedOnPurpose();
    expect(stats.counts()).toEqual({
      total: 4, byKey: { 'customer/create': 1, 'customer/info': 2, Login: 1 }, reads: 2, writes: 1, notFound: 1, injected: 1, extra: {},
    });
  });

  it('keeps a bounded log, oldest first, and hands out copies', () => {
    const stats = new RequestStats<number>();
    for (let i = 1; i <= REQUEST_LOG_LIMIT + 1; i++) stats.record(i);
    const log = stats.requests();
    expect(log).toHaveLength(REQUEST_LOG_LIMIT / 2);
    expect(log[0]).toBe(REQUEST_LOG_LIMIT / 2 + 2);
    expect(log.at(-1)).toBe(REQUEST_LOG_LIMIT + 1);
    (log as number[]).length = 0;
    expect(stats.requests()).toHaveLength(REQUEST_LOG_LIMIT / 2);
  });

  it('keeps the emulator\'s own counters by name, from zero', () => {
    const stats = new RequestStats<never, 'redirects' | 'rejectedKeys'>(['redirects', 'rejectedKeys']);
    stats.bump('redirects');
    stats.bump('redirects');
    expect(stats.counts().extra).toEqual({ redirects: 2, rejectedKeys: 0 });
  });

  it('starts from nothing after reset', () => {
    const stats = new RequestStats<string, 'redirects'>(['redirects']);
    stats.received();
    stats.reached('a', true);
    stats.failedOnPurpose();
    stats.bump('redirects');
    stats.record('a');
    stats.reset();
    expect(stats.counts()).toEqual({ total: 0, byKey: {}, reads: 0, writes: 0, notFound: 0, injected: 0, extra: { redirects: 0 } });
    expect(stats.requests()).toEqual([]);
  });
});
