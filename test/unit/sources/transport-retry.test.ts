import { describe, expect, it } from 'vitest';
import { SourceReadError } from '../../../src/model/errors.js';
import { sendWithRetries, type TransportRetry } from '../../../src/sources/transport-retry.js';
import { HttpNetworkError, type HttpResponse } from '../../../src/util/http.js';

const answer = (status: number, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: '' });

const RULES: TransportRetry = {
  maxRetries: 2,
  retryBaseMs: 1,
  transient: (res) => res.status >= 500,
  what: 'Billing GET /x',
  fix: 'check the billing',
};

/** An attempt function that plays `script` in order and counts its calls. */
function scripted(script: readonly (HttpResponse | Error)[]): { attempt: () => Promise<HttpResponse>; calls: () => number } {
  let n = 0;
  return {
    attempt: async () => {
      const next = script[Math.min(n++, script.length - 1)]!;
      if (next instanceof Error) throw next;
      return next;
    },
    calls: () => n,
  };
}

/** The error `p` rejects with; fails the test when it resolves. */
async function failureOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('sendWithRetries', () => {
  it('returns the first answer that is not transient, after retrying the transient ones', async () => {
    const s = scripted([answer(503), new HttpNetworkError('GET http://billing/x: ECONNRESET'), answer(404)]);
    expect((await sendWithRetries(s.attempt, RULES)).status).toBe(404);
    expect(s.calls()).toBe(3);
  });

  it('gives up after maxRetries retries with a retryable error naming the attempt and the last failure', async () => {
    const s = scripted([answer(502, { 'retry-after': '0' })]);
    const err = await failureOf(sendWithRetries(s.attempt, RULES));
    expect(err).toBeInstanceOf(SourceReadError);
    expect((err as SourceReadError).message).toBe('Billing GET /x answered HTTP 502 (gave up after 3 attempts)');
    expect(err).toMatchObject({ retryable: true, status: 502, fix: 'check the billing' });
    expect(s.calls()).toBe(3);
  });

  it('words answers and cleans network messages as the client asks', async () => {
    const status = await failureOf(sendWithRetries(scripted([answer(500)]).attempt, { ...RULES, maxRetries: 0, answered: (n) => `answered ${n}` }));
    expect(status.message).toBe('Billing GET /x answered 500 (gave up after 1 attempts)');
    const network = await failureOf(
      sendWithRetries(scripted([new HttpNetworkError('GET http://billing/x?key=k1: timeout')]).attempt, {
        ...RULES,
        maxRetries: 0,
        clean: (m) => m.replace('k1', '[redacted]'),
      }),
    );
    expect(network.message).toBe('Billing GET /x failed: GET http://billing/x?key=[redacted]: timeout (gave up after 1 attempts)');
  });

  it('lets any other error through at once', async () => {
    const s = scripted([new TypeError('a bug')]);
    await expect(sendWithRetries(s.attempt, RULES)).rejects.toThrow(TypeError);
    expect(s.calls()).toBe(1);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const s = scripted([answer(503)]);
    const pending = sendWithRetries(s.attempt, { ...RULES, retryBaseMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled')), 10);
    await expect(pending).rejects.toThrow('cancelled');
    expect(s.calls()).toBe(1);
  });
});
