import { describe, expect, it } from 'vitest';
import { FailureQueue, retryAfterHeader } from '../../../src/emulators/kit/failure-queue.js';

interface Rule {
  readonly status: number;
  readonly prefix?: string;
  readonly retryAfter?: number;
}

const on = (path: string) => (r: Rule): boolean => r.prefix === undefined || path.startsWith(r.prefix);

describe('FailureQueue', () => {
  it('uses a rule up on exactly n matching requests, leaving others alone', () => {
    const q = new FailureQueue<Rule>();
    q.add(2, { status: 503, prefix: '/a' });
    expect(q.take(on('/b'))).toBeUndefined();
    expect(q.take(on('/a/1'))?.status).toBe(503);
    expect(q.take(on('/a/2'))?.status).toBe(503);
    expect(q.take(on('/a/3'))).toBeUndefined();
  });

  it('takes rules in queue order and skips ones that do not match', () => {
    const q = new FailureQueue<Rule>();
    q.add(1, { status: 500, prefix: '/x' });
    q.add(1, { status: 429 });
    q.add(1, { status: 502 });
    expect(q.take(on('/y'))?.status).toBe(429);
    expect(q.take(on('/x'))?.status).toBe(500);
    expect(q.take(on('/x'))?.status).toBe(502);
    expect(q.take(on('/x'))).toBeUndefined();
  });

  it('queues nothing for n below 1 and drops everything on clear', () => {
    const q = new FailureQueue<Rule>();
    q.add(0, { status: 500 });
    q.add(-1, { status: 500 });
    expect(q.take(on('/'))).toBeUndefined();
    q.add(5, { status: 500 });
    q.clear();
    expect(q.take(on('/'))).toBeUndefined();
  });

  it('gives the retry-after header a rule asks for', () => {
    expect(retryAfterHeader({ retryAfter: 0 })).toEqual({ 'retry-after': '0' });
    expect(retryAfterHeader({})).toEqual({});
  });
});
