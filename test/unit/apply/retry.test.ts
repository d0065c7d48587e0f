import { describe, expect, it } from 'vitest';
import { decideRetry, failureReason } from '../../../src/apply/retry.js';
import { TargetRequestError } from '../../../src/model/errors.js';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe('decideRetry', () => {
  it('retries 5xx, 429 and transient errors with capped exponential backoff', () => {
    const e503 = new TargetRequestError('unavailable', { retryable: true, status: 503 });
    expect(decideRetry(e503, 1, policy, () => 1)).toMatchObject({ retry: true, delayMs: 100 });
    expect(decideRetry(e503, 2, policy, () => 1)).toMatchObject({ retry: true, delayMs: 200 });
    expect(decideRetry(e503, 3, policy, () => 0)).toMatchObject({ retry: true, delayMs: 200 }); // jitter floor: half
    const network = new TargetRequestError('ECONNRESET', { retryable: true });
    expect(decideRetry(network, 1, policy, () => 0.5).retry).toBe(true);
  });

  it('never waits longer than the cap, however many attempts', () => {
    const e = new TargetRequestError('x', { retryable: true, status: 500 });
    expect(decideRetry(e, 3, { ...policy, maxAttempts: 20 }, () => 1)).toMatchObject({ delayMs: 400 });
    expect(decideRetry(e, 12, { ...policy, maxAttempts: 20 }, () => 1)).toMatchObject({ delayMs: 1000 });
  });

  it("honours a server's Retry-After over a shorter backoff", () => {
    const e429 = new TargetRequestError('slow down', { retryable: true, status: 429, retryAfterMs: 5000 });
    expect(decideRetry(e429, 1, policy, () => 1)).toMatchObject({ retry: true, delayMs: 5000, rule: 'rate limited (429)' });
  });

  it('stops after the last attempt and never retries a rejection or a bug', () => {
    const e503 = new TargetRequestError('unavailable', { retryable: true, status: 503 });
    expect(decideRetry(e503, 4, policy).retry).toBe(false);
    const rejected = new TargetRequestError('validation failed', { retryable: false, status: 200 });
    expect(decideRetry(rejected, 1, policy)).toEqual({ retry: false, rule: 'rejected by the target' });
    expect(decideRetry(new TypeError('x is undefined'), 1, policy)).toEqual({ retry: false, rule: 'internal error' });
  });

  it('labels unknown errors as bugs in the failure reason', () => {
    expect(failureReason(new TypeError('x is undefined'))).toMatch(/^internal error \(a bug in billsync/);
    expect(failureReason(new TargetRequestError('abonement taken', { retryable: false }))).toBe('abonement taken');
  });
});
