/**
 * Sources and apply wait alike: a source request answered 429 and an op failed with 429 wait the
 * same time for the same Retry-After header — the one back-off table decides both. The source
 * loop's sleep is captured (no real waiting); the apply side asks decideRetry directly.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const waits = vi.hoisted(() => [] as number[]);
vi.mock('../../../src/util/sleep.js', () => ({
  sleep: async (ms: number) => {
    waits.push(ms);
  },
}));

import { decideRetry } from '../../../src/apply/retry.js';
import { TargetRequestError } from '../../../src/model/errors.js';
import { sendWithRetries } from '../../../src/sources/transport-retry.js';
import { retryAfterMs, type HttpResponse } from '../../../src/util/http.js';

const BASE_MS = 100;
const HALF = 0.5;

/** The wait a source client makes after one 429 carrying `header` (absent when undefined). */
async function sourceWait(header: string | undefined): Promise<number> {
  waits.length = 0;
  const answers: HttpResponse[] = [
    { status: 429, headers: header === undefined ? {} : { 'retry-after': header }, body: '' },
    { status: 200, headers: {}, body: '' },
  ];
  let n = 0;
  await sendWithRetries(async () => answers[n++]!, {
    maxRetries: 1,
    retryBaseMs: BASE_MS,
    transient: (res) => res.status === 429,
    what: 'Billing GET /x',
    fix: 'wait',
  });
  expect(waits).toHaveLength(1);
  return waits[0]!;
}

/** The wait the apply executor makes after one op failed with a 429 carrying `header`. */
function applyWait(header: string | undefined): number {
  const after = retryAfterMs(header);
  const err = new TargetRequestError('slow down', { retryable: true, status: 429, ...(after !== undefined ? { retryAfterMs: after } : {}) });
  const d = decideRetry(err, 1, { maxAttempts: 2, baseDelayMs: BASE_MS, maxDelayMs: 10_000 }, () => HALF);
  if (!d.retry) throw new Error('expected a retry');
  return d.delayMs;
}

afterEach(() => vi.restoreAllMocks());

describe('Retry-After: one rule for sources and apply', () => {
  it.each([
    ['no header', undefined],
    ['Retry-After: 0 (never faster than our own back-off)', '0'],
    ['Retry-After: 5 (longer than the back-off: honoured)', '5'],
    ['Retry-After: 600 (beyond the cap: capped alike)', '600'],
  ])('%s', async (_label, header) => {
    vi.spyOn(Math, 'random').mockReturnValue(HALF);
    expect(await sourceWait(header)).toBe(applyWait(header));
  });

  it('waits at least the back-off and at most the cap', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(HALF);
    expect(await sourceWait('0')).toBe(75);
    expect(await sourceWait('5')).toBe(5_000);
    expect(await sourceWait('600')).toBe(120_000);
  });
});
